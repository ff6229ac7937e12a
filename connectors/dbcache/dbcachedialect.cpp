#include "dbcachedialect.h"

#include "core/keytypes.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QStringList>

namespace cachescope {

namespace {

// 9999-01-01T00:00:00Z: Django writes datetime.max (9999-12-31 23:59:59) for "never".
constexpr qint64 NeverFromSecs = 253370764800;
constexpr qint64 NeverWrittenSecs = 253402300799; // 9999-12-31 23:59:59 UTC

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint64(era) * 146097 + doe - 719468;
}

// Fixed-width digits at text[from, from + n); -1 if any is not a digit.
int digits(QStringView text, qsizetype from, qsizetype n)
{
    if (from + n > text.size())
        return -1;
    int v = 0;
    for (qsizetype i = from; i < from + n; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

struct Naive
{
    int year, month, day, hour, minute, second, msec;
};

// "YYYY-MM-DD HH:MM:SS[.ffffff]" (also with a 'T'), as Django's SQLite backend and MySQL
// CAST(... AS CHAR) write it.
bool parseNaive(QStringView text, Naive *out)
{
    Naive n{digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2), 0, 0, 0, 0};
    if (n.year < 0 || n.month < 1 || n.month > 12 || n.day < 1 || n.day > 31 || text.at(4) != u'-' ||
        text.at(7) != u'-')
        return false;
    if (text.size() > 10) {
        n.hour = digits(text, 11, 2);
        n.minute = digits(text, 14, 2);
        n.second = text.size() >= 19 ? digits(text, 17, 2) : 0;
        if (n.hour < 0 || n.hour > 23 || n.minute < 0 || n.minute > 59 || n.second < 0 || n.second > 60)
            return false;
        if (text.size() > 20 && text.at(19) == u'.') {
            int ms = 0, scale = 100;
            for (qsizetype i = 20; i < text.size() && i < 23; ++i, scale /= 10) {
                const char16_t c = text.at(i).unicode();
                if (c < u'0' || c > u'9')
                    break;
                ms += (c - u'0') * scale;
            }
            n.msec = ms;
        }
    }
    *out = n;
    return true;
}

} // namespace

DbCacheDialect::DbCacheDialect(SqlDriver driver, const QTimeZone &zone)
    : m_driver(driver), m_zone(zone), m_utc(zone.id() == "UTC" || zone == QTimeZone::utc())
{
}

QString DbCacheDialect::qtDriverName(SqlDriver driver)
{
    switch (driver) {
    case SqlDriver::Sqlite:
        return QStringLiteral("QSQLITE");
    case SqlDriver::Postgres:
        return QStringLiteral("QPSQL");
    case SqlDriver::Mysql:
        return QStringLiteral("QMYSQL");
    case SqlDriver::None:
        break;
    }
    return QString();
}

QString DbCacheDialect::productName(SqlDriver driver)
{
    switch (driver) {
    case SqlDriver::Sqlite:
        return QStringLiteral("SQLite");
    case SqlDriver::Postgres:
        return QStringLiteral("PostgreSQL");
    case SqlDriver::Mysql:
        return QStringLiteral("MySQL");
    case SqlDriver::None:
        break;
    }
    return QStringLiteral("SQL");
}

void DbCacheDialect::setTable(const QString &table, const QSqlDriver *sqlDriver)
{
    QStringList parts = table.split(u'.');
    for (QString &part : parts)
        part = sqlDriver->escapeIdentifier(part, QSqlDriver::TableName);
    m_table = parts.join(u'.');
}

QString DbCacheDialect::keyColumn() const
{
    return m_driver == SqlDriver::Sqlite ? QStringLiteral("CAST(cache_key AS BLOB)")
                                         : QStringLiteral("cache_key");
}

QString DbCacheDialect::expiresColumn() const
{
    switch (m_driver) {
    case SqlDriver::Postgres:
        return QStringLiteral("EXTRACT(EPOCH FROM expires)");
    case SqlDriver::Mysql:
        return QStringLiteral("CAST(expires AS CHAR)");
    default:
        return QStringLiteral("expires");
    }
}

QString DbCacheDialect::expiresPlaceholder() const
{
    return m_driver == SqlDriver::Postgres ? QStringLiteral("to_timestamp(?)") : QStringLiteral("?");
}

QString DbCacheDialect::placeholders(qsizetype n)
{
    QString s;
    s.reserve(n * 2);
    for (qsizetype i = 0; i < n; ++i)
        s += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
    return s;
}

QString DbCacheDialect::scanSql(bool afterCursor, bool like) const
{
    QString sql = QStringLiteral("SELECT %1 FROM %2").arg(keyColumn(), m_table);
    if (afterCursor || like)
        sql += QStringLiteral(" WHERE ");
    if (afterCursor)
        sql += QStringLiteral("cache_key > ?");
    if (afterCursor && like)
        sql += QStringLiteral(" AND ");
    if (like)
        sql += QStringLiteral("cache_key LIKE ? ESCAPE '%1'").arg(QLatin1Char(LikeEscapeChar));
    sql += QStringLiteral(" ORDER BY cache_key LIMIT ?");
    return sql;
}

QString DbCacheDialect::metaSql(qsizetype n) const
{
    return QStringLiteral("SELECT %1, %2, length(value) FROM %3 WHERE cache_key IN (%4)")
        .arg(keyColumn(), expiresColumn(), m_table, placeholders(n));
}

QString DbCacheDialect::valueSql(bool whole) const
{
    if (whole)
        return QStringLiteral("SELECT %1, length(value), value FROM %2 WHERE cache_key = ?")
            .arg(expiresColumn(), m_table);
    const QString tail = m_driver == SqlDriver::Sqlite ? QStringLiteral("substr(value, -2)")
                                                       : QStringLiteral("right(value, 2)");
    return QStringLiteral("SELECT %1, length(value), substr(value, 1, ?), %2 FROM %3 WHERE cache_key = ?")
        .arg(expiresColumn(), tail, m_table);
}

QString DbCacheDialect::deleteSql(qsizetype n) const
{
    return QStringLiteral("DELETE FROM %1 WHERE cache_key IN (%2)").arg(m_table, placeholders(n));
}

QString DbCacheDialect::setExpiresSql() const
{
    return QStringLiteral("UPDATE %1 SET expires = %2 WHERE cache_key = ?")
        .arg(m_table, expiresPlaceholder());
}

QString DbCacheDialect::removeExpiredSql(int batch) const
{
    // MySQL refuses LIMIT in an IN subquery on the same table, but has DELETE ... LIMIT;
    // SQLite has DELETE ... LIMIT only when built with SQLITE_ENABLE_UPDATE_DELETE_LIMIT.
    if (m_driver == SqlDriver::Mysql)
        return QStringLiteral("DELETE FROM %1 WHERE expires < ? ORDER BY expires LIMIT %2")
            .arg(m_table)
            .arg(batch);
    return QStringLiteral("DELETE FROM %1 WHERE cache_key IN (SELECT cache_key FROM %1 WHERE expires < %2 "
                          "ORDER BY expires LIMIT %3)")
        .arg(m_table, expiresPlaceholder())
        .arg(batch);
}

QString DbCacheDialect::countSql(bool expiredOnly) const
{
    if (!expiredOnly)
        return QStringLiteral("SELECT COUNT(*) FROM %1").arg(m_table);
    return QStringLiteral("SELECT COUNT(*) FROM %1 WHERE expires < %2").arg(m_table, expiresPlaceholder());
}

QString DbCacheDialect::probeSql() const
{
    return QStringLiteral("SELECT cache_key, value, expires FROM %1 WHERE 1 = 0").arg(m_table);
}

QString DbCacheDialect::pageSql(bool afterCursor, qsizetype likes) const
{
    QStringList where;
    if (afterCursor)
        where.append(QStringLiteral("cache_key > ?"));
    if (likes > 0) {
        QStringList any;
        for (qsizetype i = 0; i < likes; ++i)
            any.append(QStringLiteral("cache_key LIKE ? ESCAPE '%1'").arg(QLatin1Char(LikeEscapeChar)));
        where.append(u'(' + any.join(QStringLiteral(" OR ")) + u')');
    }
    QString sql = QStringLiteral("SELECT %1 FROM %2").arg(keyColumn(), m_table);
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    return sql + QStringLiteral(" ORDER BY cache_key LIMIT ?");
}

QString DbCacheDialect::countLikeSql(qsizetype likes) const
{
    QStringList any;
    for (qsizetype i = 0; i < likes; ++i)
        any.append(QStringLiteral("cache_key LIKE ? ESCAPE '%1'").arg(QLatin1Char(LikeEscapeChar)));
    QString sql = QStringLiteral("SELECT COUNT(*) FROM %1").arg(m_table);
    if (!any.isEmpty())
        sql += QStringLiteral(" WHERE ") + any.join(QStringLiteral(" OR "));
    return sql;
}

QString DbCacheDialect::shortenExpiresSql(qsizetype n) const
{
    return QStringLiteral("UPDATE %1 SET expires = %2 WHERE cache_key IN (%3) AND expires > %2")
        .arg(m_table, expiresPlaceholder(), placeholders(n));
}

QString DbCacheDialect::replaceValueSql() const
{
    return QStringLiteral("UPDATE %1 SET value = ? WHERE cache_key = ? AND value = ?").arg(m_table);
}

QByteArray DbCacheDialect::keyBytes(const QVariant &v)
{
    if (v.typeId() == QMetaType::QByteArray)
        return v.toByteArray();
    return v.toString().toUtf8();
}

bool DbCacheDialect::expiresMs(const QVariant &v, qint64 *ms) const
{
    if (v.isNull())
        return false;
    if (m_driver == SqlDriver::Postgres) {
        bool ok = false;
        const double secs = v.toDouble(&ok);
        if (!ok)
            return false;
        *ms = secs >= double(NeverFromSecs) ? NoExpiry : qint64(secs * 1000.0);
        return true;
    }
    const QString text = v.toString();
    Naive n;
    if (!parseNaive(text, &n))
        return false;
    if (n.year >= 9999) {
        *ms = NoExpiry;
        return true;
    }
    if (m_utc) {
        const qint64 days = daysFromCivil(n.year, n.month, n.day);
        *ms = ((days * 24 + n.hour) * 60 + n.minute) * 60000 + n.second * 1000 + n.msec;
        return true;
    }
    const QDateTime local(QDate(n.year, n.month, n.day), QTime(n.hour, n.minute, n.second, n.msec), m_zone);
    if (!local.isValid())
        return false;
    *ms = local.toMSecsSinceEpoch();
    return true;
}

QVariant DbCacheDialect::expiresParam(qint64 msSinceEpoch) const
{
    if (m_driver == SqlDriver::Postgres)
        return msSinceEpoch == NoExpiry ? NeverWrittenSecs : msSinceEpoch / 1000;
    if (msSinceEpoch == NoExpiry)
        return QStringLiteral("9999-12-31 23:59:59");
    // Whole seconds, as Django writes them (it drops the microseconds).
    const QDateTime at =
        QDateTime::fromMSecsSinceEpoch(msSinceEpoch / 1000 * 1000, m_utc ? QTimeZone::utc() : m_zone);
    return at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace cachescope
