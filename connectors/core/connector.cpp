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

void Connector::runInvalidation(quint64 id, const InvalidationJob &job)
{
    auto refuse = [&](ErrorKind kind, const QString &message) {
        InvalidationReport report;
        report.outcome = InvalidationReport::Outcome::Failed;
        report.error = Error::make(kind, message);
        Q_EMIT invalidationFinished(id, report);
    };
    if (job.action != InvalidationJob::Action::Preview && m_spec.readOnly)
        return refuse(ErrorKind::ReadOnly, QStringLiteral("Refused to %1 (%2): the connection %3 is marked read-only.")
                                               .arg(invalidationActionName(job.action), job.description,
                                                    m_spec.displayAddress()));
    if (m_runningJob != 0)
        return refuse(ErrorKind::Usage, QStringLiteral("Another invalidation is still running on %1; wait for it "
                                                       "or cancel it first.")
                                            .arg(m_spec.displayAddress()));
    if (job.keys.isEmpty() && job.patterns.isEmpty())
        return refuse(ErrorKind::Usage, QStringLiteral("Nothing selected: give keys or a pattern."));
    if (job.action == InvalidationJob::Action::Expire && job.softTtlMs <= 0)
        return refuse(ErrorKind::Usage, QStringLiteral("A soft invalidation needs a TTL greater than zero."));
    if (job.batchSize < 1 || job.batchSize > 100000)
        return refuse(ErrorKind::Usage, QStringLiteral("The batch size must be between 1 and 100000."));
    m_runningJob = id;
    doRunInvalidation(id, job);
}

void Connector::finishInvalidation(quint64 id, const InvalidationReport &report)
{
    if (m_runningJob == id)
        m_runningJob = 0;
    Q_EMIT invalidationFinished(id, report);
}

void Connector::doRunInvalidation(quint64 id, const InvalidationJob &job)
{
    InvalidationReport report;
    report.outcome = InvalidationReport::Outcome::Failed;
    report.error = Error::make(ErrorKind::Usage, QStringLiteral("%1: not supported by this backend (%2)")
                                                     .arg(invalidationActionName(job.action), m_spec.displayAddress()));
    finishInvalidation(id, report);
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
        qRegisterMetaType<cachescope::InvalidationJob>();
        qRegisterMetaType<cachescope::InvalidationProgress>();
        qRegisterMetaType<cachescope::InvalidationReport>();
        return true;
    }();
    Q_UNUSED(once);
}

} // namespace cachescope
