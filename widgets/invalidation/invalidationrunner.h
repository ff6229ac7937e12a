#pragma once
// Runs one invalidation job at a time on a session's connector and reports only that job.
//
// Threads: start() posts the job through ConnectorHost::runInvalidation (the connector's
// thread does all the work); progress and the final report come back as queued signals
// carrying the request id, and anything with another id (a job started elsewhere, a stale
// one) is ignored. cancel() sets the connector's atomic flag directly, so it works while the
// connector thread is busy in a batch. The GUI thread never waits.

#include "core/invalidationjob.h"

#include <QObject>
#include <QPointer>

namespace cachescope {

class ConnectionSession;

class InvalidationRunner : public QObject
{
    Q_OBJECT
public:
    explicit InvalidationRunner(QObject *parent = nullptr);

    // A job still running on the old session is reported as failed ("connection closed").
    void setSession(ConnectionSession *session);
    ConnectionSession *session() const { return m_session; }

    // 0 when there is no connected session or a job is already running.
    quint64 start(const InvalidationJob &job);
    void cancel();
    bool isRunning() const { return m_id != 0; }
    bool cancelRequested() const { return m_cancelRequested; }
    const InvalidationJob &job() const { return m_job; }

Q_SIGNALS:
    void progress(const cachescope::InvalidationProgress &progress);
    void finished(const cachescope::InvalidationJob &job, const cachescope::InvalidationReport &report);

private:
    void onProgress(quint64 id, const InvalidationProgress &progress);
    void onFinished(quint64 id, const InvalidationReport &report);

    QPointer<ConnectionSession> m_session;
    quint64 m_id = 0;
    bool m_cancelRequested = false;
    InvalidationJob m_job;
    InvalidationProgress m_last;
};

} // namespace cachescope
