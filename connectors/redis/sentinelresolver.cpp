#include "sentinelresolver.h"

#include "respclient.h"
#include "respvalue.h"

#include <QStringList>
#include <QTimer>

namespace cachescope {

SentinelResolver::SentinelResolver(const ConnectionSpec &spec, QObject *parent)
    : QObject(parent), m_spec(spec)
{
}

SentinelResolver::~SentinelResolver()
{
    ++m_round;
    m_done = nullptr;
    dropClients();
}

QString SentinelResolver::sentinelList() const
{
    QStringList list;
    for (const ServerAddress &s : m_spec.servers)
        list.append(s.toString());
    return list.join(QStringLiteral(", "));
}

void SentinelResolver::resolve(Done done)
{
    cancel();
    const quint64 round = m_round;
    m_done = std::move(done);
    if (m_spec.servers.isEmpty()) {
        QTimer::singleShot(0, this, [this, round] {
            if (round == m_round)
                finish(
                    Error::make(ErrorKind::Usage,
                                QStringLiteral("No Sentinel given for '%1': redis+sentinel://host:26379/%1")
                                    .arg(m_spec.sentinelService)));
        });
        return;
    }
    m_answers.assign(std::size_t(m_spec.servers.size()), Answer{});
    for (std::size_t i = 0; i < std::size_t(m_spec.servers.size()); ++i) {
        // A Sentinel is plain TCP with its own credentials (not the master's), and must
        // answer within the connect timeout: resolving is part of connecting.
        ConnectionSpec s = m_spec;
        s.transport = Transport::Tcp;
        s.host = m_spec.servers.at(qsizetype(i)).host;
        s.port = m_spec.servers.at(qsizetype(i)).port;
        s.username.clear();
        s.password.clear();
        s.db = 0;
        s.commandTimeoutMs = m_spec.connectTimeoutMs;
        auto *client = new RespClient(s, this);
        m_clients.push_back(client);
        client->connectToServer();
        if (!m_spec.sentinelPassword.isEmpty()) {
            QList<QByteArray> auth{"AUTH"};
            if (!m_spec.sentinelUsername.isEmpty())
                auth.append(m_spec.sentinelUsername.toUtf8());
            auth.append(m_spec.sentinelPassword.toUtf8());
            client->send(auth, [this, round, i](const RespReply &reply) { onAuthReply(round, i, reply); });
        }
        client->send({"SENTINEL", "get-master-addr-by-name", m_spec.sentinelService.toUtf8()},
                     [this, round, i](const RespReply &reply) { onReply(round, i, reply); });
    }
}

void SentinelResolver::cancel()
{
    ++m_round;
    m_done = nullptr;
    dropClients();
}

void SentinelResolver::dropClients()
{
    // Called from inside a client's callback too: disconnect now, delete from the event loop.
    std::vector<RespClient *> clients;
    clients.swap(m_clients);
    for (RespClient *c : clients) {
        c->disconnectFromServer();
        c->deleteLater();
    }
}

void SentinelResolver::onAuthReply(quint64 round, std::size_t index, const RespReply &reply)
{
    // A transport failure is this Sentinel's answer; the command after AUTH fails the same way.
    if (!reply.ok())
        return onReply(round, index, reply);
    if (round != m_round || index >= m_answers.size() || !reply.value().isError())
        return;
    Answer &a = m_answers[index];
    if (a.state != Answer::State::Waiting)
        return;
    a.state = Answer::State::Failed;
    a.authFailed = true;
    a.why = authRefusal(m_spec.servers.at(qsizetype(index)).toString(), reply.value().str);
    decide();
}

QString SentinelResolver::authRefusal(const QString &sentinel, const QByteArray &error) const
{
    const QString user =
        m_spec.sentinelUsername.isEmpty() ? QStringLiteral("default") : m_spec.sentinelUsername;
    if (error.startsWith("NOAUTH"))
        return QStringLiteral("Sentinel at %1 requires a password (NOAUTH); give the Sentinels' password in "
                              "the URL with ?sentinel_password=PASSWORD (Django: SENTINEL_KWARGS "
                              "\"password\"); the user:password@ of the URL is the master's")
            .arg(sentinel);
    if (error.contains("without any password configured") || error.contains("no password is set"))
        return QStringLiteral("Sentinel at %1 has no password set for user '%2', but the URL gives one "
                              "(sentinel_password): remove it")
            .arg(sentinel, user);
    if (error.startsWith("WRONGPASS") || error.contains("invalid password") ||
        error.contains("invalid username-password"))
        return QStringLiteral(
                   "Sentinel at %1 refused the password for user '%2' (sentinel_password in the URL)")
            .arg(sentinel, user);
    return QStringLiteral("Sentinel at %1 refused to log in user '%2': %3")
        .arg(sentinel, user, QString::fromUtf8(error));
}

void SentinelResolver::onReply(quint64 round, std::size_t index, const RespReply &reply)
{
    if (round != m_round || index >= m_answers.size())
        return; // an old round, or our own disconnect after deciding
    Answer &a = m_answers[index];
    if (a.state != Answer::State::Waiting)
        return;
    const QString who = QStringLiteral("Sentinel %1").arg(m_spec.servers.at(qsizetype(index)).toString());
    a.state = Answer::State::Failed;
    if (!reply.ok()) {
        // RespClient says "Redis at host:port ...": name it what it is here.
        a.why = reply.transportError().message;
        a.why.replace(QStringLiteral("Redis at "), QStringLiteral("Sentinel "));
        if (!a.why.contains(who))
            a.why = QStringLiteral("%1: %2").arg(who, a.why);
        a.timedOut = reply.transportError().kind == ErrorKind::Timeout;
        return decide();
    }
    const RespValue v = reply.value();
    if (v.isNil() || (v.isArray() && v.elements.isEmpty())) {
        a.unknownService = true;
        a.why = QStringLiteral("%1 does not know a master named '%2'").arg(who, m_spec.sentinelService);
    } else if (v.isError()) {
        const QString text = QString::fromUtf8(v.str);
        if (v.str.startsWith("NOAUTH")) {
            a.authFailed = true;
            a.why = authRefusal(m_spec.servers.at(qsizetype(index)).toString(), v.str);
        } else if (v.str.contains("unknown command"))
            a.why = QStringLiteral("%1 is not a Sentinel (%2); give the Sentinels' addresses "
                                   "(usually port 26379), not the master's")
                        .arg(who, text);
        else
            a.why = QStringLiteral("%1 refused to name the master: %2").arg(who, text);
    } else if (v.isArray() && v.elements.size() == 2 && v.elements.at(0).isString()) {
        bool ok = false;
        const uint port = v.elements.at(1).str.toUInt(&ok);
        if (ok && port > 0 && port <= 0xffff && !v.elements.at(0).str.isEmpty()) {
            a.state = Answer::State::Address;
            a.address = ServerAddress{QString::fromUtf8(v.elements.at(0).str), quint16(port)};
        } else {
            a.why =
                QStringLiteral("%1 sent an unusable address: %2").arg(who, QString::fromUtf8(v.debugText()));
        }
    } else {
        a.why = QStringLiteral("%1 sent an unexpected reply: %2").arg(who, QString::fromUtf8(v.debugText()));
    }
    decide();
}

void SentinelResolver::decide()
{
    // URL order decides: the first Sentinel that has not failed is the one to wait for.
    for (const Answer &a : m_answers) {
        if (a.state == Answer::State::Waiting)
            return;
        if (a.state == Answer::State::Address)
            return finish(a.address);
    }
    QStringList whys;
    bool allUnknown = true;
    bool allTimeout = true;
    bool allAuth = true;
    for (const Answer &a : m_answers) {
        whys.append(a.why);
        allUnknown = allUnknown && a.unknownService;
        allTimeout = allTimeout && a.timedOut;
        allAuth = allAuth && a.authFailed;
    }
    const QString service = m_spec.sentinelService;
    // Retrying cannot help a refused login: say exactly what each Sentinel refused.
    if (allAuth)
        return finish(Error::make(ErrorKind::Auth, QStringLiteral("Cannot find the master of '%1': %2")
                                                       .arg(service, whys.join(QStringLiteral("; ")))));
    if (allUnknown)
        return finish(Error::make(
            ErrorKind::Connect,
            QStringLiteral("No Sentinel (%1) knows a master named '%2' — check the service name in the URL "
                           "(Django's \"mymaster\" in LOCATION)")
                .arg(sentinelList(), service)));
    const ErrorKind kind = allTimeout ? ErrorKind::Timeout : ErrorKind::Connect;
    finish(Error::make(kind, QStringLiteral("Cannot find the master of '%1': no Sentinel answered with its "
                                            "address (%2)")
                                 .arg(service, whys.join(QStringLiteral("; ")))));
}

void SentinelResolver::finish(const Expected<ServerAddress> &result)
{
    Done done = std::move(m_done);
    m_done = nullptr;
    ++m_round;
    dropClients();
    if (done)
        done(result);
}

} // namespace cachescope
