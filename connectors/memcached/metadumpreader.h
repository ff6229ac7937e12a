#pragma once
// Lists the keys of ONE memcached server over a plain QTcpSocket (libmemcached has no
// lru_crawler command), event driven, so the connector's thread stays responsive and a
// stop() takes effect at once.
//
//   1. With a user name in the spec: ASCII authentication (`set <any> 0 0 n` with
//      "user password", what memcached -Y expects). A SASL-only server cannot list keys.
//   2. `lru_crawler metadump hash` (walks the hash table, so items the LRU maintainer moves
//      during the walk are neither missed nor repeated), else `lru_crawler metadump all`
//      (memcached >= 1.4.31, walks the LRUs): one line per item until END. BUSY (another
//      crawl is running) is retried a few times.
//   3. Otherwise (ERROR, CLIENT_ERROR, older server, crawler disabled): `stats items`, then
//      `stats cachedump <class> 0` per slab class. memcached caps each cachedump reply
//      (about 2 MB) and, from 1.5 on, shows only the cold LRU, so this listing may be
//      incomplete: finished() carries a warning.
//
// Every item goes to the sink as it is parsed (the key view is only valid during the call);
// chunkDone() follows each batch of socket data, so the owner can hand on a page of keys.
//
// Threads: lives on the connector's thread; the sink and the signals run there.

#include "core/connectionspec.h"
#include "core/error.h"
#include "metadumpparser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace cachescope {

class MetadumpReader : public QObject
{
    Q_OBJECT
public:
    using Sink = std::function<void(QByteArrayView key, const ItemFacts &facts)>;

    MetadumpReader(const ServerAddress &server, const ConnectionSpec &spec, Sink sink,
                   QObject *parent = nullptr);
    ~MetadumpReader() override;

    void start();
    // Drops the connection; no signal follows.
    void stop();
    const ServerAddress &server() const { return m_server; }
    qint64 itemsSeen() const { return m_items; }

Q_SIGNALS:
    void chunkDone();
    // The listing ended; warning is empty unless it may be incomplete.
    void finished(const QString &warning);
    void failed(const cachescope::Error &error);

private:
    enum class Phase
    {
        Connecting,
        Auth,
        Metadump,
        StatsItems,
        Cachedump,
        Done
    };

    void onConnected();
    void onReadyRead();
    void onSocketError();
    void onTimeout();
    void send(const QByteArray &command, Phase phase);
    // False when the reader ended (finished or failed) while handling the line.
    bool handleLine(QByteArrayView line);
    void startMetadump();
    void startFallback(const QByteArray &reason);
    void nextCachedump();
    void finish();
    void fail(ErrorKind kind, const QString &message);
    QString who() const;

    ServerAddress m_server;
    ConnectionSpec m_spec;
    Sink m_sink;
    QTcpSocket *m_socket = nullptr;
    QTimer m_timer;
    QByteArray m_buffer;
    QByteArray m_key; // reused for every decoded key
    Phase m_phase = Phase::Connecting;
    QList<int> m_classes; // slab classes left to cachedump
    QString m_warning;
    int m_busyRetries = 0;
    qint64 m_items = 0;
    bool m_ended = false;
    bool m_walkHash = true;
};

} // namespace cachescope
