#pragma once
// Help → About: the versions of CacheScope and of every library it runs on (Qt, hiredis,
// libmemcached, QCustomPlot), selectable so they can be pasted into a bug report.

#include "core/buildinfo.h"

#include <QDialog>

namespace cachescope {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // The core's components plus QCustomPlot (only the widgets link it).
    static QList<ComponentVersion> componentVersions();
    // `cachescope --version`: "CacheScope 0.1.0" then one line per library.
    static QString versionText();
    // The application icon: PNGs for the common sizes (crisp at 1x and 2x) and the SVG.
    static QIcon applicationIcon();
};

} // namespace cachescope
