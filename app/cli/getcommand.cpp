#include "getcommand.h"

#include "core/keyescape.h"
#include "decodedfields.h"
#include "jsonwriter.h"
#include "keyformat.h"

#include <cstdio>

namespace cachescope::cli {

namespace {

bool isCollection(KeyType type)
{
    return type == KeyType::Hash || type == KeyType::List || type == KeyType::Set || type == KeyType::ZSet ||
           type == KeyType::Stream;
}

// Elements per logical item in KeyValue::elements (see keytypes.h).
int stride(KeyType type)
{
    return type == KeyType::Hash || type == KeyType::ZSet || type == KeyType::Stream ? 2 : 1;
}

// Scans can repeat a member; lists and streams are read by offset and may hold equal values.
bool deduplicates(KeyType type)
{
    return type == KeyType::Hash || type == KeyType::Set || type == KeyType::ZSet;
}

void appendScore(QByteArray &out, const QByteArray &score)
{
    bool ok = false;
    const double v = score.toDouble(&ok);
    if (ok && qIsFinite(v))
        out.append(score);
    else
        json::appendString(out, score); // "inf", "-inf"
}

QString unitsOf(KeyType type)
{
    switch (type) {
    case KeyType::String:
        return QStringLiteral("bytes");
    case KeyType::Hash:
        return QStringLiteral("fields");
    case KeyType::Stream:
        return QStringLiteral("entries");
    default:
        return QStringLiteral("elements");
    }
}

} // namespace

GetCommand::GetCommand(const ConnectionSpec &spec, const GetOptions &options, QObject *parent)
    : CliCommand(spec, parent), m_options(options)
{
    connect(connector(), &Connector::metaReady, this, &GetCommand::onMetaReady);
    connect(connector(), &Connector::valueReady, this, &GetCommand::onValueReady);
    connect(connector(), &Connector::requestFailed, this, &GetCommand::onRequestFailed);
}

void GetCommand::start()
{
    // Size comes from fetchMeta (MEMORY USAGE); the value request follows its answer.
    m_metaId = host().fetchMeta({m_options.key});
}

void GetCommand::onMetaReady(quint64 id, const QList<KeyMeta> &meta)
{
    if (id != m_metaId)
        return;
    touch();
    if (!meta.isEmpty())
        m_meta = meta.constFirst();
    if (m_meta.type == KeyType::Missing || m_meta.ttlMs == KeyMissing) {
        notFound();
        return;
    }
    requestPage(QByteArrayLiteral("0"));
}

void GetCommand::requestPage(const QByteArray &cursor)
{
    ValueRequest request;
    request.key = m_options.key;
    request.byteLimit = m_options.byteLimit;
    request.cursor = cursor;
    m_valueId = host().fetchValue(request);
}

void GetCommand::onValueReady(quint64 id, const KeyValue &value)
{
    if (id != m_valueId)
        return;
    touch();
    if (!m_haveFirstPage) {
        if (!value.exists()) {
            notFound();
            return;
        }
        m_haveFirstPage = true;
        m_value = value;
        m_value.elements.clear();
        if (!isCollection(value.type))
            m_decoded = ValueDecoder::decode(value.data, cliDecodeContext(spec().backend, value,
                                                                           {m_options.serializer, m_options.memcachedClient}));
        if (!m_options.json && !m_options.quiet)
            printHeader(value, m_decoded ? &*m_decoded : nullptr);
        if (!m_options.json && !isCollection(value.type)) {
            const bool python = m_decoded && !m_options.raw && m_decoded->ok() &&
                                (m_decoded->format == ValueFormat::Pickle ||
                                 m_decoded->format == ValueFormat::Msgpack);
            if (python) {
                out().append(m_decoded->repr.toUtf8());
                out().append('\n');
            } else {
                out().append(value.data);
            }
            out().flush();
        }
    }
    takeElements(value);
    if (stopIfBroken())
        return;
    if (isCollection(m_value.type) && !value.nextCursor.isEmpty()) {
        requestPage(value.nextCursor);
        return;
    }
    if (m_options.json)
        writeJson();
    out().flush();
    if (!stopIfBroken())
        finish(ExitOk);
}

void GetCommand::takeElements(const KeyValue &page)
{
    const int n = stride(m_value.type);
    QList<QByteArray> fresh;
    fresh.reserve(page.elements.size());
    for (qsizetype i = 0; i + n <= page.elements.size(); i += n) {
        if (deduplicates(m_value.type)) {
            if (m_seen.contains(page.elements.at(i)))
                continue;
            m_seen.insert(page.elements.at(i));
        }
        for (int k = 0; k < n; ++k)
            fresh.append(page.elements.at(i + k));
    }
    if (m_options.json)
        m_elements.append(fresh);
    else
        writePlainElements(fresh, m_value.type);
}

void GetCommand::writePlainElements(const QList<QByteArray> &elements, KeyType type)
{
    const int n = stride(type);
    QByteArray &buf = out().buffer();
    for (qsizetype i = 0; i + n <= elements.size(); i += n) {
        for (int k = 0; k < n; ++k) {
            if (k > 0)
                buf.append('\t');
            appendEscapedKey(buf, elements.at(i + k));
        }
        buf.append('\n');
        out().maybeFlush();
    }
    out().flush();
}

void GetCommand::onRequestFailed(quint64 id, const Error &error)
{
    if (id != m_metaId && id != m_valueId)
        return;
    if (error.kind == ErrorKind::NotFound) {
        notFound();
        return;
    }
    fail(error);
}

void GetCommand::notFound()
{
    if (m_options.json) {
        QByteArray &buf = out().buffer();
        JsonObject obj(buf);
        json::appendText(obj.field("key"), escapeKey(m_options.key));
        obj.field("key_hex").append('"');
        json::appendHexDigits(buf, m_options.key);
        buf.append('"');
        obj.field("exists").append("false");
        obj.field("type").append("\"none\"");
        obj.field("ttl").append("null");
        obj.field("size").append("null");
        obj.field("value").append("null");
        appendDjangoKey(obj, m_options.key);
        obj.close();
        buf.append('\n');
        out().flush();
    }
    printError(
        QStringLiteral("key '%1' not found in %2").arg(escapeKey(m_options.key), spec().displayAddress()));
    finish(ExitNotFound);
}

void GetCommand::printHeader(const KeyValue &first, const DecodedValue *decoded)
{
    QString ttl = describeTtl(first.ttlMs);
    if (first.expired)
        ttl += QStringLiteral(" (expired: Django reads it as a miss; not removed yet)");
    QString header = QStringLiteral("type: %1\nttl: %2\n").arg(keyTypeName(first.type), ttl);
    if (const QString django = describeDjangoKey(m_options.key); !django.isEmpty())
        header += QStringLiteral("django: %1\n").arg(django);
    // The DB cache table stores base64 text; length below counts the decoded bytes.
    if (m_meta.sizeBytes >= 0)
        header += spec().backend == BackendKind::DbCache
                      ? QStringLiteral("size: %1 bytes stored (base64)\n").arg(m_meta.sizeBytes)
                      : QStringLiteral("size: %1 bytes in memory\n").arg(m_meta.sizeBytes);
    header += QStringLiteral("length: %1 %2\n").arg(first.length).arg(unitsOf(first.type));
    if (spec().backend == BackendKind::Memcached)
        header += QStringLiteral("server: %1\nflags: %2\n").arg(first.server).arg(first.flags);
    if (first.truncated)
        header +=
            QStringLiteral("(showing the first %1 bytes; --limit -1 reads all)\n").arg(first.data.size());
    if (decoded) {
        header += QStringLiteral("encoding: %1\n").arg(decoded->chain.join(QStringLiteral(" → ")));
        if (!decoded->valueType.isEmpty())
            header += QStringLiteral("python type: %1\n").arg(decoded->valueType);
        for (const QString &reason : decoded->dangerReasons)
            header += QStringLiteral("DANGER: unpickling this would run code: %1 (CacheScope did not run it)\n")
                          .arg(reason);
        for (const QString &error : decoded->errors)
            header += QStringLiteral("decode error: %1\n").arg(error);
    }
    const QByteArray bytes = header.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

void GetCommand::writeJson()
{
    QByteArray &buf = out().buffer();
    const KeyValue &v = m_value;
    JsonObject obj(buf);
    json::appendText(obj.field("key"), escapeKey(m_options.key));
    obj.field("key_hex").append('"');
    json::appendHexDigits(buf, m_options.key);
    buf.append('"');
    obj.field("exists").append("true");
    json::appendText(obj.field("type"), keyTypeName(v.type));
    json::appendTtlSeconds(obj.field("ttl"), v.ttlMs);
    if (v.expired) // still stored past its expiry (DB cache table): ttl is 0
        obj.field("expired").append("true");
    if (m_meta.sizeBytes >= 0)
        obj.field("size").append(QByteArray::number(m_meta.sizeBytes));
    else
        obj.field("size").append("null");
    obj.field("length").append(QByteArray::number(v.length));
    if (spec().backend == BackendKind::Memcached) {
        // Which pool member answered, and the item flags the client library chose (pymemcache:
        // 0 bytes, 1 pickle, 2 int, 16 UTF-8 text) that the codec decodes by.
        json::appendText(obj.field("server"), v.server);
        obj.field("flags").append(QByteArray::number(v.flags));
    }

    const int n = stride(v.type);
    switch (v.type) {
    case KeyType::Hash:
        obj.field("value").append('{');
        for (qsizetype i = 0; i + 1 < m_elements.size(); i += 2) {
            if (i > 0)
                buf.append(", ", 2);
            // An object key must be text: a field name that is not UTF-8 appears escaped.
            const QByteArray &field = m_elements.at(i);
            if (QByteArrayView(field).isValidUtf8())
                json::appendString(buf, field);
            else
                json::appendText(buf, escapeKey(field));
            buf.append(": ", 2);
            json::appendBytes(buf, m_elements.at(i + 1));
        }
        buf.append('}');
        break;
    case KeyType::List:
    case KeyType::Set:
    case KeyType::ZSet:
    case KeyType::Stream:
        obj.field("value").append('[');
        for (qsizetype i = 0; i + n <= m_elements.size(); i += n) {
            if (i > 0)
                buf.append(", ", 2);
            if (v.type == KeyType::ZSet) {
                buf.append("{\"member\": ");
                json::appendBytes(buf, m_elements.at(i));
                buf.append(", \"score\": ");
                appendScore(buf, m_elements.at(i + 1));
                buf.append('}');
            } else if (v.type == KeyType::Stream) {
                buf.append("{\"id\": ");
                json::appendBytes(buf, m_elements.at(i));
                buf.append(", \"fields\": ");
                json::appendBytes(buf, m_elements.at(i + 1));
                buf.append('}');
            } else {
                json::appendBytes(buf, m_elements.at(i));
            }
        }
        buf.append(']');
        break;
    default:
        obj.field("truncated").append(v.truncated ? "true" : "false");
        if (QByteArrayView(v.data).isValidUtf8()) {
            json::appendString(obj.field("value"), v.data);
        } else {
            obj.field("value_hex").append('"');
            json::appendHexDigits(buf, v.data);
            buf.append('"');
        }
        break;
    }
    appendDjangoKey(obj, m_options.key);
    appendDecodedFields(obj, m_decoded ? &*m_decoded : nullptr);
    obj.close();
    buf.append('\n');
}

} // namespace cachescope::cli
