#include "metadumpreader.h"

#include <QTcpSocket>

#include <cstring>

namespace cachescope {

namespace {

constexpr int MaxBusyRetries = 20;
constexpr int BusyRetryMs = 250;

} // namespace

MetadumpReader::MetadumpReader(const ServerAddress &server, const ConnectionSpec &spec, Sink sink,
                               QObject *parent)
    : QObject(parent), m_server(server), m_spec(spec), m_sink(std::move(sink)), m_socket(new QTcpSocket(this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &MetadumpReader::onTimeout);
    connect(m_socket, &QTcpSocket::connected, this, &MetadumpReader::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &MetadumpReader::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &MetadumpReader::onSocketError);
}

MetadumpReader::~MetadumpReader()
{
    m_ended = true;
}

QString MetadumpReader::who() const
{
    return QStringLiteral("memcached at %1").arg(m_server.toString());
}

void MetadumpReader::start()
{
    m_phase = Phase::Connecting;
    m_timer.start(m_spec.connectTimeoutMs);
    m_socket->connectToHost(m_server.host, m_server.port);
}

void MetadumpReader::stop()
{
    m_ended = true;
    m_timer.stop();
    m_socket->abort();
}

void MetadumpReader::send(const QByteArray &command, Phase phase)
{
    m_phase = phase;
    m_socket->write(command);
    m_timer.start(m_spec.commandTimeoutMs);
}

void MetadumpReader::onConnected()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_spec.username.isEmpty()) {
        startMetadump();
        return;
    }
    // memcached -Y: any set whose data is "user password" authenticates the connection.
    const QByteArray token = m_spec.username.toUtf8() + ' ' + m_spec.password.toUtf8();
    send("set cachescope_auth 0 0 " + QByteArray::number(token.size()) + "\r\n" + token + "\r\n",
         Phase::Auth);
}

void MetadumpReader::startMetadump()
{
    if (m_ended)
        return;
    // "hash" walks the hash table: every item exactly once, even while the LRU maintainer
    // moves items between segments (a walk of the LRUs can miss those). Older servers only
    // know "all".
    send(m_walkHash ? "lru_crawler metadump hash\r\n" : "lru_crawler metadump all\r\n", Phase::Metadump);
}

void MetadumpReader::startFallback(const QByteArray &reason)
{
    m_warning =
        QStringLiteral("%1 cannot run lru_crawler metadump (%2): its keys were listed with stats "
                       "cachedump, which shows only part of each slab class (at most about 2 MB of "
                       "keys, and on memcached 1.5+ only the cold LRU), so the list may be incomplete")
            .arg(who(), QString::fromUtf8(reason.trimmed()));
    send("stats items\r\n", Phase::StatsItems);
}

void MetadumpReader::nextCachedump()
{
    if (m_classes.isEmpty()) {
        finish();
        return;
    }
    const int cls = m_classes.takeFirst();
    send("stats cachedump " + QByteArray::number(cls) + " 0\r\n", Phase::Cachedump);
}

void MetadumpReader::finish()
{
    m_phase = Phase::Done;
    m_ended = true;
    m_timer.stop();
    m_socket->abort();
    Q_EMIT chunkDone();
    Q_EMIT finished(m_warning);
}

void MetadumpReader::fail(ErrorKind kind, const QString &message)
{
    if (m_ended)
        return;
    m_ended = true;
    m_timer.stop();
    m_socket->abort();
    Q_EMIT chunkDone();
    Q_EMIT failed(Error::make(kind, message));
}

void MetadumpReader::onTimeout()
{
    if (m_phase == Phase::Connecting)
        fail(ErrorKind::Timeout, QStringLiteral("%1 did not accept a connection within %2 s")
                                     .arg(who())
                                     .arg(m_spec.connectTimeoutMs / 1000.0));
    else
        fail(ErrorKind::Timeout, QStringLiteral("%1 sent nothing for %2 s while listing keys")
                                     .arg(who())
                                     .arg(m_spec.commandTimeoutMs / 1000.0));
}

void MetadumpReader::onSocketError()
{
    if (m_ended)
        return;
    switch (m_socket->error()) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(ErrorKind::Connect,
             QStringLiteral("%1 refused the connection (is memcached running there?)").arg(who()));
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(ErrorKind::Connect, QStringLiteral("%1: unknown host").arg(who()));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        fail(ErrorKind::Connect, QStringLiteral("%1 closed the connection while listing keys").arg(who()));
        break;
    default:
        fail(ErrorKind::Connect, QStringLiteral("%1: %2").arg(who(), m_socket->errorString()));
        break;
    }
}

void MetadumpReader::onReadyRead()
{
    if (m_ended)
        return;
    // Read straight into the tail of the buffer: no temporary QByteArray per chunk.
    const qint64 available = m_socket->bytesAvailable();
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + qsizetype(available));
    const qint64 got = m_socket->read(m_buffer.data() + old, available);
    m_buffer.resize(old + qsizetype(qMax<qint64>(got, 0)));
    m_timer.start(m_spec.commandTimeoutMs);

    const char *data = m_buffer.constData();
    const qsizetype n = m_buffer.size();
    qsizetype pos = 0;
    while (pos < n) {
        const void *newline = std::memchr(data + pos, '\n', size_t(n - pos));
        if (!newline)
            break;
        const qsizetype end = static_cast<const char *>(newline) - data;
        qsizetype lineEnd = end;
        if (lineEnd > pos && data[lineEnd - 1] == '\r')
            --lineEnd;
        if (!handleLine(QByteArrayView(data + pos, lineEnd - pos)))
            return;
        pos = end + 1;
    }
    m_buffer.remove(0, pos);
    Q_EMIT chunkDone();
}

bool MetadumpReader::handleLine(QByteArrayView line)
{
    ItemFacts facts;
    switch (m_phase) {
    case Phase::Metadump:
        if (parseMetadumpLine(line, &m_key, &facts)) {
            ++m_items;
            m_sink(m_key, facts);
            return true;
        }
        if (line == "END") {
            finish();
            return false;
        }
        if (m_walkHash && m_items == 0 && !line.startsWith("BUSY")) {
            m_walkHash = false;
            startMetadump();
            return true;
        }
        if (line.startsWith("BUSY") && m_busyRetries < MaxBusyRetries) {
            // Another client's crawl is running: ask again shortly.
            ++m_busyRetries;
            m_timer.stop();
            QTimer::singleShot(BusyRetryMs, this, &MetadumpReader::startMetadump);
            return true;
        }
        startFallback(line.toByteArray());
        return true;
    case Phase::Auth:
        if (line == "STORED") {
            startMetadump();
            return true;
        }
        fail(ErrorKind::Auth,
             QStringLiteral("%1 refused the ASCII login of user '%2' (%3); listing keys needs the "
                            "ASCII protocol: a SASL-only server (-S without -Y) cannot list keys")
                 .arg(who(), m_spec.username, QString::fromUtf8(line)));
        return false;
    case Phase::StatsItems:
        if (line.startsWith("STAT items:")) {
            // STAT items:<class>:number <count>
            const QByteArrayView rest = line.sliced(11);
            const qsizetype colon = rest.indexOf(':');
            if (colon > 0 && rest.sliced(colon + 1).startsWith("number ")) {
                const int cls = rest.first(colon).toInt();
                if (rest.sliced(colon + 8).toLongLong() > 0 && !m_classes.contains(cls))
                    m_classes.append(cls);
            }
            return true;
        }
        if (line == "END") {
            nextCachedump();
            return !m_ended;
        }
        fail(ErrorKind::Server,
             QStringLiteral("%1 refused stats items: %2").arg(who(), QString::fromUtf8(line)));
        return false;
    case Phase::Cachedump:
        if (parseCachedumpLine(line, &m_key, &facts)) {
            ++m_items;
            m_sink(m_key, facts);
            return true;
        }
        if (line == "END") {
            nextCachedump();
            return !m_ended;
        }
        fail(ErrorKind::Server,
             QStringLiteral("%1 does not allow listing its keys (%2); it was probably started "
                            "with -X / --disable-dumping")
                 .arg(who(), QString::fromUtf8(line)));
        return false;
    case Phase::Connecting:
    case Phase::Done:
        break;
    }
    return true;
}

} // namespace cachescope
