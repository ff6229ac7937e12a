#include "keyscommand.h"

#include "jsonwriter.h"
#include "keyformat.h"

#include <algorithm>
#include <cstring>

namespace cachescope::cli {

KeysCommand::KeysCommand(const ConnectionSpec &spec, const KeysOptions &options, QObject *parent)
    : CliCommand(spec, parent), m_options(options)
{
    connect(connector(), &Connector::keysFound, this,
            [this](quint64 id, const KeyBatch &batch, qint64) { onKeysFound(id, batch); });
    connect(connector(), &Connector::metaReady, this, &KeysCommand::onMetaReady);
    connect(connector(), &Connector::scanFinished, this, &KeysCommand::onScanFinished);
    connect(connector(), &Connector::requestFailed, this, &KeysCommand::onRequestFailed);
}

void KeysCommand::start()
{
    ScanRequest request;
    request.match = m_options.match;
    request.count = m_options.count;
    request.metaWanted = m_options.json && m_options.meta;
    m_scanning = true;
    m_scanId = host().scanKeys(request);
    // A scan with a rare --match can go a long time without a page to show.
    disableWatchdog();
}

void KeysCommand::aborting()
{
    if (m_scanning && !m_scanDone)
        host().stopScan(m_scanId);
}

void KeysCommand::onKeysFound(quint64 id, const KeyBatch &batch)
{
    if (id != m_scanId)
        return;
    touch();
    if (batch.isEmpty())
        return;
    if (!m_options.json) {
        writePlain(batch);
    } else if (!m_options.meta) {
        writeJson(batch, {});
    } else {
        QList<QByteArray> keys;
        keys.reserve(batch.size());
        for (qsizetype i = 0; i < batch.size(); ++i)
            keys.append(batch.at(i).toByteArray());
        PendingPage page;
        page.keys = batch;
        page.metaId = host().fetchMeta(keys);
        m_pending.push_back(std::move(page));
        return;
    }
    out().flush();
    stopIfBroken();
}

void KeysCommand::onMetaReady(quint64 id, const QList<KeyMeta> &meta)
{
    for (PendingPage &page : m_pending) {
        if (page.metaId == id) {
            touch();
            page.meta = meta;
            page.ready = true;
            writeReadyPages();
            return;
        }
    }
}

void KeysCommand::writeReadyPages()
{
    bool wrote = false;
    while (!m_pending.empty() && m_pending.front().ready) {
        writeJson(m_pending.front().keys, m_pending.front().meta);
        m_pending.pop_front();
        wrote = true;
    }
    if (!wrote)
        return;
    out().flush();
    if (!stopIfBroken())
        finishIfDone();
}

void KeysCommand::onScanFinished(quint64 id, const ScanSummary &summary)
{
    if (id != m_scanId)
        return;
    touch();
    m_scanDone = true;
    // A listing that may be partial (capped memcached fallback, a pool member down) says so
    // on stderr; stdout stays a clean list of keys.
    if (!summary.warning.isEmpty()) {
        out().flush();
        const QStringList lines = summary.warning.split(u'\n');
        for (const QString &line : lines)
            printError(QStringLiteral("warning: %1").arg(line));
    }
    if (!summary.complete) {
        // requestFailed() came first when an error ended it; this covers a scan stopped otherwise.
        fail(Error::make(ErrorKind::Internal,
                         QStringLiteral("the scan of %1 stopped after %2 keys without finishing")
                             .arg(spec().displayAddress())
                             .arg(summary.keysFound)));
        return;
    }
    finishIfDone();
}

void KeysCommand::onRequestFailed(quint64 id, const Error &error)
{
    const bool ours = id == m_scanId || std::any_of(m_pending.begin(), m_pending.end(),
                                                    [id](const PendingPage &p) { return p.metaId == id; });
    if (ours)
        fail(error);
}

void KeysCommand::finishIfDone()
{
    if (m_scanDone && m_pending.empty())
        finish(ExitOk);
}

void KeysCommand::writePlain(const KeyBatch &batch)
{
    QByteArray &buf = out().buffer();
    const QByteArray &blob = batch.blob();
    if (isPlainAscii(blob)) {
        // The usual page: no key needs escaping (nor holds a newline), so the page is copied
        // key by key into space made once, without a QByteArray::append per key.
        const qsizetype at = buf.size();
        buf.resize(at + blob.size() + batch.size());
        char *dst = buf.data() + at;
        const char *src = blob.constData();
        quint32 begin = 0;
        for (const quint32 end : batch.ends()) {
            std::memcpy(dst, src + begin, end - begin);
            dst += end - begin;
            *dst++ = '\n';
            begin = end;
        }
        return;
    }
    // One allocation per page at most: the blob plus a newline per key, room for a few escapes.
    buf.reserve(buf.size() + batch.blob().size() + batch.size() * 2);
    for (qsizetype i = 0; i < batch.size(); ++i) {
        appendEscapedKey(buf, batch.at(i));
        buf.append('\n');
    }
}

void KeysCommand::writeJson(const KeyBatch &batch, const QList<KeyMeta> &meta)
{
    QByteArray &buf = out().buffer();
    QByteArray escaped;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const QByteArrayView key = batch.at(i);
        JsonObject obj(buf);
        escaped.resize(0);
        appendEscapedKey(escaped, key);
        json::appendString(obj.field("key"), escaped);
        obj.field("key_hex").append('"');
        json::appendHexDigits(buf, key);
        buf.append('"');
        if (m_options.meta) {
            // metaReady answers in request order; an answer of the wrong length leaves fields null.
            const KeyMeta *m = i < meta.size() ? &meta.at(i) : nullptr;
            const QString type = m ? keyTypeName(m->type) : QString();
            if (type.isEmpty())
                obj.field("type").append("null");
            else
                json::appendText(obj.field("type"), type);
            json::appendTtlSeconds(obj.field("ttl"), m ? m->ttlMs : TtlUnknown);
            if (m && m->expired) // still stored past its expiry (DB cache table): ttl is 0
                obj.field("expired").append("true");
            if (m && m->sizeBytes >= 0)
                obj.field("size").append(QByteArray::number(m->sizeBytes));
            else
                obj.field("size").append("null");
            if (spec().backend == BackendKind::Memcached) {
                if (m && !m->server.isEmpty())
                    json::appendText(obj.field("server"), m->server);
                else
                    obj.field("server").append("null");
            }
        }
        obj.close();
        buf.append('\n');
        out().maybeFlush();
    }
}

} // namespace cachescope::cli
