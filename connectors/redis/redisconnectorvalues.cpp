// RedisConnector::fetchValue: reading one value, or one page of a collection.
// Kept apart from redisconnector.cpp so each file reads in one sitting.

#include "redisconnector.h"
#include "respclient.h"
#include "respvalue.h"

namespace cachescope {

namespace {

// The stream entry id right after `id` ("1700000000000-5" -> "1700000000000-6"), so the
// next XRANGE page starts past it on every Redis version ("(" ranges need 6.2).
QByteArray nextStreamId(const QByteArray &id)
{
    const qsizetype dash = id.indexOf('-');
    if (dash < 0)
        return id + "-1";
    const quint64 seq = id.mid(dash + 1).toULongLong();
    return id.left(dash + 1) + QByteArray::number(seq + 1);
}

// Offset cursors (lists, sorted sets) are decimal text; "0" starts at the beginning.
qint64 offsetCursor(const QByteArray &cursor)
{
    bool ok = false;
    const qint64 n = cursor.toLongLong(&ok);
    return ok && n > 0 ? n : 0;
}

} // namespace

void RedisConnector::fetchValue(quint64 id, const ValueRequest &request)
{
    whenOpen(id, false, [this, id, request] {
        pipeline({{"TYPE", request.key}, {"PTTL", request.key}}, [this, id, request](const Replies &replies) {
            if (!replies)
                return Q_EMIT requestFailed(id, replies.error());
            const RespValue &type = replies->at(0);
            if (type.isError())
                return Q_EMIT requestFailed(id, serverError(type, QStringLiteral("read the type of a key")));
            KeyValue value;
            value.key = request.key;
            value.type = keyTypeFromName(type.str);
            const RespValue &ttl = replies->at(1);
            if (ttl.isInteger())
                value.ttlMs = ttl.integer < 0 ? (ttl.integer == -1 ? NoExpiry : KeyMissing) : ttl.integer;
            if (value.type == KeyType::Missing) {
                value.ttlMs = KeyMissing;
                return Q_EMIT valueReady(id, value);
            }
            readCollection(id, std::move(value), request);
        });
    });
}

void RedisConnector::readCollection(quint64 id, KeyValue value, const ValueRequest &request)
{
    const QByteArray &key = request.key;
    const int page = qMax(1, request.pageSize);
    const QByteArray cursor = request.cursor.isEmpty() ? QByteArray("0") : request.cursor;
    const qint64 offset = offsetCursor(cursor);
    const QByteArray count = QByteArray::number(page);
    QList<Command> commands;
    switch (value.type) {
    case KeyType::String:
        commands.append({"STRLEN", key});
        if (request.byteLimit < 0)
            commands.append({"GET", key});
        else if (request.byteLimit > 0)
            commands.append({"GETRANGE", key, "0", QByteArray::number(request.byteLimit - 1)});
        break;
    case KeyType::Hash:
        commands = {{"HLEN", key}, {"HSCAN", key, cursor, "COUNT", count}};
        break;
    case KeyType::Set:
        commands = {{"SCARD", key}, {"SSCAN", key, cursor, "COUNT", count}};
        break;
    case KeyType::List:
        commands = {{"LLEN", key}, {"LRANGE", key, QByteArray::number(offset), QByteArray::number(offset + page - 1)}};
        break;
    case KeyType::ZSet:
        // By rank, in score order (what a person expects to see), with an offset cursor.
        commands = {{"ZCARD", key},
                    {"ZRANGE", key, QByteArray::number(offset), QByteArray::number(offset + page - 1), "WITHSCORES"}};
        break;
    case KeyType::Stream:
        commands = {{"XLEN", key}, {"XRANGE", key, cursor == "0" ? QByteArray("-") : cursor, "+", "COUNT", count}};
        break;
    default:
        // Module types and anything newer: the type and TTL are all we can show.
        return Q_EMIT valueReady(id, value);
    }

    pipeline(commands, [this, id, value = std::move(value), offset, page](const Replies &replies) mutable {
        if (!replies)
            return Q_EMIT requestFailed(id, replies.error());
        for (const RespValue &r : *replies) {
            if (r.isError())
                return Q_EMIT requestFailed(id, serverError(r, QStringLiteral("read the value of a key")));
        }
        value.length = replies->at(0).toInteger();
        if (replies->size() < 2) {   // a string read with byteLimit 0
            value.truncated = value.length > 0;
            return Q_EMIT valueReady(id, value);
        }
        const RespValue &body = replies->at(1);
        switch (value.type) {
        case KeyType::String:
            value.data = body.str;
            value.truncated = value.length > value.data.size();
            break;
        case KeyType::Hash:
        case KeyType::Set:
            if (body.elements.size() == 2) {
                const QByteArray next = body.elements.at(0).str;
                value.nextCursor = next == "0" ? QByteArray() : next;
                for (const RespValue &e : body.elements.at(1).elements)
                    value.elements.append(e.str);
            }
            break;
        case KeyType::List:
        case KeyType::ZSet: {
            for (const RespValue &e : body.elements)
                value.elements.append(e.str);
            const qsizetype members = value.type == KeyType::ZSet ? value.elements.size() / 2 : value.elements.size();
            if (members == page && offset + page < value.length)
                value.nextCursor = QByteArray::number(offset + page);
            break;
        }
        case KeyType::Stream: {
            QByteArray lastId;
            for (const RespValue &entry : body.elements) {
                if (entry.elements.size() != 2)
                    continue;
                lastId = entry.elements.at(0).str;
                QByteArray fields;
                const QList<RespValue> &fv = entry.elements.at(1).elements;
                for (qsizetype i = 0; i + 1 < fv.size(); i += 2) {
                    if (!fields.isEmpty())
                        fields += ' ';
                    fields += fv.at(i).str + '=' + fv.at(i + 1).str;
                }
                value.elements.append(lastId);
                value.elements.append(fields);
            }
            if (body.elements.size() == page)
                value.nextCursor = nextStreamId(lastId);
            break;
        }
        default:
            break;
        }
        Q_EMIT valueReady(id, value);
    });
}

} // namespace cachescope
