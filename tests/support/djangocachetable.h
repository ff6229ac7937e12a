#pragma once
// A test's own QtSql connection to a Django cache table (SQLite file or PostgreSQL), on the
// calling thread, for setup and for checking what a connector left behind. Test code only:
// it blocks.

#include "core/connectionspec.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

namespace cachescope::test {

struct CacheTableRow
{
    QByteArray key;
    QString value;        // base64 text, as Django stores it
    bool expired = false; // expires 2001-02-03 04:05:06 UTC; else 2100-01-01 00:00:00 UTC
};

class DjangoCacheTable
{
public:
    // SQLite (spec.database is the file) or PostgreSQL (host, port, user, password, database).
    explicit DjangoCacheTable(const ConnectionSpec &spec);
    ~DjangoCacheTable();
    DjangoCacheTable(const DjangoCacheTable &) = delete;
    DjangoCacheTable &operator=(const DjangoCacheTable &) = delete;

    // Empties django_cache and inserts these rows, in one transaction.
    bool load(const QList<CacheTableRow> &rows);
    QSet<QByteArray> keys() const;
    // expires as UTC epoch seconds (a UTC table on SQLite); -1 when there is no such row.
    qint64 expiresOf(const QByteArray &key) const;

private:
    QSqlDatabase db() const;

    QString m_name;
    bool m_postgres = false;
};

} // namespace cachescope::test
