#pragma once
// Where a running demo (installers/demo.sh) says what it started: a small JSON file in the
// per-user runtime folder, written when its servers are up and removed by its exit trap.
//   {"pid": 1234, "connections": [{"name": "Demo Redis (Django)", "url": "redis://…"}, …]}
// $CACHESCOPE_DEMO_FILE overrides the location (tests).

#include <QList>
#include <QString>

namespace cachescope {

struct DemoConnection
{
    QString name;
    QString url;
};

class DemoInfo
{
public:
    static QString demoFile();
    // Empty when no demo is running (no file, or nothing usable in it).
    static QList<DemoConnection> runningDemo();
};

} // namespace cachescope
