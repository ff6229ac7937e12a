// DbCacheConnector: one row's value, the writes, and the table statistics.
// Kept apart from dbcacheconnector.cpp so each file reads in one sitting.

#include "dbcacheconnector.h"

#include <QSqlError>
#include <QSqlQuery>

namespace cachescope {

namespace {

// Decoded size of base64 text of `chars` characters whose last two are `tail`.
qint64 decodedLength(qint64 chars, const QString &tail)
{
    qint64 pad = 0;
    if (tail.endsWith(QStringLiteral("==")))
        pad = 2;
    else if (tail.endsWith(u'='))
        pad = 1;
    return chars / 4 * 3 - pad;
}

} // namespace

void DbCacheConnector::fetchValue(quint64 id, const ValueRequest &request)
{
    if (!ensureOpen(id))
        return;
    // Only the base64 characters needed for byteLimit decoded bytes cross the wire:
    // 4 characters per 3 bytes, so a prefix that is a multiple of 4 decodes on its own.
    const bool whole = request.byteLimit < 0;
    QVariantList values;
    if (!whole)
        values.append((request.byteLimit + 2) / 3 * 4);
    values.append(QString::fromUtf8(request.key));
    auto r = run(m_dialect.valueSql(whole), values, QStringLiteral("read a value"));
    if (!r)
        return Q_EMIT requestFailed(id, r.error());
    QSqlQuery &q = r.value();

    KeyValue value;
    value.key = request.key;
    if (!q.next()) {
        value.type = KeyType::Missing;
        value.ttlMs = KeyMissing;
        return Q_EMIT valueReady(id, value);
    }
    value.type = KeyType::String;
    qint64 expires = 0;
    const qint64 now = nowMs();
    if (m_dialect.expiresMs(q.value(0), &expires)) {
        value.ttlMs = expires == NoExpiry ? NoExpiry : qMax<qint64>(0, expires - now);
        value.expired = expires != NoExpiry && expires <= now;
    }
    const qint64 chars = q.value(1).toLongLong();
    const QByteArray text = q.value(2).toString().toLatin1();
    const QString tail = whole ? q.value(2).toString().right(2) : q.value(3).toString();
    auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || chars % 4 != 0)
        return Q_EMIT requestFailed(
            id,
            Error::make(ErrorKind::Protocol,
                        QStringLiteral("the value of key '%1' in %2 is not base64 (Django's DatabaseCache "
                                       "writes base64 of a pickle)")
                            .arg(QString::fromUtf8(request.key), who())));
    value.length = decodedLength(chars, tail);
    value.data = std::move(*decoded);
    if (!whole && value.data.size() > request.byteLimit)
        value.data.truncate(request.byteLimit);
    value.truncated = value.data.size() < value.length;
    Q_EMIT valueReady(id, value);
}

void DbCacheConnector::doDeleteKeys(quint64 id, const QList<QByteArray> &keys)
{
    if (keys.isEmpty())
        return Q_EMIT keysDeleted(id, 0, 0);
    if (!ensureOpen(id))
        return;
    // One transaction: a selection is deleted whole or not at all.
    if (!m_db.transaction())
        return Q_EMIT requestFailed(id, queryError(m_db.lastError(), QStringLiteral("start a transaction")));
    qint64 deleted = 0;
    for (qsizetype from = 0; from < keys.size(); from += DeleteBatch) {
        const qsizetype n = qMin<qsizetype>(DeleteBatch, keys.size() - from);
        QVariantList values;
        values.reserve(n);
        for (qsizetype i = from; i < from + n; ++i)
            values.append(QString::fromUtf8(keys.at(i)));
        auto r = run(m_dialect.deleteSql(n), values, QStringLiteral("delete keys"));
        if (!r) {
            if (m_open)
                m_db.rollback();
            return Q_EMIT requestFailed(id, r.error());
        }
        deleted += qMax(0, r.value().numRowsAffected());
    }
    if (!m_db.commit()) {
        const Error error = queryError(m_db.lastError(), QStringLiteral("commit the deletion"));
        if (m_open)
            m_db.rollback();
        return Q_EMIT requestFailed(id, error);
    }
    Q_EMIT keysDeleted(id, deleted, keys.size());
}

void DbCacheConnector::doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs)
{
    if (ttlMs <= 0 && ttlMs != NoExpiry)
        return Q_EMIT requestFailed(
            id, Error::make(ErrorKind::Usage,
                            QStringLiteral("A TTL must be positive (or none to remove the expiry)")));
    if (!ensureOpen(id))
        return;
    const QVariant expires = m_dialect.expiresParam(ttlMs == NoExpiry ? NoExpiry : nowMs() + ttlMs);
    auto r =
        run(m_dialect.setExpiresSql(), {expires, QString::fromUtf8(key)}, QStringLiteral("change the TTL"));
    if (!r)
        return Q_EMIT requestFailed(id, r.error());
    Q_EMIT ttlChanged(id, key, r.value().numRowsAffected() > 0);
}

void DbCacheConnector::doRemoveExpired(quint64 id)
{
    if (!ensureOpen(id))
        return;
    // "Now" is fixed once: rows that expire while this runs are left for the next time,
    // so the loop always ends.
    removeExpiredBatch(id, m_dialect.expiresParam(nowMs()), 0);
}

void DbCacheConnector::removeExpiredBatch(quint64 id, const QVariant &now, qint64 removedSoFar)
{
    if (!m_open) {
        // The connection dropped between batches (connectionLost was emitted then).
        return Q_EMIT requestFailed(
            id, Error::make(ErrorKind::Connect, QStringLiteral("lost the connection to %1 after removing %2 "
                                                               "expired rows")
                                                    .arg(who())
                                                    .arg(removedSoFar)));
    }
    // Each batch commits by itself: a long clean-up never holds the table locked.
    auto r = run(m_dialect.removeExpiredSql(DeleteBatch), {now}, QStringLiteral("remove expired rows"));
    if (!r) {
        Error error = r.error();
        if (removedSoFar > 0)
            error.message += QStringLiteral(" (%1 expired rows were removed before that)").arg(removedSoFar);
        return Q_EMIT requestFailed(id, error);
    }
    const int n = qMax(0, r.value().numRowsAffected());
    removedSoFar += n;
    if (n < DeleteBatch)
        return Q_EMIT keysDeleted(id, removedSoFar, removedSoFar);
    QMetaObject::invokeMethod(
        this, [this, id, now, removedSoFar] { removeExpiredBatch(id, now, removedSoFar); },
        Qt::QueuedConnection);
}

Expected<qint64> DbCacheConnector::sizeOnDisk(QString *scope)
{
    const QString bare = spec().table.section(u'.', -1);
    switch (spec().sqlDriver) {
    case SqlDriver::Sqlite: {
        // dbstat (when SQLite was built with it) measures the table's own b-trees.
        auto r = run(QStringLiteral("SELECT SUM(pgsize) FROM dbstat WHERE aggregate = TRUE AND name IN "
                                    "(SELECT name FROM sqlite_master WHERE tbl_name = ?)"),
                     {bare}, QStringLiteral("measure the table"));
        if (r && r.value().next() && !r.value().value(0).isNull()) {
            *scope = QStringLiteral("table and indexes");
            return r.value().value(0).toLongLong();
        }
        auto count = run(QStringLiteral("PRAGMA page_count"), {}, QStringLiteral("measure the database"));
        if (!count)
            return count.error();
        auto size = run(QStringLiteral("PRAGMA page_size"), {}, QStringLiteral("measure the database"));
        if (!size)
            return size.error();
        if (!count.value().next() || !size.value().next())
            return qint64(-1);
        *scope = QStringLiteral("whole database file");
        return count.value().value(0).toLongLong() * size.value().value(0).toLongLong();
    }
    case SqlDriver::Postgres: {
        // The quoted name parses back to the same relation; it is a bound value, not SQL.
        auto r = run(QStringLiteral("SELECT pg_total_relation_size(CAST(? AS regclass))"),
                     {m_dialect.table()}, QStringLiteral("measure the table"));
        if (!r)
            return r.error();
        *scope = QStringLiteral("table, indexes and TOAST");
        return r.value().next() ? r.value().value(0).toLongLong() : qint64(-1);
    }
    case SqlDriver::Mysql: {
        auto r = run(QStringLiteral("SELECT data_length + index_length FROM information_schema.tables WHERE "
                                    "table_schema = DATABASE() AND table_name = ?"),
                     {bare}, QStringLiteral("measure the table"));
        if (!r)
            return r.error();
        *scope = QStringLiteral("table and indexes");
        return r.value().next() ? r.value().value(0).toLongLong() : qint64(-1);
    }
    case SqlDriver::None:
        break;
    }
    return qint64(-1);
}

} // namespace cachescope
