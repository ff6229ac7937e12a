#pragma once
// The interface every backend implements (Redis now; memcached and the DB table later).
//
// Threads: a Connector lives on its own QThread (see ConnectorHost). Its request methods
// must be called on that thread only; ConnectorHost posts them there with
// QMetaObject::invokeMethod. Results come back as signals, and every signal carries the
// request id it answers, so a caller that has moved on (a newer scan, another key)
// drops stale answers by comparing ids. Arguments are copied into the queued signals;
// Qt's implicitly shared containers make those copies cheap.
//
// Writes go through the non-virtual public methods, which refuse them on a connection
// marked read-only before any backend code runs.

#include "connectionspec.h"
#include "error.h"
#include "invalidationjob.h"
#include "keybatch.h"
#include "keytypes.h"

#include <QObject>

#include <atomic>

namespace cachescope {

class Connector : public QObject
{
    Q_OBJECT
public:
    explicit Connector(ConnectionSpec spec, QObject *parent = nullptr);
    ~Connector() override;

    const ConnectionSpec &spec() const { return m_spec; }

    // Connect, authenticate, select the database; emits opened() or connectionLost().
    virtual void open() = 0;
    // Server facts for the status bar; emits infoReady().
    virtual void refreshInfo(quint64 id) = 0;
    // Stream the keyspace page by page: keysFound() per page, then scanFinished().
    virtual void scanKeys(quint64 id, const cachescope::ScanRequest &request) = 0;
    // Stop the scan with this id after the page in flight; scanFinished(complete=false).
    virtual void stopScan(quint64 id) = 0;
    // Type, TTL and size of these keys, pipelined; emits metaReady() once for all.
    virtual void fetchMeta(quint64 id, const QList<QByteArray> &keys) = 0;
    // One value (or one page of a collection); emits valueReady().
    virtual void fetchValue(quint64 id, const cachescope::ValueRequest &request) = 0;
    // Server statistics as readable tables (Redis INFO sections; memcached stats, stats
    // slabs, stats items per pool member); emits serverStatsReady(). The default answers
    // requestFailed() for a backend without statistics.
    virtual void fetchServerStats(quint64 id);

    // Writes. Refused with ErrorKind::ReadOnly when the connection is read-only.
    void deleteKeys(quint64 id, const QList<QByteArray> &keys);
    // ttlMs > 0 sets an expiry; NoExpiry removes it.
    void setTtl(quint64 id, const QByteArray &key, qint64 ttlMs);
    // Deletes every entry already past its expiry that the backend still stores (Django's
    // DB cache table keeps them until a write culls); answers keysDeleted(id, n, n).
    // Backends without such leftovers answer requestFailed("not supported").
    void removeExpired(quint64 id);

    // Invalidation jobs (invalidationjob.h). Emits invalidationProgress() at most ten times
    // a second and invalidationFinished() exactly once, also when refused: a non-preview job
    // on a read-only connection finishes Failed with ErrorKind::ReadOnly before any backend
    // code runs; a second job while one runs finishes Failed with ErrorKind::Usage.
    void runInvalidation(quint64 id, const cachescope::InvalidationJob &job);
    // Thread-safe (ConnectorHost calls it directly from the GUI thread): the job with this
    // id stops before its next batch, within a second, and finishes Cancelled with the
    // exact counts of what it did.
    void cancelInvalidation(quint64 id) { m_cancelledJob.store(id, std::memory_order_relaxed); }

Q_SIGNALS:
    void opened(const cachescope::ServerInfo &info);
    // The connection could not be made, or was lost; requests in flight fail too.
    void connectionLost(const cachescope::Error &error);
    void infoReady(quint64 id, const cachescope::ServerInfo &info);
    void keysFound(quint64 id, const cachescope::KeyBatch &batch, qint64 keysSoFar);
    // After requestFailed() when the scan ended on an error.
    void scanFinished(quint64 id, const cachescope::ScanSummary &summary);
    void metaReady(quint64 id, const QList<cachescope::KeyMeta> &meta);
    void valueReady(quint64 id, const cachescope::KeyValue &value);
    void serverStatsReady(quint64 id, const QList<cachescope::ServerStats> &tables);
    void keysDeleted(quint64 id, qint64 deleted, qint64 requested);
    void ttlChanged(quint64 id, const QByteArray &key, bool applied);
    void requestFailed(quint64 id, const cachescope::Error &error);
    void invalidationProgress(quint64 id, const cachescope::InvalidationProgress &progress);
    void invalidationFinished(quint64 id, const cachescope::InvalidationReport &report);

protected:
    virtual void doDeleteKeys(quint64 id, const QList<QByteArray> &keys) = 0;
    virtual void doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs) = 0;
    virtual void doRemoveExpired(quint64 id);
    // The backend's job runner. Must return to the event loop between batches (the
    // connector's thread keeps answering), check invalidationCancelled() before each
    // batch, and call finishInvalidation() exactly once. The default finishes Failed
    // ("not supported").
    virtual void doRunInvalidation(quint64 id, const cachescope::InvalidationJob &job);
    bool invalidationCancelled(quint64 id) const { return m_cancelledJob.load(std::memory_order_relaxed) == id; }
    // Emits invalidationFinished() and frees the slot for the next job.
    void finishInvalidation(quint64 id, const cachescope::InvalidationReport &report);

    // True (and requestFailed with ErrorKind::ReadOnly emitted) when the connection is
    // read-only; for backend-specific writes beyond the ones above.
    bool refuseWrite(quint64 id, const QString &what);
    // requestFailed for a request this backend has no equivalent for.
    void refuseUnsupported(quint64 id, const QString &what);

private:
    ConnectionSpec m_spec;
    std::atomic<quint64> m_cancelledJob{0};
    quint64 m_runningJob = 0; // 0 = none; touched on the connector's thread only
};

void registerCoreMetaTypes();

} // namespace cachescope
