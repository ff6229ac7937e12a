#include "connectorhost.h"

namespace cachescope {

ConnectorHost::ConnectorHost(std::unique_ptr<Connector> connector, QObject *parent)
    : QObject(parent), m_spec(connector->spec()), m_connector(connector.release())
{
    m_thread.setObjectName(QStringLiteral("connector %1").arg(m_spec.displayAddress()));
    m_connector->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_connector, &QObject::deleteLater);
    m_thread.start();
}

ConnectorHost::~ConnectorHost()
{
    m_thread.quit();
    m_thread.wait();
}

template <typename F>
void ConnectorHost::post(F &&call)
{
    QMetaObject::invokeMethod(m_connector, std::forward<F>(call), Qt::QueuedConnection);
}

void ConnectorHost::open()
{
    post([c = m_connector] { c->open(); });
}

quint64 ConnectorHost::refreshInfo()
{
    const quint64 id = nextId();
    post([c = m_connector, id] { c->refreshInfo(id); });
    return id;
}

quint64 ConnectorHost::scanKeys(const ScanRequest &request)
{
    const quint64 id = nextId();
    post([c = m_connector, id, request] { c->scanKeys(id, request); });
    return id;
}

void ConnectorHost::stopScan(quint64 id)
{
    post([c = m_connector, id] { c->stopScan(id); });
}

quint64 ConnectorHost::fetchMeta(const QList<QByteArray> &keys)
{
    const quint64 id = nextId();
    post([c = m_connector, id, keys] { c->fetchMeta(id, keys); });
    return id;
}

quint64 ConnectorHost::fetchValue(const ValueRequest &request)
{
    const quint64 id = nextId();
    post([c = m_connector, id, request] { c->fetchValue(id, request); });
    return id;
}

quint64 ConnectorHost::fetchServerStats()
{
    const quint64 id = nextId();
    post([c = m_connector, id] { c->fetchServerStats(id); });
    return id;
}

quint64 ConnectorHost::deleteKeys(const QList<QByteArray> &keys)
{
    const quint64 id = nextId();
    post([c = m_connector, id, keys] { c->deleteKeys(id, keys); });
    return id;
}

quint64 ConnectorHost::setTtl(const QByteArray &key, qint64 ttlMs)
{
    const quint64 id = nextId();
    post([c = m_connector, id, key, ttlMs] { c->setTtl(id, key, ttlMs); });
    return id;
}

quint64 ConnectorHost::removeExpired()
{
    const quint64 id = nextId();
    post([c = m_connector, id] { c->removeExpired(id); });
    return id;
}

quint64 ConnectorHost::runInvalidation(const InvalidationJob &job)
{
    const quint64 id = nextId();
    post([c = m_connector, id, job] { c->runInvalidation(id, job); });
    return id;
}

} // namespace cachescope
