#pragma once
// A connection is a URL, in the spirit of Django's LOCATION:
//   redis://[user[:password]@]host[:port][/db][?options]
//   rediss://...            (TLS; ?ca=/path/ca.pem, ?verify=false)
//   unix:///path/to/redis.sock?db=N
// Options understood for every scheme: connect_timeout and timeout (seconds, may be
// fractional), scan_count, readonly=true, db (unix sockets). Unknown options are an
// error, so a typo never silently does nothing.

#include "error.h"

#include <QMetaType>
#include <QString>

namespace cachescope {

enum class BackendKind { Redis };
enum class Transport { Tcp, Tls, Unix };

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

    static Expected<ConnectionSpec> parse(const QString &url);

    // The URL again; the password only when asked (never for display, logs or settings).
    QString toUrl(bool withPassword = false) const;
    // "127.0.0.1:6379/0", "unix:/run/redis.sock/0": for titles and status bars.
    QString displayAddress() const;
    bool operator==(const ConnectionSpec &) const = default;
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::ConnectionSpec)
