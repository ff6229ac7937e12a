#include "invalidationrunner.h"

#include "session/connectionsession.h"

namespace cachescope {

InvalidationRunner::InvalidationRunner(QObject *parent) : QObject(parent) {}

void InvalidationRunner::setSession(ConnectionSession *session)
{
    if (m_session == session)
        return;
    if (m_session && m_session->connector())
        m_session->connector()->disconnect(this);
    if (m_id != 0) {
        // The connector (and its thread) goes with the old session: no report will come.
        InvalidationReport report;
        report.outcome = InvalidationReport::Outcome::Failed;
        report.error = Error::make(ErrorKind::Connect,
                                   tr("the connection was closed while the job ran; the counts are the last "
                                      "progress seen"));
        report.counts = m_last;
        m_id = 0;
        Q_EMIT finished(m_job, report);
    }
    m_session = session;
    if (session && session->connector()) {
        connect(session->connector(), &Connector::invalidationProgress, this, &InvalidationRunner::onProgress);
        connect(session->connector(), &Connector::invalidationFinished, this, &InvalidationRunner::onFinished);
    }
}

quint64 InvalidationRunner::start(const InvalidationJob &job)
{
    if (m_id != 0 || !m_session || !m_session->host())
        return 0;
    m_job = job;
    m_last = {};
    m_cancelRequested = false;
    m_id = m_session->host()->runInvalidation(job);
    return m_id;
}

void InvalidationRunner::cancel()
{
    if (m_id == 0 || !m_session || !m_session->host())
        return;
    m_cancelRequested = true;
    m_session->host()->cancelInvalidation(m_id);
}

void InvalidationRunner::onProgress(quint64 id, const InvalidationProgress &counts)
{
    if (id == 0 || id != m_id)
        return;
    m_last = counts;
    Q_EMIT progress(counts);
}

void InvalidationRunner::onFinished(quint64 id, const InvalidationReport &report)
{
    if (id == 0 || id != m_id)
        return;
    m_id = 0;
    Q_EMIT finished(m_job, report);
}

} // namespace cachescope
