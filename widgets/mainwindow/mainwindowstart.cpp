// MainWindow's first-run parts: the welcome screen, Import from Django settings, the demo
// and the About box. Kept out of mainwindow.cpp so the window's wiring stays short.
#include "mainwindow.h"

#include "about/aboutdialog.h"
#include "common/errorbanner.h"
#include "importer/djangoimportdialog.h"
#include "welcome/demoinfo.h"
#include "welcome/welcomepanel.h"

#include <QDockWidget>
#include <QSplitter>

namespace cachescope {

QWidget *MainWindow::buildWelcome()
{
    m_welcome = new WelcomePanel;
    m_welcome->hide();
    connect(m_welcome, &WelcomePanel::demoRequested, this, &MainWindow::openDemo);
    connect(m_welcome, &WelcomePanel::newConnectionRequested, this, [this] { showConnectionsDialog(true); });
    connect(m_welcome, &WelcomePanel::importRequested, this, &MainWindow::showImportDialog);
    return m_welcome;
}

void MainWindow::updateWelcome()
{
    // isHidden(), not isVisible(): this runs before the window is first shown too.
    const bool welcome = m_connections.isEmpty();
    m_splitter->setVisible(!welcome);
    m_welcome->setVisible(welcome);
    // Empty charts under the welcome screen say nothing; give them back when it goes away,
    // unless the user had closed them already.
    if (welcome && !m_statsDock->isHidden()) {
        m_statsDock->hide();
        m_statsHiddenByWelcome = true;
    } else if (!welcome && m_statsHiddenByWelcome) {
        m_statsDock->show();
        m_statsHiddenByWelcome = false;
    }
}

void MainWindow::showImportDialog()
{
    auto *dialog = new DjangoImportDialog(m_passwords, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QList<SavedConnection> added = dialog->connections();
        if (added.isEmpty())
            return;
        m_connections.append(added);
        saveConnections();
        reloadConnectionList(added.first().id);
        connectTo(added.first().id);
    });
    dialog->open();
}

bool MainWindow::openDemo()
{
    const QList<DemoConnection> demo = DemoInfo::runningDemo();
    if (demo.isEmpty()) {
        m_welcome->showDemoHint();
        return false;
    }
    for (const DemoConnection &c : demo)
        openUrl(c.url, c.name, /*connectNow=*/false);
    openUrl(demo.first().url, demo.first().name);
    return true;
}

void MainWindow::showAboutDialog()
{
    auto *about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

} // namespace cachescope
