#include "aboutdialog.h"

#include "charts/qcustomplotinclude.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QIcon>
#include <QLabel>
#include <QSysInfo>

// The icons live in the cachescope_resources static library; a static library's resources
// must be registered by hand (outside any namespace).
static void initCacheScopeResources()
{
    Q_INIT_RESOURCE(cachescope);
}

namespace cachescope {

QList<ComponentVersion> AboutDialog::componentVersions()
{
    QList<ComponentVersion> out = coreComponentVersions();
    out.append({QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR)});
    return out;
}

QString AboutDialog::versionText()
{
    return formatComponentVersions(componentVersions());
}

QIcon AboutDialog::applicationIcon()
{
    static const bool registered = (initCacheScopeResources(), true);
    Q_UNUSED(registered)
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/cachescope/cachescope-%1.png").arg(size), QSize(size, size));
    // Without the SVG image plugin (libqt6svg6) this entry is skipped and the PNGs serve.
    icon.addFile(QStringLiteral(":/cachescope/cachescope.svg"));
    return icon;
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About CacheScope"));
    auto *layout = new QGridLayout(this);

    auto *icon = new QLabel;
    icon->setPixmap(applicationIcon().pixmap(QSize(96, 96), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignTop);
    layout->addWidget(icon, 0, 0, 3, 1);

    auto *title = new QLabel(tr("<h2>CacheScope %1</h2>"
                                "<p>Inspect and invalidate Django caches:<br>Redis, Memcached and the "
                                "database cache table.</p>")
                                 .arg(cacheScopeVersion().toHtmlEscaped()));
    title->setTextFormat(Qt::RichText);
    layout->addWidget(title, 0, 1);

    QString rows;
    for (const ComponentVersion &c : componentVersions())
        rows += QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(c.name.toHtmlEscaped(), c.version.toHtmlEscaped());
    rows += QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td>%2</td></tr>")
                .arg(tr("System").toHtmlEscaped(), QSysInfo::prettyProductName().toHtmlEscaped());
    auto *versions = new QLabel(QStringLiteral("<table>") + rows + QStringLiteral("</table>"));
    versions->setObjectName(QStringLiteral("aboutVersions"));
    versions->setTextFormat(Qt::RichText);
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    versions->setToolTip(tr("Select and copy these lines into a bug report"));
    layout->addWidget(versions, 1, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons, 2, 1);
    layout->setColumnStretch(1, 1);
}

} // namespace cachescope
