#include "connector.h"

namespace cachescope {

Connector::Connector(ConnectionSpec spec, QObject *parent) : QObject(parent), m_spec(std::move(spec))
{
    registerCoreMetaTypes();
}

Connector::~Connector() = default;

bool Connector::refuseWrite(quint64 id, const QString &what)
{
    if (!m_spec.readOnly)
        return false;
    Q_EMIT requestFailed(id, Error::make(ErrorKind::ReadOnly,
                                         QStringLiteral("Refused to %1: the connection %2 is marked read-only.")
                                             .arg(what, m_spec.displayAddress())));
    return true;
}

void Connector::deleteKeys(quint64 id, const QList<QByteArray> &keys)
{
    if (!refuseWrite(id, QStringLiteral("delete %1 key(s)").arg(keys.size())))
        doDeleteKeys(id, keys);
}

void Connector::setTtl(quint64 id, const QByteArray &key, qint64 ttlMs)
{
    if (!refuseWrite(id, QStringLiteral("change a TTL")))
        doSetTtl(id, key, ttlMs);
}

void Connector::removeExpired(quint64 id)
{
    if (!refuseWrite(id, QStringLiteral("remove expired entries")))
        doRemoveExpired(id);
}

void Connector::doRemoveExpired(quint64 id)
{
    refuseUnsupported(id, QStringLiteral("Removing expired entries"));
}

void Connector::refuseUnsupported(quint64 id, const QString &what)
{
    Q_EMIT requestFailed(id, Error::make(ErrorKind::Usage, QStringLiteral("%1: not supported by this backend (%2)")
                                                               .arg(what, m_spec.displayAddress())));
}

void Connector::fetchServerStats(quint64 id)
{
    Q_EMIT requestFailed(id, Error::make(ErrorKind::Usage, QStringLiteral("%1 has no server statistics to show")
                                                               .arg(m_spec.displayAddress())));
}

void registerCoreMetaTypes()
{
    static const bool once = [] {
        qRegisterMetaType<cachescope::Error>();
        qRegisterMetaType<cachescope::ConnectionSpec>();
        qRegisterMetaType<cachescope::KeyMeta>();
        qRegisterMetaType<QList<cachescope::KeyMeta>>();
        qRegisterMetaType<cachescope::ScanRequest>();
        qRegisterMetaType<cachescope::ScanSummary>();
        qRegisterMetaType<cachescope::ValueRequest>();
        qRegisterMetaType<cachescope::KeyValue>();
        qRegisterMetaType<cachescope::ServerInfo>();
        qRegisterMetaType<cachescope::ServerStats>();
        qRegisterMetaType<QList<cachescope::ServerStats>>();
        qRegisterMetaType<cachescope::KeyBatch>();
        return true;
    }();
    Q_UNUSED(once);
}

} // namespace cachescope
