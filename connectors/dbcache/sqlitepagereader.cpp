#include "sqlitepagereader.h"

#include "core/globmatch.h"

#include <sqlite3.h>

namespace cachescope {

namespace {

// Distinct statements kept prepared: the page statements (with and without a cursor or a
// LIKE) and fetchMeta's IN lists, whose length varies with the rows on screen. Past this
// many, all are finalized and prepared again as needed.
constexpr qsizetype MaxStatements = 16;

// Views of the column's bytes; SQLite keeps them valid until the next step or reset.
QByteArrayView columnBytes(sqlite3_stmt *stmt, int column)
{
    // blob first, then bytes: the order sqlite3_column_bytes() documents for no conversion.
    const auto *data = static_cast<const char *>(sqlite3_column_blob(stmt, column));
    return QByteArrayView(data, sqlite3_column_bytes(stmt, column));
}

} // namespace

SqlitePageReader::~SqlitePageReader()
{
    close();
}

void SqlitePageReader::fail(QSqlError::ErrorType type)
{
    const QString text = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory");
    const int code = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_NOMEM;
    m_error = QSqlError(text, QString(), type, QString::number(code));
}

bool SqlitePageReader::open(const QString &path, int busyTimeoutMs)
{
    close();
    m_error = QSqlError();
    // NOMUTEX: only the connector's thread ever uses this connection.
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        fail(QSqlError::ConnectionError);
        close();
        return false;
    }
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    return true;
}

void SqlitePageReader::finalizeAll()
{
    for (sqlite3_stmt *stmt : std::as_const(m_statements))
        sqlite3_finalize(stmt);
    m_statements.clear();
}

void SqlitePageReader::close()
{
    finalizeAll();
    if (m_db)
        sqlite3_close(m_db);
    m_db = nullptr;
}

sqlite3_stmt *SqlitePageReader::statement(const QString &sql)
{
    if (!m_db) {
        m_error = QSqlError(QStringLiteral("the SQLite page reader is not open"), QString(),
                            QSqlError::ConnectionError);
        return nullptr;
    }
    if (sqlite3_stmt *stmt = m_statements.value(sql))
        return stmt;
    if (m_statements.size() >= MaxStatements)
        finalizeAll();
    const QByteArray text = sql.toUtf8();
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
        fail(QSqlError::StatementError);
        sqlite3_finalize(stmt);
        return nullptr;
    }
    m_statements.insert(sql, stmt);
    return stmt;
}

int SqlitePageReader::readKeys(const QString &sql, const QByteArray *after, const QByteArray &like, int limit,
                               QByteArrayView glob, bool matchAll, KeyBatch *batch, QByteArray *last)
{
    sqlite3_stmt *stmt = statement(sql);
    if (!stmt)
        return -1;
    int param = 1;
    // SQLITE_STATIC: `after` and `like` outlive the steps below, and the reset ends them.
    if (after)
        sqlite3_bind_text(stmt, param++, after->constData(), int(after->size()), SQLITE_STATIC);
    if (!like.isEmpty())
        sqlite3_bind_text(stmt, param++, like.constData(), int(like.size()), SQLITE_STATIC);
    sqlite3_bind_int(stmt, param, limit);

    int rows = 0;
    int rc;
    QByteArrayView key;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        key = columnBytes(stmt, 0);
        ++rows;
        if (matchAll || globMatch(glob, key))
            batch->append(key);
        // The cursor is only needed after the last row, but the view dies with the next step.
        if (rows == limit)
            *last = key.toByteArray();
    }
    if (rc != SQLITE_DONE) {
        fail(QSqlError::StatementError);
        sqlite3_reset(stmt);
        return -1;
    }
    sqlite3_reset(stmt); // ends the read transaction: writers are not held up between pages
    return rows;
}

bool SqlitePageReader::readMeta(const QString &sql, const QList<QByteArray> &keys, qsizetype from,
                                qsizetype n, const MetaRow &onRow)
{
    sqlite3_stmt *stmt = statement(sql);
    if (!stmt)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        const QByteArray &key = keys.at(from + i);
        sqlite3_bind_text(stmt, int(i + 1), key.constData(), int(key.size()), SQLITE_STATIC);
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        onRow(columnBytes(stmt, 0), columnBytes(stmt, 1), sqlite3_column_int64(stmt, 2));
    if (rc != SQLITE_DONE)
        fail(QSqlError::StatementError);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt); // the bound keys belong to the caller
    return rc == SQLITE_DONE;
}

} // namespace cachescope
