#pragma once
// Records a Connector's invalidation signals on the test thread (queued, as the GUI
// receives them), for the invalidation tests of every backend:
//
//     InvalidationWatcher w(session->host.connector());
//     InvalidationReport report;
//     RUN_JOB(*session, w, job, report, 10000);
//     EXPECT_COMPLETED(report);

#include "core/connector.h"

#include <QHash>
#include <QList>
#include <QObject>

namespace cachescope::test {

class InvalidationWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InvalidationWatcher(Connector *connector);

    QHash<quint64, QList<InvalidationProgress>> progress; // every progress signal, per job
    QHash<quint64, InvalidationReport> reports;           // the final report, per job
};

} // namespace cachescope::test

// Starts `job` on the RecordedConnector `s` (watched by `w`) and waits for its report.
#define RUN_JOB(s, w, job, report, timeoutMs)                                                                \
    do {                                                                                                     \
        const quint64 id_ = (s).host.runInvalidation(job);                                                   \
        QTRY_VERIFY_WITH_TIMEOUT((w).reports.contains(id_), timeoutMs);                                      \
        (report) = (w).reports.value(id_);                                                                   \
    } while (false)

#define EXPECT_COMPLETED(report)                                                                             \
    QVERIFY2((report).outcome == cachescope::InvalidationReport::Outcome::Completed,                         \
             qPrintable((report).error.message))
