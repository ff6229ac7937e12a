// Statistics of Django's cache table, polled by the stats sampler (StatsSampler) on the
// connector's thread: section "table <name>" with rows, expired_rows, size_on_disk_bytes.
//
// A database keeps no hit or miss counters for a table, but PostgreSQL counts how it was
// used (pg_stat_user_tables, pg_stat_user_indexes), and Django's DatabaseCache reads and
// writes it in a fixed way (django/core/cache/backends/db.py):
//   get / get_many   SELECT ... WHERE cache_key IN (...)      one primary-key scan, one
//                                                              tuple fetched per key found
//   set / add / touch SELECT ... WHERE cache_key = %s, then UPDATE ... WHERE cache_key = %s
//                    (found: 2 scans, 2 fetches) or INSERT (not found: 1 scan, 0 fetches)
//   delete           DELETE ... WHERE cache_key IN (...)       one scan, one fetch per row
// so over an interval, with Δ the change of each counter,
//   hits   ≈ Δidx_tup_fetch − 2·Δn_tup_upd − Δn_tup_del
//   misses ≈ Δidx_scan − Δidx_tup_fetch − Δn_tup_ins
// (StatsDeriver does that arithmetic). It is an estimate, labelled so wherever it is
// shown: culling, clear(), other programs and CacheScope's own key listing and value reads
// on this connection use the same index. PostgreSQL publishes a backend's counters when
// its transaction ends and at most about once a second, so a rate can lag by a second.
// The row counts here run with index scans disabled, so the sampler itself never moves
// the primary key's counters.

#include "dbcacheconnector.h"

#include <QSqlError>
#include <QSqlQuery>

namespace cachescope {

Expected<QList<QStringList>> DbCacheConnector::postgresActivity()
{
    // The quoted table name is bound and cast, never pasted into the SQL.
    auto r = run(QStringLiteral(
                     "SELECT t.n_tup_ins, t.n_tup_upd, t.n_tup_del, t.n_live_tup, t.n_dead_tup, "
                     "pk.idx_scan, pk.idx_tup_fetch, pk.indexrelname "
                     "FROM pg_stat_user_tables t LEFT JOIN ("
                     "  SELECT s.relid, s.idx_scan, s.idx_tup_fetch, s.indexrelname FROM pg_stat_user_indexes s"
                     "  JOIN pg_index x ON x.indexrelid = s.indexrelid WHERE x.indisprimary) pk "
                     "ON pk.relid = t.relid WHERE t.relid = CAST(? AS regclass)"),
                 {m_dialect.table()}, QStringLiteral("read the table's activity counters"));
    if (!r)
        return r.error();
    QSqlQuery &q = r.value();
    QList<QStringList> rows;
    if (!q.next())
        return rows; // not a user table (a view?): no counters, the other figures stand
    const char *names[] = {"n_tup_ins", "n_tup_upd", "n_tup_del", "n_live_tup", "n_dead_tup"};
    for (int i = 0; i < 5; ++i)
        rows.append({QString::fromLatin1(names[i]), q.value(i).toString()});
    if (!q.value(5).isNull()) {
        rows.append({QStringLiteral("pkey_idx_scan"), q.value(5).toString()});
        rows.append({QStringLiteral("pkey_idx_tup_fetch"), q.value(6).toString()});
        rows.append({QStringLiteral("pkey_index"), q.value(7).toString()});
    }
    return rows;
}

Expected<std::pair<qint64, qint64>> DbCacheConnector::countRowsForStats()
{
    if (spec().sqlDriver != SqlDriver::Postgres) {
        const auto rows = countRows(false);
        if (!rows)
            return rows.error();
        const auto expired = countRows(true);
        if (!expired)
            return expired.error();
        return std::pair<qint64, qint64>(*rows, *expired);
    }
    // One sequential pass for both counts; SET LOCAL keeps the planner settings to this
    // transaction (the key listing's keyset pages still use the index).
    if (!m_db.transaction())
        return queryError(m_db.lastError(), QStringLiteral("count the rows"));
    const auto rollback = [this](const Error &e) {
        m_db.rollback();
        return e;
    };
    for (const char *off : {"enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"}) {
        // SET cannot be a prepared statement: sent as plain text (a constant, nothing bound).
        QSqlQuery set(m_db);
        if (!set.exec(QStringLiteral("SET LOCAL %1 = off").arg(QLatin1StringView(off))))
            return rollback(queryError(set.lastError(), QStringLiteral("count the rows")));
    }
    // The dialect's own "expired" condition (how it binds `expires`), reused for the filter.
    const QString expired = m_dialect.countSql(true).section(QStringLiteral(" WHERE "), 1);
    auto r = run(QStringLiteral("SELECT COUNT(*), COUNT(*) FILTER (WHERE %1) FROM %2").arg(expired, m_dialect.table()),
                 {m_dialect.expiresParam(nowMs())}, QStringLiteral("count the rows"));
    if (!r)
        return rollback(r.error());
    std::pair<qint64, qint64> counts{0, 0};
    if (r.value().next())
        counts = {r.value().value(0).toLongLong(), r.value().value(1).toLongLong()};
    r.value().finish();
    if (!m_db.commit())
        return rollback(queryError(m_db.lastError(), QStringLiteral("count the rows")));
    return counts;
}

void DbCacheConnector::fetchServerStats(quint64 id)
{
    if (!ensureOpen(id))
        return;
    // Counters first: the row counts below then never show up in this sample's deltas.
    QList<QStringList> activity;
    if (spec().sqlDriver == SqlDriver::Postgres) {
        auto counters = postgresActivity();
        if (!counters)
            return Q_EMIT requestFailed(id, counters.error());
        activity = *counters;
    }
    const auto counts = countRowsForStats();
    if (!counts)
        return Q_EMIT requestFailed(id, counts.error());
    QString scope;
    const auto size = sizeOnDisk(&scope);
    if (!size)
        return Q_EMIT requestFailed(id, size.error());
    m_info.dbSize = counts->first;

    ServerStats table;
    table.server = spec().displayAddress();
    table.section = QStringLiteral("table %1").arg(spec().table);
    table.columns = {QStringLiteral("name"), QStringLiteral("value")};
    table.rows = {{QStringLiteral("rows"), QString::number(counts->first)},
                  {QStringLiteral("expired_rows"), QString::number(counts->second)},
                  {QStringLiteral("size_on_disk_bytes"), QString::number(*size)},
                  {QStringLiteral("size_scope"), scope},
                  {QStringLiteral("product"), QStringLiteral("%1 %2").arg(m_info.product, m_info.version)},
                  {QStringLiteral("time_zone"), spec().sqlDriver == SqlDriver::Postgres
                                                    ? QStringLiteral("(timestamptz)")
                                                    : spec().timeZone}};
    table.rows.append(activity);
    Q_EMIT serverStatsReady(id, {table});
}

} // namespace cachescope
