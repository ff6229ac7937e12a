#pragma once
// Reads keyset pages and row metadata of a SQLite cache table through the sqlite3 C API,
// for DbCacheConnector's listing and fetchMeta on SQLite. QtSql costs a QVariant (and, for
// text, a UTF-16 QString) per column per row: on a 1M-row listing that was most of the
// time. Here a key goes from sqlite3_column_blob() straight into the KeyBatch.
//
// Its own connection, opened read-only (never creates the file) and without SQLite's
// mutexes: it belongs to the connector's thread, like the QtSql connection that still does
// the writes. Prepared statements are kept per SQL text and reused for every page; each
// page is reset as soon as it is read, so no read transaction outlives a page and writers
// (Django culling, our own deletes) get in between pages.
//
// Keys are bound as text with their exact bytes: SQLite compares text with memcmp under
// the column's BINARY collation, so paging works for keys that are not valid UTF-8 too.

#include "core/keybatch.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QSqlError>
#include <QString>

#include <functional>

struct sqlite3;
struct sqlite3_stmt;

namespace cachescope {

class SqlitePageReader
{
public:
    SqlitePageReader() = default;
    ~SqlitePageReader();
    SqlitePageReader(const SqlitePageReader &) = delete;
    SqlitePageReader &operator=(const SqlitePageReader &) = delete;

    // Opens the file read-only with this busy timeout; false (see lastError()) on failure.
    bool open(const QString &path, int busyTimeoutMs);
    bool isOpen() const { return m_db != nullptr; }
    void close();

    // One page of `sql` (DbCacheDialect::scanSql on SQLite): binds `after` when non-null,
    // then `like` when non-empty, then `limit`. Keys that `glob` matches (all when
    // matchAll) are appended to `batch`; `last` receives the last key read, matched or
    // not. Returns the number of rows read, or -1 (see lastError()).
    int readKeys(const QString &sql, const QByteArray *after, const QByteArray &like, int limit,
                 QByteArrayView glob, bool matchAll, KeyBatch *batch, QByteArray *last);

    // Runs `sql` (DbCacheDialect::metaSql(keys.size())) with `keys` bound in order and calls
    // onRow(key, expires text, length of value) per row; the views die with the call.
    // False (see lastError()) on failure.
    using MetaRow = std::function<void(QByteArrayView key, QByteArrayView expires, qint64 valueLength)>;
    bool readMeta(const QString &sql, const QList<QByteArray> &keys, qsizetype from, qsizetype n,
                  const MetaRow &onRow);

    // The last failure in QtSql's terms, so the connector words it like every other error:
    // ConnectionError for a failed open, StatementError otherwise.
    const QSqlError &lastError() const { return m_error; }

private:
    sqlite3_stmt *statement(const QString &sql);
    void fail(QSqlError::ErrorType type);
    void finalizeAll();

    sqlite3 *m_db = nullptr;
    QHash<QString, sqlite3_stmt *> m_statements;
    QSqlError m_error;
};

} // namespace cachescope
