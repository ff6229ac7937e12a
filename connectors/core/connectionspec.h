#pragma once
// A connection is a URL, in the spirit of Django's LOCATION:
//   redis://[user[:password]@]host[:port][/db][?options]
//   rediss://...            (TLS; ?ca=/path/ca.pem, ?verify=false)
//   unix:///path/to/redis.sock?db=N
//   redis+cluster://[user[:password]@]host:port[,host:port...][?options]   (seed nodes of a Cluster)
//   redis+sentinel://[user[:password]@]host:port[,host:port...]/service_name[/db][?options]
//                           (Sentinels, default port 26379; the credentials are the master's;
//                            ?sentinel_password=…[&sentinel_username=…] are the Sentinels' own)
//   memcached://[user:pass@]host:port[,host:port...]        (a pool; SASL user/password)
//   sqlite:///abs/path/db.sqlite3?table=django_cache&tz=Europe/Paris
//   postgresql://user[:pass]@host[:port]/dbname?table=...&tz=...   (also postgres://)
//   mysql://user[:pass]@host[:port]/dbname?table=...&tz=...
// Options understood for every scheme: connect_timeout and timeout (seconds, may be
// fractional), scan_count, readonly=true; db (Redis unix sockets); ca, verify (rediss);
// table, tz (SQL); sentinel_password, sentinel_username (redis+sentinel). Unknown options
// are an error, so a typo never silently does nothing.
// The SQL table name is validated here ([A-Za-z_][A-Za-z0-9_]*, optionally schema.table),
// so nothing from a URL can reach SQL text unchecked.

#include "error.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace cachescope {

enum class BackendKind { Redis, Memcached, DbCache };
enum class Transport { Tcp, Tls, Unix };
enum class SqlDriver { None, Sqlite, Postgres, Mysql };
// How a Redis connection finds its server(s): one address; the masters of a Cluster found
// from seed nodes; or the master a set of Sentinels names for a service.
enum class RedisTopology { Standalone, Cluster, Sentinel };

struct ServerAddress
{
    QString host;
    quint16 port = 0;
    bool operator==(const ServerAddress &) const = default;
    // "host:port", "[::1]:11211"
    QString toString() const;
};

struct ConnectionSpec
{
    BackendKind backend = BackendKind::Redis;
    Transport transport = Transport::Tcp;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString socketPath;           // Transport::Unix
    int db = 0;
    QString username;             // Redis 6 ACL user; empty = "default"
    QString password;             // never written to settings in clear
    QString caFile;               // TLS: extra CA certificates (PEM)
    bool verifyPeer = true;       // TLS: check the server certificate
    int connectTimeoutMs = 5000;
    int commandTimeoutMs = 10000;
    int scanCount = 1000;
    bool readOnly = false;        // refuse every write in the connector itself
    RedisTopology topology = RedisTopology::Standalone;
    QString sentinelService;               // Sentinel: the master's name (Django's "mymaster")
    // Sentinel: the Sentinels' own AUTH (django-redis SENTINEL_KWARGS), distinct from the
    // master's. The password is a secret like `password`: never in settings or logs.
    QString sentinelUsername;
    QString sentinelPassword;
    // memcached pool, Cluster seed nodes or Sentinels, in URL order (host/port = the first)
    QList<ServerAddress> servers;
    SqlDriver sqlDriver = SqlDriver::None; // DbCache
    QString database;                      // DbCache: SQLite file path, or the PostgreSQL/MySQL database name
    QString table = QStringLiteral("django_cache");   // validated: [A-Za-z_][A-Za-z0-9_]* (optionally schema.table)
    QString timeZone = QStringLiteral("UTC");        // IANA name; how naive `expires` values are read (USE_TZ=False sites)

    static Expected<ConnectionSpec> parse(const QString &url);
    // True for a table name the SQL connector may quote and use: see the header comment.
    static bool isValidTableName(const QString &name);

    // The URL again; the passwords (the master's and sentinel_password) only when asked
    // (never for display, logs or settings).
    QString toUrl(bool withPassword = false) const;
    // "127.0.0.1:6379/0", "unix:/run/redis.sock/0", "10.0.0.1:11211,10.0.0.2:11211",
    // "/srv/site/db.sqlite3 (django_cache)", "db.example:5432/site (django_cache)":
    // for titles and status bars.
    QString displayAddress() const;
    bool operator==(const ConnectionSpec &) const = default;
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::ConnectionSpec)
