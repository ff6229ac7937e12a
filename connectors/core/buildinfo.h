#pragma once
// Versions of CacheScope and the libraries it was built with and runs on, for
// `--version` and the About box. Lives in the core because only the core links hiredis and
// libmemcached; the GUI adds QCustomPlot's version itself (see widgets/about/).

#include <QList>
#include <QString>

namespace cachescope {

struct ComponentVersion
{
    QString name;      // "Qt", "hiredis", "libmemcached"
    QString version;   // the version in use; "6.4.2 (built with 6.4.2)" when they differ
};

QString cacheScopeVersion();
// CacheScope first, then Qt, hiredis, libmemcached.
QList<ComponentVersion> coreComponentVersions();
// "name version" lines, one per component: what `--version` prints after its first line.
QString formatComponentVersions(const QList<ComponentVersion> &components);

} // namespace cachescope
