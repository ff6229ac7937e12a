#pragma once
// What differs between SQLite, PostgreSQL and MySQL when reading Django's cache table:
// driver names, the statements, and how `expires` is stored.
//
// `expires` (Django's DatabaseCache): SQLite keeps the text "YYYY-MM-DD HH:MM:SS" and
// MySQL a DATETIME, both naive: UTC when the site runs with USE_TZ = True, the wall clock
// of its TIME_ZONE otherwise (the connection's timeZone setting says which). PostgreSQL
// keeps a timestamptz, an absolute instant whatever USE_TZ was, so the setting is not
// needed there: it is read as epoch seconds. Year 9999 (Django's datetime.max for
// timeout=None) and later mean "never expires".
//
// Every statement takes its values as bound parameters; the only text spliced in is the
// table name, validated by ConnectionSpec and quoted here with the driver's own
// escapeIdentifier().

#include "core/connectionspec.h"
#include "globlike.h"

#include <QString>
#include <QTimeZone>
#include <QVariant>

class QSqlDriver;

namespace cachescope {

class DbCacheDialect
{
public:
    DbCacheDialect() = default;
    DbCacheDialect(SqlDriver driver, const QTimeZone &zone);

    static QString qtDriverName(SqlDriver driver); // "QSQLITE", "QPSQL", "QMYSQL"
    static QString productName(SqlDriver driver);  // "SQLite", "PostgreSQL", "MySQL"

    SqlDriver driver() const { return m_driver; }
    // Quotes each dot-separated part of the (validated) table name; call once opened.
    void setTable(const QString &table, const QSqlDriver *sqlDriver);
    const QString &table() const { return m_table; }

    // SELECT <key> FROM t [WHERE cache_key > ?] [AND cache_key LIKE ? ESCAPE '!']
    // ORDER BY cache_key LIMIT ?  -- keys only, so SQLite walks the primary-key index alone.
    QString scanSql(bool afterCursor, bool like) const;
    // SELECT <key>, <expires>, length(value) FROM t WHERE cache_key IN (?, ... n)
    QString metaSql(qsizetype n) const;
    // SELECT <expires>, length(value), <value or its first ? chars>, <last 2 chars>
    //   FROM t WHERE cache_key = ?
    QString valueSql(bool whole) const;
    QString deleteSql(qsizetype n) const;      // DELETE ... WHERE cache_key IN (n)
    QString setExpiresSql() const;             // UPDATE t SET expires = ? WHERE cache_key = ?
    QString removeExpiredSql(int batch) const; // at most `batch` rows with expires < ?
    QString countSql(bool expiredOnly) const;  // COUNT(*) [WHERE expires < ?]
    QString probeSql() const;                  // one cheap read: does the table exist?

    // Invalidation jobs (dbcacheinvalidation.cpp).
    // SELECT <key> FROM t [WHERE cache_key > ?] [AND (cache_key LIKE ? ESCAPE '!' OR ... `likes`
    // times)] ORDER BY cache_key LIMIT ?
    QString pageSql(bool afterCursor, qsizetype likes) const;
    // SELECT COUNT(*) FROM t [WHERE (cache_key LIKE ? ESCAPE '!' OR ...)]
    QString countLikeSql(qsizetype likes) const;
    // UPDATE t SET expires = <e> WHERE cache_key IN (n) AND expires > <e>, binding e twice:
    // a soft invalidation never lengthens a TTL and never revives an expired row.
    QString shortenExpiresSql(qsizetype n) const;
    // UPDATE t SET value = ? WHERE cache_key = ? AND value = ?  (compare and set)
    QString replaceValueSql() const;

    // The key column as selected: SQLite's text comes back as the exact UTF-8 bytes when
    // cast to a blob (no UTF-16 round trip per key).
    static QByteArray keyBytes(const QVariant &v);
    // Milliseconds since the epoch from a selected <expires>; NoExpiry for year >= 9999;
    // false when the value cannot be read.
    bool expiresMs(const QVariant &v, qint64 *ms) const;
    // What to bind for `expires` compared with or set to this instant (NoExpiry = never).
    QVariant expiresParam(qint64 msSinceEpoch) const;

private:
    QString expiresColumn() const;
    QString keyColumn() const;
    QString expiresPlaceholder() const;
    static QString placeholders(qsizetype n);

    SqlDriver m_driver = SqlDriver::None;
    QTimeZone m_zone;
    bool m_utc = true;
    QString m_table;
};

} // namespace cachescope
