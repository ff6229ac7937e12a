#pragma once
// One memcached server through libmemcached: get (with flags), delete, touch, stats.
// Deliberately one memcached_st per server and never a hashing client: a key is read,
// deleted or touched on the server that listed it, whatever a client hash would say.
//
// Blocking: every call waits for the server, bounded by the spec's timeouts
// (connect_timeout -> MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT; timeout -> POLL, RCV and SND
// timeouts). Use it on the connector's thread only, never on the GUI thread.
//
// SASL: with a user name in the spec the client switches to the binary protocol (SASL
// needs it) and authenticates with memcached_set_sasl_auth_data.

#include "core/connectionspec.h"
#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

struct memcached_st;

namespace cachescope {

class MemcachedClient
{
public:
    struct Item
    {
        QByteArray data;
        quint32 flags = 0;
    };
    using Stats = QList<QPair<QByteArray, QByteArray>>;

    MemcachedClient(const ServerAddress &server, const ConnectionSpec &spec);
    ~MemcachedClient();
    MemcachedClient(const MemcachedClient &) = delete;
    MemcachedClient &operator=(const MemcachedClient &) = delete;

    const ServerAddress &server() const { return m_server; }
    QString address() const { return m_server.toString(); }

    // nullopt: the key is not on this server.
    Expected<std::optional<Item>> get(QByteArrayView key);
    // false: the key was not there.
    Expected<bool> remove(QByteArrayView key);
    // exptime as memcached takes it: 0 never, <= 30 days relative seconds, else unix time.
    Expected<bool> touch(QByteArrayView key, qint64 exptime);
    // `stats` (group empty), `stats slabs`, `stats items`, ... as name/value pairs in order.
    Expected<Stats> stats(const QByteArray &group = QByteArray());

private:
    Error errorFor(int rc, const QString &doing) const;

    ServerAddress m_server;
    memcached_st *m_mc = nullptr;
    bool m_sasl = false;
    QString m_user; // for messages only; the password is not kept here
    int m_timeoutMs = 0; // for the connection-limit probe after a failure
};

} // namespace cachescope
