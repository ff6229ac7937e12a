#pragma once
// Django's database cache table (`manage.py createcachetable`: cache_key varchar(255)
// primary key, value text = base64 of a pickle, expires datetime) over QtSql: SQLite,
// PostgreSQL (QPSQL) and MySQL (QMYSQL).
//
// Threads: QSqlDatabase handles belong to the thread that made them, so the connection is
// added (under a name unique to this connector) and opened lazily by the first request,
// on the connector's thread, and removed by the destructor, which ConnectorHost runs on
// that same thread. QtSql calls block that thread, never the GUI's; results leave by copy
// in queued signals as for every connector.
//
// Listing: keyset pages, `WHERE cache_key > last ORDER BY cache_key LIMIT n`, one
// keysFound() per page, the next page queued behind whatever else was asked meanwhile (so
// stopScan() and fetchMeta() get in between pages). Pages carry keys only: on SQLite that
// query is answered from the primary-key index alone, while also reading expires and
// length(value) means a table lookup per row (15x slower on a 1M-row table that is not in
// the page cache). fetchMeta reads those for the rows on screen with one IN (...) query.
// On SQLite both go through SqlitePageReader (the sqlite3 C API on a second, read-only
// connection: dbcacheconnectorsqlite.cpp); writes and the other engines stay on QtSql.
//
// TTL: expires - now on this machine's clock. Rows past their expiry that Django has not
// culled yet are listed with ttlMs = 0 and expired = true (see keytypes.h).
// Values: KeyValue::data holds the base64-decoded bytes (Django's pickle); length counts
// decoded bytes; KeyMeta::sizeBytes is the stored base64 text length.

#include "core/connector.h"
#include "dbcachedialect.h"
#include "sqlitepagereader.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <memory>
#include <optional>

namespace cachescope {

class DbCacheConnector : public Connector
{
    Q_OBJECT
public:
    explicit DbCacheConnector(const ConnectionSpec &spec, QObject *parent = nullptr);
    ~DbCacheConnector() override;

    void open() override;
    void refreshInfo(quint64 id) override;
    void scanKeys(quint64 id, const ScanRequest &request) override;
    void stopScan(quint64 id) override;
    void fetchMeta(quint64 id, const QList<QByteArray> &keys) override;
    void fetchValue(quint64 id, const ValueRequest &request) override;
    // One table, section "table <name>": rows, expired_rows, size_on_disk_bytes, size_scope;
    // on PostgreSQL also the table's activity counters (see dbcachestats.cpp).
    void fetchServerStats(quint64 id) override;

    // Rows per DELETE (keys and expired rows): one statement never holds the table long.
    static constexpr int DeleteBatch = 500;

protected:
    void doDeleteKeys(quint64 id, const QList<QByteArray> &keys) override;
    void doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs) override;
    void doRemoveExpired(quint64 id) override;
    // dbcacheinvalidation.cpp. Patterns: keyset pages with a LIKE ... ESCAPE '!' prefilter,
    // then globMatch and the job's filter; writes in statements of at most DeleteBatch keys,
    // each its own transaction. Bump reads the pickled int and writes it back + 1 (compare
    // and set); an absent or expired key is not created (reported in the warning).
    void doRunInvalidation(quint64 id, const InvalidationJob &job) override;

private:
    struct Scan
    {
        QByteArray glob;
        LikePattern like;
        QString after; // last key of the previous page (text, for the bound parameter)
        bool started = false;
        int pageSize = 1000;
        qint64 found = 0;
        qint64 pages = 0;
        QElapsedTimer clock;
        bool stopRequested = false;
        std::shared_ptr<QSqlQuery> next; // the "after cursor" page statement, prepared once
        QString nextSql;                 // non-empty once `next` is prepared
        QByteArray afterKey;             // SQLite: the cursor as the key's own bytes
    };

    // Opens on first use; false (with requestFailed for id, and connectionLost) on failure.
    bool ensureOpen(quint64 id);
    Expected<ServerInfo> connectAndProbe();
    // Product, version and round trip; with withRowCount also the table's rows (dbSize), which
    // costs a full scan of the smallest index, so opening leaves it to refreshInfo().
    Expected<ServerInfo> collectInfo(bool withRowCount);
    void closeDatabase();
    static constexpr int SqlitePageRows = 10000;
    // Rows per page of a scan that asks for no particular count (see the .cpp for why).
    int defaultPageRows() const;
    void scanPage(quint64 id);
    // A page read (by QtSql or sqlite3): hand it on, then finish or queue the next page.
    void deliverScanPage(quint64 id, const KeyBatch &batch, qint64 found, bool done);
    void scanSqlitePage(quint64 id);
    void fetchSqliteMeta(quint64 id, const QList<QByteArray> &keys);
    bool ensurePageReader(const QString &doing, Error *error);
    void finishScan(quint64 id, bool complete, const Error *error = nullptr);
    void removeExpiredBatch(quint64 id, const QVariant &now, qint64 removedSoFar);
    Expected<qint64> countRows(bool expiredOnly);
    Expected<qint64> sizeOnDisk(QString *scope);
    // dbcachestats.cpp: PostgreSQL's pg_stat counters of the table and its primary key
    // (name/value rows), and both row counts without touching the primary key.
    Expected<QList<QStringList>> postgresActivity();
    Expected<std::pair<qint64, qint64>> countRowsForStats();

    // Runs a prepared statement with these values bound in order.
    Expected<QSqlQuery> run(const QString &sql, const QVariantList &values, const QString &doing);
    // A failed statement as an Error a person can act on; a lost connection is closed
    // here (the next request reopens it) and reported with connectionLost().
    Error queryError(const QSqlError &error, const QString &doing);
    Error openError(const QSqlError &error) const;
    QString who() const; // "SQLite database /srv/site/db.sqlite3", for messages
    qint64 nowMs() const;
    KeyMeta metaFromRow(const QSqlQuery &q, qint64 now) const;
    // The rows found, in the order asked; a key without a row is reported Missing.
    static QList<KeyMeta> metasInOrder(const QList<QByteArray> &keys, const QHash<QByteArray, KeyMeta> &found);

    struct Invalidation;
    void invalidationStep();
    // Fills the job's pending keys from the next page (patterns) or slice (explicit keys),
    // counting what it looked at and matched (and sizing them for a preview).
    std::optional<Error> selectNextKeys();
    std::optional<Error> writePending();
    std::optional<Error> bumpKey(const QByteArray &key);
    void endInvalidation(InvalidationReport::Outcome outcome, const Error &error = {});

    DbCacheDialect m_dialect;
    QString m_connectionName; // unique per connector; empty until added on our thread
    QSqlDatabase m_db;
    bool m_open = false;
    ServerInfo m_info;
    QHash<quint64, Scan> m_scans;
    std::shared_ptr<Invalidation> m_invalidation; // the job in progress (one at a time)
    SqlitePageReader m_pages; // SQLite listing and meta; opened after m_db, on our thread
};

} // namespace cachescope
