#include "namespacescommand.h"

#include "core/keyescape.h"
#include "jsonwriter.h"

namespace cachescope::cli {

namespace {

constexpr const char *TtlJsonNames[] = {"none", "le_1m", "le_1h", "le_1d", "gt_1d"};
constexpr const char *TtlHeaders[] = {"NO_EXPIRY", "TTL<=1M", "TTL<=1H", "TTL<=1D", "TTL>1D"};

QString versionText(const NamespaceRow &r)
{
    if (r.version == NamespaceIndex::OtherVersions)
        return QStringLiteral("other");
    return r.django ? QString::number(r.version) : QStringLiteral("-");
}

} // namespace

NamespacesCommand::NamespacesCommand(const ConnectionSpec &spec, const NamespacesOptions &options,
                                     QObject *parent)
    : CliCommand(spec, parent), m_options(options)
{
    connect(connector(), &Connector::keysFound, this,
            [this](quint64 id, const KeyBatch &batch, qint64) { onKeysFound(id, batch); });
    connect(connector(), &Connector::metaReady, this, &NamespacesCommand::onMetaReady);
    connect(connector(), &Connector::scanFinished, this, &NamespacesCommand::onScanFinished);
    connect(connector(), &Connector::requestFailed, this, &NamespacesCommand::onRequestFailed);
}

void NamespacesCommand::start()
{
    ScanRequest request;
    request.match = m_options.match;
    request.count = m_options.count;
    m_scanId = host().scanKeys(request);
    disableWatchdog(); // pages that match nothing are not reported
}

void NamespacesCommand::aborting()
{
    if (!m_scanDone)
        host().stopScan(m_scanId);
}

void NamespacesCommand::onKeysFound(quint64 id, const KeyBatch &batch)
{
    if (id != m_scanId || batch.isEmpty())
        return;
    touch();
    m_index.addBatch(batch);
    if (!m_options.sizes)
        return;
    QList<QByteArray> keys;
    keys.reserve(batch.size());
    for (qsizetype i = 0; i < batch.size(); ++i)
        keys.append(batch.at(i).toByteArray());
    m_metaIds.insert(host().fetchMeta(keys));
}

void NamespacesCommand::onMetaReady(quint64 id, const QList<KeyMeta> &meta)
{
    if (!m_metaIds.remove(id))
        return;
    touch();
    for (const KeyMeta &m : meta) {
        if (m.type == KeyType::Missing || m.ttlMs == KeyMissing) {
            m_index.removeKey(m.key); // gone between SCAN and the metadata read
            continue;
        }
        m_index.addMeta(m.key, m.ttlMs, m.sizeBytes);
    }
    finishIfDone();
}

void NamespacesCommand::onScanFinished(quint64 id, const ScanSummary &summary)
{
    if (id != m_scanId)
        return;
    touch();
    m_scanDone = true;
    if (!summary.complete) {
        fail(Error::make(ErrorKind::Internal,
                         QStringLiteral("the scan of %1 stopped after %2 keys without finishing")
                             .arg(spec().displayAddress())
                             .arg(summary.keysFound)));
        return;
    }
    finishIfDone();
}

void NamespacesCommand::onRequestFailed(quint64 id, const Error &error)
{
    if (id == m_scanId || m_metaIds.contains(id))
        fail(error);
}

void NamespacesCommand::finishIfDone()
{
    if (!m_scanDone || !m_metaIds.isEmpty())
        return;
    if (m_options.json)
        writeJson();
    else
        writeTable();
    out().flush();
    if (!stopIfBroken())
        finish(ExitOk);
}

void NamespacesCommand::writeTable()
{
    const std::vector<NamespaceRow> rows = m_index.ranking(false);
    QList<QStringList> table;
    QStringList head{QStringLiteral("NAMESPACE"), QStringLiteral("PREFIX"), QStringLiteral("VERSION"),
                     QStringLiteral("KEYS")};
    if (m_options.sizes) {
        head.append(QStringLiteral("BYTES"));
        for (const char *h : TtlHeaders)
            head.append(QLatin1StringView(h));
    }
    table.append(head);
    for (const NamespaceRow &r : rows) {
        const bool overflow = m_index.prefixes()[size_t(r.prefixIndex)].overflow;
        QStringList row{escapeKey(NamespaceIndex::pattern(r.prefix, r.django, r.version, overflow).toUtf8()),
                        overflow             ? QStringLiteral("-")
                        : r.prefix.isEmpty() ? QStringLiteral("''")
                                             : escapeKey(r.prefix),
                        versionText(r), QString::number(r.stats.keys)};
        if (m_options.sizes) {
            row.append(QString::number(r.stats.bytes));
            for (qint64 n : r.stats.ttl)
                row.append(QString::number(n));
        }
        table.append(row);
    }
    QList<qsizetype> widths(head.size(), 0);
    for (const QStringList &row : table)
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = qMax(widths[c], row[c].size());
    QByteArray &buf = out().buffer();
    for (const QStringList &row : table) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            const bool number = c >= 3;
            if (c > 0)
                line += QStringLiteral("  ");
            line += number ? row[c].rightJustified(widths[c]) : row[c].leftJustified(widths[c]);
        }
        buf.append(line.trimmed().toUtf8()).append('\n');
    }
    buf.append(
        QStringLiteral("%1 keys in %2 namespaces\n").arg(m_index.total().keys).arg(rows.size()).toUtf8());
}

void NamespacesCommand::writeJson()
{
    QByteArray &buf = out().buffer();
    JsonObject obj(buf);
    obj.field("total_keys").append(QByteArray::number(m_index.total().keys));
    if (m_options.sizes)
        obj.field("total_bytes").append(QByteArray::number(m_index.total().bytes));
    QByteArray &list = obj.field("namespaces");
    list.append('[');
    bool first = true;
    for (const NamespaceRow &r : m_index.ranking(false)) {
        if (!first)
            list.append(", ", 2);
        first = false;
        const bool overflow = m_index.prefixes()[size_t(r.prefixIndex)].overflow;
        JsonObject ns(list);
        json::appendText(ns.field("pattern"),
                         NamespaceIndex::pattern(r.prefix, r.django, r.version, overflow));
        if (overflow)
            ns.field("prefix").append("null");
        else
            json::appendText(ns.field("prefix"), escapeKey(r.prefix));
        ns.field("django").append(r.django ? "true" : "false");
        if (r.django && r.version != NamespaceIndex::OtherVersions)
            ns.field("version").append(QByteArray::number(r.version));
        else
            ns.field("version").append("null");
        ns.field("keys").append(QByteArray::number(r.stats.keys));
        if (m_options.sizes) {
            ns.field("bytes").append(QByteArray::number(r.stats.bytes));
            ns.field("sized_keys").append(QByteArray::number(r.stats.sizedKeys));
            QByteArray &ttl = ns.field("ttl");
            JsonObject t(ttl);
            for (size_t i = 0; i < r.stats.ttl.size(); ++i)
                t.field(TtlJsonNames[i]).append(QByteArray::number(r.stats.ttl[i]));
            t.close();
        } else {
            ns.field("bytes").append("null");
            ns.field("ttl").append("null");
        }
        ns.close();
    }
    list.append(']');
    obj.close();
    buf.append('\n');
}

} // namespace cachescope::cli
