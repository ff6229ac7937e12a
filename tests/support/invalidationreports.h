#pragma once
// Collects the invalidation signals of a Connector running on its ConnectorHost thread:
// lives on the test thread, so they arrive queued, as they reach the GUI.
//
//     InvalidationReports jobs(host.connector());
//     const quint64 id = host.runInvalidation(job);
//     const auto report = jobs.wait(id, 60000);   // nullopt on timeout
//     QVERIFY(report);

#include "core/connector.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <optional>

namespace cachescope::test {

class InvalidationReports : public QObject
{
    Q_OBJECT
public:
    explicit InvalidationReports(Connector *connector);

    std::optional<InvalidationReport> wait(quint64 id, int timeoutMs);

    QHash<quint64, InvalidationReport> finished;
    QHash<quint64, QList<InvalidationProgress>> progress;
    int finishedTimes = 0; // every invalidationFinished, to check "exactly once"
};

} // namespace cachescope::test
