#include "djangocachetable.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <atomic>

namespace cachescope::test {

DjangoCacheTable::DjangoCacheTable(const ConnectionSpec &spec)
{
    static std::atomic<int> next{0};
    m_name = QStringLiteral("django-cache-table-%1").arg(++next);
    m_postgres = spec.sqlDriver == SqlDriver::Postgres;
    QSqlDatabase db =
        QSqlDatabase::addDatabase(m_postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(spec.database);
    if (m_postgres) {
        db.setHostName(spec.host);
        db.setPort(spec.port);
        db.setUserName(spec.username);
        db.setPassword(spec.password);
    }
}

DjangoCacheTable::~DjangoCacheTable()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase DjangoCacheTable::db() const
{
    QSqlDatabase d = QSqlDatabase::database(m_name, false);
    if (!d.isOpen() && !d.open())
        qWarning("test connection: %s", qPrintable(d.lastError().text()));
    return d;
}

bool DjangoCacheTable::load(const QList<CacheTableRow> &rows)
{
    QSqlDatabase d = db();
    if (!d.transaction())
        return false;
    QSqlQuery q(d);
    if (!q.exec(QStringLiteral("DELETE FROM django_cache")))
        return false;
    if (rows.isEmpty())
        return d.commit();
    if (!q.prepare(QStringLiteral("INSERT INTO django_cache (cache_key, value, expires) VALUES (?, ?, ?)")))
        return false;
    QVariantList keys, values, expires;
    for (const CacheTableRow &r : rows) {
        keys.append(QString::fromUtf8(r.key));
        values.append(r.value);
        const QString at =
            r.expired ? QStringLiteral("2001-02-03 04:05:06") : QStringLiteral("2100-01-01 00:00:00");
        expires.append(m_postgres ? at + QStringLiteral("+00") : at);
    }
    q.addBindValue(keys);
    q.addBindValue(values);
    q.addBindValue(expires);
    if (!q.execBatch()) {
        qWarning("load: %s", qPrintable(q.lastError().text()));
        return false;
    }
    return d.commit();
}

QSet<QByteArray> DjangoCacheTable::keys() const
{
    QSet<QByteArray> result;
    QSqlQuery q(db());
    q.exec(QStringLiteral("SELECT cache_key FROM django_cache"));
    while (q.next())
        result.insert(q.value(0).toString().toUtf8());
    return result;
}

qint64 DjangoCacheTable::expiresOf(const QByteArray &key) const
{
    QSqlQuery q(db());
    q.prepare(m_postgres
                  ? QStringLiteral("SELECT EXTRACT(EPOCH FROM expires) FROM django_cache WHERE cache_key = ?")
                  : QStringLiteral("SELECT expires FROM django_cache WHERE cache_key = ?"));
    q.addBindValue(QString::fromUtf8(key));
    if (!q.exec() || !q.next())
        return -1;
    if (m_postgres)
        return qint64(q.value(0).toDouble());
    QDateTime at = QDateTime::fromString(q.value(0).toString(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    at.setTimeZone(QTimeZone::utc());
    return at.toSecsSinceEpoch();
}

} // namespace cachescope::test
