#pragma once
// Owns one Connector and the QThread it lives on. Every request method here is safe to
// call from any thread, never blocks, and returns the request id that the connector's
// answering signal will carry. The destructor stops the thread and waits for it; the
// connector is deleted on its own thread, where its sockets live.

#include "connector.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace cachescope {

class ConnectorHost : public QObject
{
    Q_OBJECT
public:
    explicit ConnectorHost(std::unique_ptr<Connector> connector, QObject *parent = nullptr);
    ~ConnectorHost() override;

    // For connecting to its signals; do not call its methods directly from another thread.
    Connector *connector() const { return m_connector; }
    const ConnectionSpec &spec() const { return m_spec; }

    void open();
    quint64 refreshInfo();
    quint64 scanKeys(const ScanRequest &request);
    void stopScan(quint64 id);
    quint64 fetchMeta(const QList<QByteArray> &keys);
    quint64 fetchValue(const ValueRequest &request);
    quint64 fetchServerStats();
    quint64 deleteKeys(const QList<QByteArray> &keys);
    quint64 setTtl(const QByteArray &key, qint64 ttlMs);
    quint64 removeExpired();
    quint64 runInvalidation(const InvalidationJob &job);
    // Direct, not posted: the job checks the flag between batches even while busy.
    void cancelInvalidation(quint64 id) { m_connector->cancelInvalidation(id); }

private:
    template <typename F>
    void post(F &&call);
    quint64 nextId() { return ++m_lastId; }

    ConnectionSpec m_spec;
    QThread m_thread;
    Connector *m_connector = nullptr;   // owned; deleted on m_thread when it finishes
    std::atomic<quint64> m_lastId{0};
};

} // namespace cachescope
