#include "invalidationwatcher.h"

namespace cachescope::test {

InvalidationWatcher::InvalidationWatcher(Connector *connector)
{
    connect(connector, &Connector::invalidationProgress, this,
            [this](quint64 id, const InvalidationProgress &p) { progress[id].append(p); });
    connect(connector, &Connector::invalidationFinished, this,
            [this](quint64 id, const InvalidationReport &r) { reports.insert(id, r); });
}

} // namespace cachescope::test
