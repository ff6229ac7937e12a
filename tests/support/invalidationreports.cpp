#include "invalidationreports.h"

#include <QTest>

namespace cachescope::test {

InvalidationReports::InvalidationReports(Connector *connector)
{
    connect(connector, &Connector::invalidationProgress, this,
            [this](quint64 id, const InvalidationProgress &p) { progress[id].append(p); });
    connect(connector, &Connector::invalidationFinished, this,
            [this](quint64 id, const InvalidationReport &r) {
                finished.insert(id, r);
                ++finishedTimes;
            });
}

std::optional<InvalidationReport> InvalidationReports::wait(quint64 id, int timeoutMs)
{
    if (!QTest::qWaitFor([this, id] { return finished.contains(id); }, timeoutMs))
        return std::nullopt;
    return finished.value(id);
}

} // namespace cachescope::test
