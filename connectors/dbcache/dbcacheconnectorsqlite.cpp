// DbCacheConnector on SQLite: the listing and fetchMeta through SqlitePageReader instead of
// QtSql (see sqlitepagereader.h for why). Same pages, same signals, same errors as the
// QtSql path in dbcacheconnector.cpp, which PostgreSQL and MySQL still use.

#include "core/globmatch.h"
#include "dbcacheconnector.h"

namespace cachescope {

namespace {

constexpr qsizetype InBatch = 500; // as dbcacheconnector.cpp: keys per IN (...) list

} // namespace

bool DbCacheConnector::ensurePageReader(const QString &doing, Error *error)
{
    if (m_pages.isOpen())
        return true;
    // The QtSql connection opened first and checked that the file and the table exist.
    if (m_pages.open(spec().database, spec().commandTimeoutMs))
        return true;
    *error = queryError(m_pages.lastError(), doing);
    return false;
}

void DbCacheConnector::scanSqlitePage(quint64 id)
{
    auto it = m_scans.find(id);
    const QString doing = QStringLiteral("list the keys");
    Error error;
    if (!ensurePageReader(doing, &error))
        return finishScan(id, false, &error);
    const bool like = !it->like.like.isEmpty();
    KeyBatch batch;
    batch.reserve(it->pageSize, qsizetype(it->pageSize) * 48);
    QByteArray last;
    const int rows =
        m_pages.readKeys(m_dialect.scanSql(it->started, like, false), it->started ? &it->afterKey : nullptr,
                         it->like.like.toUtf8(), it->pageSize, it->glob, it->like.everything, &batch, &last);
    if (rows < 0) {
        error = queryError(m_pages.lastError(), doing);
        return finishScan(id, false, &error);
    }
    ++it->pages;
    it->found += batch.size();
    const bool done = rows < it->pageSize;
    if (!done) {
        it->afterKey = last;
        it->started = true;
    }
    deliverScanPage(id, batch, it->found, done);
}

void DbCacheConnector::fetchSqliteMeta(quint64 id, const QList<QByteArray> &keys)
{
    const QString doing = QStringLiteral("read expiry and size");
    Error error;
    if (!ensurePageReader(doing, &error))
        return Q_EMIT requestFailed(id, error);
    QHash<QByteArray, KeyMeta> found;
    found.reserve(keys.size());
    const qint64 now = nowMs();
    const auto onRow = [&](QByteArrayView key, QByteArrayView expiresText, qint64 valueLength) {
        KeyMeta meta;
        meta.key = key.toByteArray();
        meta.type = KeyType::String;
        qint64 expires = 0;
        if (m_dialect.expiresMs(expiresText, &expires)) {
            if (expires == NoExpiry) {
                meta.ttlMs = NoExpiry;
            } else if (expires <= now) {
                meta.ttlMs = 0;
                meta.expired = true;
            } else {
                meta.ttlMs = expires - now;
            }
        }
        meta.sizeBytes = valueLength;
        found.insert(meta.key, meta);
    };
    for (qsizetype from = 0; from < keys.size(); from += InBatch) {
        const qsizetype n = qMin(InBatch, keys.size() - from);
        if (!m_pages.readMeta(m_dialect.metaSql(n), keys, from, n, onRow))
            return Q_EMIT requestFailed(id, queryError(m_pages.lastError(), doing));
    }
    Q_EMIT metaReady(id, metasInOrder(keys, found));
}

} // namespace cachescope
