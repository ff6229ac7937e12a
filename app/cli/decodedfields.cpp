#include "decodedfields.h"

#include "codec/djangokey.h"
#include "core/keyescape.h"

namespace cachescope::cli {

DecodeContext cliDecodeContext(BackendKind backend, const KeyValue &value, const DecodeSettings &settings)
{
    DecodeContext ctx = decodeContextFor(backend, value, settings);
    ctx.maxReprChars = 64 * 1024 * 1024;
    return ctx;
}

void appendDjangoKey(JsonObject &obj, QByteArrayView key)
{
    const DjangoKey k = DjangoKeyParser::parse(key);
    QByteArray &buf = obj.field("django");
    if (!k.isDjango()) {
        buf.append("null");
        return;
    }
    JsonObject d(buf);
    json::appendText(d.field("prefix"), escapeKey(k.prefix));
    d.field("version").append(QByteArray::number(k.version));
    json::appendText(d.field("key"), escapeKey(k.userKey));
    json::appendText(d.field("kind"), DjangoKeyParser::kindName(k.kind));
    d.close();
}

void appendDecodedFields(JsonObject &obj, const DecodedValue *decoded)
{
    QByteArray &buf = obj.field("encoding");
    buf.append('[');
    if (decoded) {
        for (qsizetype i = 0; i < decoded->chain.size(); ++i) {
            if (i > 0)
                buf.append(", ", 2);
            json::appendText(buf, decoded->chain.at(i));
        }
    }
    buf.append(']');
    const bool haveValue = decoded && decoded->ok() && !decoded->valueType.isEmpty();
    if (haveValue)
        json::appendText(obj.field("value_type"), decoded->valueType);
    else
        obj.field("value_type").append("null");
    if (haveValue)
        json::appendText(obj.field("python"), decoded->repr);
    else
        obj.field("python").append("null");
    if (!decoded)
        return;
    obj.field("python_truncated").append(decoded->reprTruncated ? "true" : "false");
    obj.field("dangerous").append(decoded->dangerous ? "true" : "false");
    if (decoded->dangerous) {
        QByteArray &d = obj.field("danger");
        d.append('[');
        for (qsizetype i = 0; i < decoded->dangerReasons.size(); ++i) {
            if (i > 0)
                d.append(", ", 2);
            json::appendText(d, decoded->dangerReasons.at(i));
        }
        d.append(']');
    }
    if (!decoded->ok()) {
        QByteArray &e = obj.field("decode_errors");
        e.append('[');
        for (qsizetype i = 0; i < decoded->errors.size(); ++i) {
            if (i > 0)
                e.append(", ", 2);
            json::appendText(e, decoded->errors.at(i));
        }
        e.append(']');
    }
}

QString describeDjangoKey(QByteArrayView key)
{
    const DjangoKey k = DjangoKeyParser::parse(key);
    if (!k.isDjango())
        return {};
    return QStringLiteral("prefix '%1', version %2, key '%3' (%4)")
        .arg(escapeKey(k.prefix))
        .arg(k.version)
        .arg(escapeKey(k.userKey), DjangoKeyParser::kindName(k.kind));
}

} // namespace cachescope::cli
