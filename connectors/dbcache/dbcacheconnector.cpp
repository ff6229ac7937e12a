#include "dbcacheconnector.h"

#include "core/globmatch.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>

#include <atomic>
#include <optional>

namespace cachescope {

namespace {

// Keys per IN (...) list: far below every engine's parameter limit (SQLite 32766,
// PostgreSQL 65535) and short enough to plan quickly.
constexpr qsizetype InBatch = 500;

QString uniqueConnectionName()
{
    static std::atomic<quint64> next{0};
    return QStringLiteral("cachescope-dbcache-%1").arg(++next);
}

bool mentions(const QString &text, std::initializer_list<const char *> needles)
{
    for (const char *n : needles) {
        if (text.contains(QLatin1StringView(n), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

DbCacheConnector::DbCacheConnector(const ConnectionSpec &spec, QObject *parent)
    : Connector(spec, parent), m_dialect(spec.sqlDriver, QTimeZone(spec.timeZone.toUtf8()))
{
}

DbCacheConnector::~DbCacheConnector()
{
    m_scans.clear(); // their prepared statements go before the connection
    closeDatabase();
    m_db = QSqlDatabase();
    if (!m_connectionName.isEmpty())
        QSqlDatabase::removeDatabase(m_connectionName);
}

QString DbCacheConnector::who() const
{
    const QString product = DbCacheDialect::productName(spec().sqlDriver);
    if (spec().sqlDriver == SqlDriver::Sqlite)
        return QStringLiteral("SQLite database %1").arg(spec().database);
    return QStringLiteral("%1 at %2:%3/%4").arg(product, spec().host).arg(spec().port).arg(spec().database);
}

qint64 DbCacheConnector::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

// ---- connection -------------------------------------------------------------------------

void DbCacheConnector::open()
{
    if (m_open) {
        Q_EMIT opened(m_info);
        return;
    }
    const auto info = connectAndProbe();
    if (!info) {
        Q_EMIT connectionLost(info.error());
        return;
    }
    m_open = true;
    m_info = *info;
    Q_EMIT opened(m_info);
}

bool DbCacheConnector::ensureOpen(quint64 id)
{
    if (m_open)
        return true;
    const auto info = connectAndProbe();
    if (!info) {
        Q_EMIT connectionLost(info.error());
        Q_EMIT requestFailed(id, info.error());
        return false;
    }
    m_open = true;
    m_info = *info;
    Q_EMIT opened(m_info);
    return true;
}

void DbCacheConnector::closeDatabase()
{
    for (Scan &scan : m_scans) {
        scan.next.reset(); // prepared on the connection being closed
        scan.nextSql.clear();
    }
    m_pages.close();
    if (m_db.isValid())
        m_db.close();
    m_open = false;
}

Expected<ServerInfo> DbCacheConnector::connectAndProbe()
{
    const ConnectionSpec &s = spec();
    const QString driverName = DbCacheDialect::qtDriverName(s.sqlDriver);
    if (driverName.isEmpty())
        return Error::make(ErrorKind::Usage,
                           QStringLiteral("no SQL driver given for the database cache table"));
    if (!QSqlDatabase::isDriverAvailable(driverName)) {
        const QString package = s.sqlDriver == SqlDriver::Sqlite     ? QStringLiteral("libqt6sql6-sqlite")
                                : s.sqlDriver == SqlDriver::Postgres ? QStringLiteral("libqt6sql6-psql")
                                                                     : QStringLiteral("libqt6sql6-mysql");
        return Error::make(ErrorKind::Connect,
                           QStringLiteral("cannot reach %1: the Qt SQL driver %2 is not installed (apt-get "
                                          "install %3)")
                               .arg(who(), driverName, package));
    }
    if (s.sqlDriver != SqlDriver::Postgres && !QTimeZone(s.timeZone.toUtf8()).isValid())
        return Error::make(ErrorKind::Usage,
                           QStringLiteral("unknown time zone '%1' (expected an IANA name such as UTC or "
                                          "Europe/Paris: the site's TIME_ZONE)")
                               .arg(s.timeZone));

    if (m_connectionName.isEmpty()) {
        m_connectionName = uniqueConnectionName();
        QSqlDatabase::addDatabase(driverName, m_connectionName);
    }
    m_db = QSqlDatabase::database(m_connectionName, false);
    if (m_db.isOpen())
        m_db.close();

    const int timeoutSecs = qMax(2, (s.connectTimeoutMs + 999) / 1000); // libpq's minimum is 2
    switch (s.sqlDriver) {
    case SqlDriver::Sqlite: {
        const QFileInfo file(s.database);
        // QSQLITE would create an empty database for a mistyped path: refuse before it can.
        if (!file.exists())
            return Error::make(ErrorKind::Connect,
                               QStringLiteral("SQLite database file %1 does not exist (check the path in "
                                              "the site's DATABASES setting)")
                                   .arg(s.database));
        if (file.isDir())
            return Error::make(
                ErrorKind::Usage,
                QStringLiteral("%1 is a directory, not a SQLite database file").arg(s.database));
        // mode=rw|ro: never SQLITE_OPEN_CREATE, even if the file vanished since the check.
        QUrl uri = QUrl::fromLocalFile(file.absoluteFilePath());
        uri.setQuery(s.readOnly ? QStringLiteral("mode=ro") : QStringLiteral("mode=rw"));
        m_db.setDatabaseName(QString::fromLatin1(uri.toEncoded()));
        QString options = QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=%1").arg(s.commandTimeoutMs);
        if (s.readOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        m_db.setConnectOptions(options);
        break;
    }
    case SqlDriver::Postgres: {
        m_db.setHostName(s.host);
        m_db.setPort(s.port ? s.port : 5432);
        m_db.setDatabaseName(s.database);
        m_db.setUserName(s.username);
        m_db.setPassword(s.password);
        // The server enforces the command timeout; a read-only connection is also read-only
        // for PostgreSQL itself.
        QString pgOptions = QStringLiteral("-c statement_timeout=%1").arg(s.commandTimeoutMs);
        if (s.readOnly)
            pgOptions += QStringLiteral(" -c default_transaction_read_only=on");
        m_db.setConnectOptions(
            QStringLiteral("connect_timeout=%1;options='%2'").arg(timeoutSecs).arg(pgOptions));
        break;
    }
    case SqlDriver::Mysql: {
        m_db.setHostName(s.host);
        m_db.setPort(s.port ? s.port : 3306);
        m_db.setDatabaseName(s.database);
        m_db.setUserName(s.username);
        m_db.setPassword(s.password);
        const int commandSecs = qMax(1, (s.commandTimeoutMs + 999) / 1000);
        m_db.setConnectOptions(
            QStringLiteral(
                "MYSQL_OPT_CONNECT_TIMEOUT=%1;MYSQL_OPT_READ_TIMEOUT=%2;MYSQL_OPT_WRITE_TIMEOUT=%2")
                .arg(timeoutSecs)
                .arg(commandSecs));
        break;
    }
    case SqlDriver::None:
        break;
    }
    if (!m_db.open())
        return openError(m_db.lastError());

    m_dialect.setTable(s.table, m_db.driver());
    m_open = true; // run() needs it; cleared again below if the table is not usable
    std::optional<Error> missing;
    {
        const auto probe = run(m_dialect.probeSql(), {}, QStringLiteral("read the cache table"));
        if (!probe)
            missing = probe.error();
    } // the statement goes before the connection closes
    if (missing) {
        closeDatabase();
        return *missing;
    }
    // No row count here: COUNT(*) reads a whole index (7,500 pages for a million rows, as
    // much as the listing itself), and `cachescope-cli keys` never shows it. The key panel
    // asks refreshInfo() for it when it starts a load; until then dbSize is -1 (unknown).
    auto info = collectInfo(false);
    if (!info)
        closeDatabase();
    return info;
}

Error DbCacheConnector::openError(const QSqlError &error) const
{
    const QString text = error.text().trimmed();
    const QString user = spec().username;
    if (mentions(text, {"password authentication failed", "authentication failed", "no password supplied",
                        "access denied", "password is required"}))
        return Error::make(
            ErrorKind::Auth,
            QStringLiteral("%1 refused the credentials of user '%2': %3").arg(who(), user, text));
    if (mentions(text, {"role \""}) && mentions(text, {"does not exist"}))
        return Error::make(ErrorKind::Auth, QStringLiteral("%1 has no user '%2': %3").arg(who(), user, text));
    if (mentions(text, {"timeout expired", "timed out"}))
        return Error::make(ErrorKind::Timeout, QStringLiteral("%1 did not answer within %2 s: %3")
                                                   .arg(who())
                                                   .arg(spec().connectTimeoutMs / 1000.0)
                                                   .arg(text));
    if (mentions(text,
                 {"connection refused", "can't connect", "could not connect", "no such file or directory",
                  "could not translate host name", "unknown mysql server host"}))
        return Error::make(
            ErrorKind::Connect,
            QStringLiteral("cannot connect to %1 (is the server running there?): %2").arg(who(), text));
    if (mentions(text, {"database \""}) || mentions(text, {"unknown database"}))
        return Error::make(ErrorKind::Connect, QStringLiteral("%1: %2").arg(who(), text));
    return Error::make(ErrorKind::Connect, QStringLiteral("cannot open %1: %2").arg(who(), text));
}

Error DbCacheConnector::queryError(const QSqlError &error, const QString &doing)
{
    const QString text = error.text().trimmed();
    if (error.type() == QSqlError::ConnectionError ||
        mentions(text,
                 {"server closed the connection", "no connection to the server", "terminating connection",
                  "connection to server", "lost connection", "server has gone away"})) {
        const Error lost =
            Error::make(ErrorKind::Connect, QStringLiteral("lost the connection to %1: %2").arg(who(), text));
        const bool wasOpen = m_open;
        closeDatabase();
        if (wasOpen)
            Q_EMIT connectionLost(lost);
        return lost;
    }
    if (mentions(text, {"no such table", "relation \"", "doesn't exist"}) && !mentions(text, {"column"}))
        return Error::make(
            ErrorKind::Server,
            QStringLiteral("no table %1 in %2; did the site run manage.py createcachetable? (%3)")
                .arg(spec().table, who(), text));
    if (mentions(text, {"no such column", "column \"", "unknown column"}))
        return Error::make(
            ErrorKind::Server,
            QStringLiteral("table %1 in %2 is not a Django cache table (columns cache_key, value, "
                           "expires): %3")
                .arg(spec().table, who(), text));
    if (mentions(text, {"database is locked", "statement timeout", "lock wait timeout"}))
        return Error::make(ErrorKind::Timeout,
                           QStringLiteral("%1 stayed busy for more than %2 s while trying to %3: %4")
                               .arg(who())
                               .arg(spec().commandTimeoutMs / 1000.0)
                               .arg(doing, text));
    if (mentions(text, {"readonly database", "read-only transaction", "read only"}))
        return Error::make(ErrorKind::ReadOnly,
                           QStringLiteral("%1 is read-only; cannot %2: %3").arg(who(), doing, text));
    if (mentions(text, {"file is not a database"}))
        return Error::make(ErrorKind::Protocol,
                           QStringLiteral("%1 is not a SQLite database: %2").arg(spec().database, text));
    return Error::make(ErrorKind::Server, QStringLiteral("%1 failed to %2: %3").arg(who(), doing, text));
}

Expected<QSqlQuery> DbCacheConnector::run(const QString &sql, const QVariantList &values,
                                          const QString &doing)
{
    if (!m_open)
        return Error::make(ErrorKind::Connect, QStringLiteral("not connected to %1").arg(who()));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return queryError(q.lastError(), doing);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return queryError(q.lastError(), doing);
    return q;
}

Expected<ServerInfo> DbCacheConnector::collectInfo(bool withRowCount)
{
    ServerInfo info;
    info.product = DbCacheDialect::productName(spec().sqlDriver);
    info.mode = QStringLiteral("table %1").arg(spec().table);
    info.address = spec().displayAddress();
    info.hasUnlink = false;
    info.hasMemoryUsage = false;
    QElapsedTimer clock;
    clock.start();
    const QString versionSql =
        spec().sqlDriver == SqlDriver::Sqlite     ? QStringLiteral("SELECT sqlite_version()")
        : spec().sqlDriver == SqlDriver::Postgres ? QStringLiteral("SELECT current_setting('server_version')")
                                                  : QStringLiteral("SELECT VERSION()");
    auto version = run(versionSql, {}, QStringLiteral("read the server version"));
    if (!version)
        return version.error();
    QSqlQuery &vq = version.value();
    if (vq.next()) {
        const QString v = vq.value(0).toString();
        info.version =
            v.section(u' ', 0, 0).section(u'-', 0, 0); // "15.5 (Debian ...)", "10.11.6-MariaDB-..."
        if (v.contains(QStringLiteral("MariaDB")))
            info.product = QStringLiteral("MariaDB");
    }
    info.roundTripMs = double(clock.nsecsElapsed()) / 1e6;
    if (!withRowCount)
        return info;
    const auto rows = countRows(false);
    if (!rows)
        return rows.error();
    info.dbSize = *rows;
    return info;
}

Expected<qint64> DbCacheConnector::countRows(bool expiredOnly)
{
    QVariantList values;
    if (expiredOnly)
        values.append(m_dialect.expiresParam(nowMs()));
    auto r = run(m_dialect.countSql(expiredOnly), values, QStringLiteral("count the rows"));
    if (!r)
        return r.error();
    QSqlQuery &q = r.value();
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

void DbCacheConnector::refreshInfo(quint64 id)
{
    if (!ensureOpen(id))
        return;
    const auto info = collectInfo(true);
    if (!info)
        return Q_EMIT requestFailed(id, info.error());
    m_info = *info;
    Q_EMIT infoReady(id, m_info);
}

// ---- keys -------------------------------------------------------------------------------

int DbCacheConnector::defaultPageRows() const
{
    // On SQLite each page is its own read transaction, so a writing site waits for one page at
    // most; but starting one costs about ten system calls (locks, the hot-journal check, the
    // change counter, the B-tree descent), and 1,000-row pages spent 40% of a million-row
    // listing there. 10,000 rows read in about 2 ms. A scan_count in the URL still rules.
    if (spec().sqlDriver == SqlDriver::Sqlite && spec().scanCount == ConnectionSpec().scanCount)
        return SqlitePageRows;
    return spec().scanCount;
}

void DbCacheConnector::scanKeys(quint64 id, const ScanRequest &request)
{
    Scan scan;
    scan.glob = request.match;
    scan.like = likeFromGlob(request.match);
    scan.pageSize = request.count > 0 ? request.count : defaultPageRows();
    scan.clock.start();
    m_scans.insert(id, scan);
    scanPage(id);
}

void DbCacheConnector::stopScan(quint64 id)
{
    const auto it = m_scans.find(id);
    if (it != m_scans.end())
        it->stopRequested = true;
}

void DbCacheConnector::scanPage(quint64 id)
{
    auto it = m_scans.find(id);
    if (it == m_scans.end())
        return;
    if (it->stopRequested)
        return finishScan(id, false);
    if (!ensureOpen(id))
        return finishScan(id, false);
    if (spec().sqlDriver == SqlDriver::Sqlite)
        return scanSqlitePage(id);

    const bool like = !it->like.like.isEmpty();
    QVariantList values;
    if (it->started)
        values.append(it->after);
    if (like)
        values.append(it->like.like);
    values.append(it->pageSize);
    // Pages after the first reuse one prepared statement: a million keys are a thousand
    // pages, and parsing the SELECT each time showed in the profile.
    if (it->started && it->nextSql.isEmpty()) {
        it->nextSql = m_dialect.scanSql(true, like);
        it->next = std::make_shared<QSqlQuery>(m_db);
        it->next->setForwardOnly(true);
        if (!it->next->prepare(it->nextSql)) {
            const Error error = queryError(it->next->lastError(), QStringLiteral("list the keys"));
            return finishScan(id, false, &error);
        }
    }
    std::optional<QSqlQuery> first;
    QSqlQuery *q = nullptr;
    if (it->started) {
        q = it->next.get();
        for (qsizetype i = 0; i < values.size(); ++i)
            q->bindValue(int(i), values.at(i));
        if (!q->exec()) {
            const Error error = queryError(q->lastError(), QStringLiteral("list the keys"));
            return finishScan(id, false, &error);
        }
    } else {
        auto r = run(m_dialect.scanSql(false, like), values, QStringLiteral("list the keys"));
        if (!r) {
            const Error error = r.error();
            return finishScan(id, false, &error);
        }
        first = std::move(r).value();
        q = &*first;
    }
    KeyBatch batch;
    batch.reserve(it->pageSize, qsizetype(it->pageSize) * 48);
    QByteArray last;
    int rows = 0;
    while (q->next()) {
        last = DbCacheDialect::keyBytes(q->value(0));
        ++rows;
        // LIKE only narrows the rows; the glob decides (see globlike.h).
        if (it->like.everything || globMatch(it->glob, last))
            batch.append(last);
    }
    q->finish(); // SQLite: end the read before the next page, so writers are not held up
    ++it->pages;
    it->found += batch.size();
    const bool done = rows < it->pageSize;
    if (!done) {
        const QString next = QString::fromUtf8(last);
        if (it->started && next <= it->after) {
            // Only a key that is not UTF-8 could get here: it cannot be a bound text cursor.
            const Error error = Error::make(ErrorKind::Protocol,
                                            QStringLiteral("%1: cannot page past key %2 (not UTF-8 text)")
                                                .arg(who(), QString::fromLatin1(last.toHex())));
            return finishScan(id, false, &error);
        }
        it->after = next;
        it->started = true;
    }
    deliverScanPage(id, batch, it->found, done);
}

void DbCacheConnector::deliverScanPage(quint64 id, const KeyBatch &batch, qint64 found, bool done)
{
    if (!batch.isEmpty())
        Q_EMIT keysFound(id, batch, found);
    if (done)
        return finishScan(id, true);
    // Queued: stopScan(), fetchMeta() and the rest get their turn between pages.
    QMetaObject::invokeMethod(
        this, [this, id] { scanPage(id); }, Qt::QueuedConnection);
}

void DbCacheConnector::finishScan(quint64 id, bool complete, const Error *error)
{
    const auto it = m_scans.find(id);
    if (it == m_scans.end())
        return;
    ScanSummary summary;
    summary.keysFound = it->found;
    summary.pages = it->pages;
    summary.elapsedMs = it->clock.elapsed();
    summary.complete = complete;
    m_scans.erase(it);
    if (error)
        Q_EMIT requestFailed(id, *error);
    Q_EMIT scanFinished(id, summary);
}

KeyMeta DbCacheConnector::metaFromRow(const QSqlQuery &q, qint64 now) const
{
    KeyMeta meta;
    meta.key = DbCacheDialect::keyBytes(q.value(0));
    meta.type = KeyType::String;
    qint64 expires = 0;
    if (m_dialect.expiresMs(q.value(1), &expires)) {
        if (expires == NoExpiry) {
            meta.ttlMs = NoExpiry;
        } else if (expires <= now) {
            meta.ttlMs = 0;
            meta.expired = true;
        } else {
            meta.ttlMs = expires - now;
        }
    }
    meta.sizeBytes = q.value(2).toLongLong();
    return meta;
}

void DbCacheConnector::fetchMeta(quint64 id, const QList<QByteArray> &keys)
{
    if (keys.isEmpty())
        return Q_EMIT metaReady(id, {});
    if (!ensureOpen(id))
        return;
    if (spec().sqlDriver == SqlDriver::Sqlite)
        return fetchSqliteMeta(id, keys);
    QHash<QByteArray, KeyMeta> found;
    const qint64 now = nowMs();
    for (qsizetype from = 0; from < keys.size(); from += InBatch) {
        const qsizetype n = qMin(InBatch, keys.size() - from);
        QVariantList values;
        values.reserve(n);
        for (qsizetype i = from; i < from + n; ++i)
            values.append(QString::fromUtf8(keys.at(i)));
        auto r = run(m_dialect.metaSql(n), values, QStringLiteral("read expiry and size"));
        if (!r)
            return Q_EMIT requestFailed(id, r.error());
        QSqlQuery &q = r.value();
        while (q.next()) {
            KeyMeta meta = metaFromRow(q, now);
            found.insert(meta.key, meta);
        }
    }
    Q_EMIT metaReady(id, metasInOrder(keys, found));
}

QList<KeyMeta> DbCacheConnector::metasInOrder(const QList<QByteArray> &keys, const QHash<QByteArray, KeyMeta> &found)
{
    QList<KeyMeta> metas;
    metas.reserve(keys.size());
    for (const QByteArray &key : keys) {
        KeyMeta meta = found.value(key);
        if (meta.key.isNull()) {
            meta.key = key;
            meta.type = KeyType::Missing;
            meta.ttlMs = KeyMissing;
        }
        metas.append(meta);
    }
    return metas;
}

} // namespace cachescope
