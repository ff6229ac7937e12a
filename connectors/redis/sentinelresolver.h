#pragma once
// Finds the master a set of Redis Sentinels names for a service (redis+sentinel:// URLs).
//
// resolve() asks every Sentinel of the spec at once (SENTINEL get-master-addr-by-name) and
// answers with the first Sentinel in URL order that names an address: an earlier Sentinel
// wins over a later one, yet a dead or frozen one costs at most the connect timeout, not
// one timeout per Sentinel. When none names an address the Error says, per Sentinel, why
// (down, unknown service, not a Sentinel, wants a password).
//
// The URL's user and password are the master's. Sentinels with requirepass get
// AUTH [sentinel_username] sentinel_password first (django-redis SENTINEL_KWARGS); a refused
// or missing Sentinel password is ErrorKind::Auth when every Sentinel refused the login.
//
// Threads: lives on its connector's thread; done runs there, from the event loop.

#include "core/connectionspec.h"
#include "core/error.h"

#include <QObject>

#include <functional>
#include <vector>

namespace cachescope {

class RespClient;
class RespReply;

class SentinelResolver : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const Expected<ServerAddress> &)>;

    explicit SentinelResolver(const ConnectionSpec &spec, QObject *parent = nullptr);
    ~SentinelResolver() override;

    // done runs exactly once, unless cancel() or a newer resolve() comes first (then never).
    void resolve(Done done);
    void cancel();
    bool isResolving() const { return bool(m_done); }

    const QString &service() const { return m_spec.sentinelService; }
    // "127.0.0.1:26379, 127.0.0.1:26380": for messages.
    QString sentinelList() const;

private:
    struct Answer
    {
        enum class State
        {
            Waiting,
            Address,
            Failed
        };
        State state = State::Waiting;
        ServerAddress address;
        QString why; // Failed: one readable sentence about this Sentinel
        bool unknownService = false;
        bool timedOut = false;
        bool authFailed = false;
    };

    void onAuthReply(quint64 round, std::size_t index, const RespReply &reply);
    void onReply(quint64 round, std::size_t index, const RespReply &reply);
    QString authRefusal(const QString &sentinel, const QByteArray &error) const;
    void decide();
    void finish(const Expected<ServerAddress> &result);
    void dropClients();

    ConnectionSpec m_spec;
    std::vector<RespClient *> m_clients; // this round's, one per Sentinel
    std::vector<Answer> m_answers;
    Done m_done;
    quint64 m_round = 0; // bumped per resolve() and cancel(); late replies of old rounds are ignored
};

} // namespace cachescope
