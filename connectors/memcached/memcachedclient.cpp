#include "memcachedclient.h"

#include "metaprobe.h"

#include <libmemcached-1.0/memcached.h>

#include <cstdlib>
#include <cstring>

namespace cachescope {

MemcachedClient::MemcachedClient(const ServerAddress &server, const ConnectionSpec &spec)
    : m_server(server), m_timeoutMs(qMin(spec.connectTimeoutMs, spec.commandTimeoutMs))
{
    m_mc = memcached_create(nullptr);
    const QByteArray host = server.host.toUtf8();
    memcached_server_add(m_mc, host.constData(), server.port);
    memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, uint64_t(spec.connectTimeoutMs));
    memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, uint64_t(spec.commandTimeoutMs));
    memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_RCV_TIMEOUT, uint64_t(spec.commandTimeoutMs) * 1000);
    memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_SND_TIMEOUT, uint64_t(spec.commandTimeoutMs) * 1000);
    // A server that failed is tried again after a second, not after libmemcached's default.
    memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, 1);
    memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
    if (!spec.username.isEmpty()) {
        m_sasl = true;
        m_user = spec.username;
        memcached_behavior_set(m_mc, MEMCACHED_BEHAVIOR_BINARY_PROTOCOL, 1);
        memcached_set_sasl_auth_data(m_mc, spec.username.toUtf8().constData(),
                                     spec.password.toUtf8().constData());
    }
}

MemcachedClient::~MemcachedClient()
{
    if (m_sasl)
        memcached_destroy_sasl_auth_data(m_mc);
    memcached_free(m_mc);
}

Error MemcachedClient::errorFor(int code, const QString &doing) const
{
    const auto rc = memcached_return_t(code);
    // memcached_last_error_message() carries a pointer and a source line; build a sentence instead.
    QString detail = QString::fromUtf8(memcached_strerror(m_mc, rc)).toLower();
    if (const int err = memcached_last_error_errno(m_mc); err != 0)
        detail += QStringLiteral(" (%1)").arg(QString::fromLocal8Bit(std::strerror(err)));
    const QString text = QStringLiteral("memcached at %1: could not %2: %3").arg(address(), doing, detail);
    switch (rc) {
    case MEMCACHED_AUTH_PROBLEM:
    case MEMCACHED_AUTH_FAILURE:
    case MEMCACHED_AUTH_CONTINUE:
        if (!m_sasl)
            return Error::make(ErrorKind::Auth,
                               QStringLiteral("memcached at %1 requires a SASL login (give a user and a "
                                              "password) to %2: %3")
                                   .arg(address(), doing, detail));
        return Error::make(ErrorKind::Auth, QStringLiteral("memcached at %1 refused the SASL login of user "
                                                           "'%2' (wrong user name or password?) to %3: %4")
                                                .arg(address(), m_user, doing, detail));
    case MEMCACHED_TIMEOUT:
        return Error::make(ErrorKind::Timeout, text);
    case MEMCACHED_HOST_LOOKUP_FAILURE:
        return Error::make(ErrorKind::Connect,
                           QStringLiteral("Unknown host '%1' — check the host name in the connection URL "
                                          "(memcached at %2 could not %3)")
                               .arg(m_server.host, address(), doing));
    case MEMCACHED_BAD_KEY_PROVIDED:
    case MEMCACHED_KEY_TOO_BIG:
        return Error::make(ErrorKind::Usage, text);
    default:
        break;
    }
    // A full server greets with an error line and hangs up, which libmemcached reports as
    // a read, connection or protocol failure: find out, so the person does not chase a
    // network fault. (A closed port fails the probe's connect at once.)
    if (auto limit = probeConnectionLimit(m_server, m_timeoutMs))
        return *limit;
    switch (rc) {
    case MEMCACHED_CONNECTION_FAILURE:
    case MEMCACHED_WRITE_FAILURE:
    case MEMCACHED_READ_FAILURE:
    case MEMCACHED_UNKNOWN_READ_FAILURE:
    case MEMCACHED_ERRNO:
    case MEMCACHED_SERVER_MARKED_DEAD:
    case MEMCACHED_SERVER_TEMPORARILY_DISABLED:
    case MEMCACHED_NO_SERVERS:
        return Error::make(ErrorKind::Connect,
                           QStringLiteral("could not reach memcached at %1 to %2: %3 — is "
                                          "memcached running there, and reachable?")
                               .arg(address(), doing, detail));
    case MEMCACHED_SERVER_ERROR:
    case MEMCACHED_CLIENT_ERROR:
    case MEMCACHED_ERROR:
    case MEMCACHED_NOT_SUPPORTED:
        return Error::make(ErrorKind::Server, text);
    default:
        return Error::make(ErrorKind::Protocol, text);
    }
}

Expected<std::optional<MemcachedClient::Item>> MemcachedClient::get(QByteArrayView key)
{
    size_t length = 0;
    uint32_t flags = 0;
    memcached_return_t rc = MEMCACHED_SUCCESS;
    char *value = memcached_get(m_mc, key.data(), size_t(key.size()), &length, &flags, &rc);
    if (rc == MEMCACHED_NOTFOUND) {
        std::free(value);
        return std::optional<Item>();
    }
    if (rc != MEMCACHED_SUCCESS) {
        std::free(value);
        return errorFor(rc, QStringLiteral("read a value"));
    }
    Item item;
    item.data = QByteArray(value, qsizetype(length));
    item.flags = flags;
    std::free(value);
    return std::optional<Item>(std::move(item));
}

Expected<bool> MemcachedClient::remove(QByteArrayView key)
{
    const memcached_return_t rc = memcached_delete(m_mc, key.data(), size_t(key.size()), 0);
    if (rc == MEMCACHED_SUCCESS || rc == MEMCACHED_DELETED)
        return true;
    if (rc == MEMCACHED_NOTFOUND)
        return false;
    return errorFor(rc, QStringLiteral("delete a key"));
}

Expected<bool> MemcachedClient::touch(QByteArrayView key, qint64 exptime)
{
    const memcached_return_t rc = memcached_touch(m_mc, key.data(), size_t(key.size()), time_t(exptime));
    if (rc == MEMCACHED_SUCCESS)
        return true;
    if (rc == MEMCACHED_NOTFOUND)
        return false;
    return errorFor(rc, QStringLiteral("change a TTL (touch)"));
}

Expected<MemcachedClient::Stats> MemcachedClient::stats(const QByteArray &group)
{
    Stats result;
    auto collect = [](const memcached_instance_st *, const char *key, size_t keyLength, const char *value,
                      size_t valueLength, void *context) -> memcached_return_t {
        static_cast<Stats *>(context)->append(
            {QByteArray(key, qsizetype(keyLength)), QByteArray(value, qsizetype(valueLength))});
        return MEMCACHED_SUCCESS;
    };
    const memcached_return_t rc =
        memcached_stat_execute(m_mc, group.isEmpty() ? nullptr : group.constData(), collect, &result);
    if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_SOME_ERRORS)
        return errorFor(rc, group.isEmpty()
                                ? QStringLiteral("read stats")
                                : QStringLiteral("read stats %1").arg(QString::fromLatin1(group)));
    if (rc == MEMCACHED_SOME_ERRORS && result.isEmpty())
        return errorFor(rc, QStringLiteral("read stats"));
    // A live memcached always has general stats. libmemcached reports success with none when
    // the server died since the last call or greeted with "ERROR Too many open connections":
    // without this the connector showed a server with no version and 0 items.
    if (group.isEmpty() && result.isEmpty())
        return errorFor(rc == MEMCACHED_SUCCESS ? MEMCACHED_CONNECTION_FAILURE : rc, QStringLiteral("read stats"));
    return result;
}

} // namespace cachescope
