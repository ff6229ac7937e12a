#include "respvalue.h"

#include <hiredis/hiredis.h>

namespace cachescope {

RespValue RespValue::fromReply(const redisReply *reply)
{
    RespValue v;
    if (!reply)
        return v;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        v.kind = Kind::String;
        v.str = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        v.kind = Kind::Status;
        v.str = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        v.kind = Kind::Error;
        v.str = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        v.kind = Kind::Integer;
        v.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        v.kind = Kind::Array;
        v.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            v.elements.append(fromReply(reply->element[i]));
        break;
    default:
        break;
    }
    return v;
}

qint64 RespValue::toInteger(qint64 fallback) const
{
    if (kind == Kind::Integer)
        return integer;
    if (kind == Kind::String || kind == Kind::Status) {
        bool ok = false;
        const qint64 n = str.toLongLong(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

QByteArray RespValue::debugText() const
{
    switch (kind) {
    case Kind::Nil: return "(nil)";
    case Kind::String: return '"' + str + '"';
    case Kind::Status: return str;
    case Kind::Error: return "(error) " + str;
    case Kind::Integer: return QByteArray::number(integer);
    case Kind::Array: {
        QByteArray out = "[";
        for (qsizetype i = 0; i < elements.size(); ++i) {
            if (i)
                out += ", ";
            out += elements.at(i).debugText();
        }
        return out + ']';
    }
    }
    return QByteArray();
}

} // namespace cachescope
