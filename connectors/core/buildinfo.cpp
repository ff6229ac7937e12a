#include "buildinfo.h"

#include <hiredis/hiredis.h>
#include <libmemcached/memcached.h>

#include <QtGlobal>

namespace cachescope {

QString cacheScopeVersion()
{
    return QStringLiteral(CACHESCOPE_VERSION);
}

QList<ComponentVersion> coreComponentVersions()
{
    // Qt and libmemcached are shared libraries that a distribution may update under us:
    // report the one loaded, and the build-time one when it differs. hiredis 0.14 has no
    // run-time version call, so its header version is what we know.
    QString qt = QString::fromLatin1(qVersion());
    if (qt != QLatin1StringView(QT_VERSION_STR))
        qt += QStringLiteral(" (built with %1)").arg(QLatin1StringView(QT_VERSION_STR));
    QString memcached = QString::fromLatin1(memcached_lib_version());
    if (memcached != QLatin1StringView(LIBMEMCACHED_VERSION_STRING))
        memcached += QStringLiteral(" (built with %1)").arg(QLatin1StringView(LIBMEMCACHED_VERSION_STRING));
    return {
        {QStringLiteral("CacheScope"), cacheScopeVersion()},
        {QStringLiteral("Qt"), qt},
        {QStringLiteral("hiredis"), QStringLiteral("%1.%2.%3").arg(HIREDIS_MAJOR).arg(HIREDIS_MINOR).arg(HIREDIS_PATCH)},
        {QStringLiteral("libmemcached"), memcached},
    };
}

QString formatComponentVersions(const QList<ComponentVersion> &components)
{
    QString out;
    for (const ComponentVersion &c : components)
        out += c.name + u' ' + c.version + u'\n';
    return out;
}

} // namespace cachescope
