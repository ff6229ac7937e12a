// MainWindow's first-run parts: the welcome screen, Import from Django settings, the demo,
// the password prompts and the About box. Kept out of mainwindow.cpp so the window's
// wiring stays short.
#include "mainwindow.h"

#include "about/aboutdialog.h"
#include "common/errorbanner.h"
#include "importer/djangoimportdialog.h"
#include "settings/passwordstore.h"
#include "welcome/demoinfo.h"
#include "welcome/welcomepanel.h"

#include <QDockWidget>
#include <QInputDialog>
#include <QLineEdit>
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

void MainWindow::startWithPasswords(const SavedConnection &connection)
{
    // A Sentinel connection's own password first, from its own entry; then the server's.
    if (connection.spec.topology == RedisTopology::Sentinel && connection.hasSentinelPassword &&
        connection.spec.sentinelPassword.isEmpty()) {
        m_passwords->fetch(PasswordStore::sentinelKey(connection.id), this,
                           [this, connection](const QString &password, const QString &note) {
                               if (m_pendingConnectId != connection.id)
                                   return;
                               if (password.isEmpty())
                                   return askPassword(connection, note, /*sentinel=*/true);
                               SavedConnection withPassword = connection;
                               withPassword.spec.sentinelPassword = password;
                               startWithPasswords(withPassword);
                           });
        return;
    }
    m_passwords->fetch(connection.id, this, [this, connection](const QString &password, const QString &note) {
        if (m_pendingConnectId != connection.id)
            return; // the user picked another connection meanwhile
        if (password.isEmpty() && connection.hasPassword) {
            askPassword(connection, note); // no keychain: once per session, kept in memory
            return;
        }
        SavedConnection withPassword = connection;
        withPassword.spec.password = password;
        startSession(withPassword, note);
    });
}

// A saved connection with a password the keychain does not have (no keychain service, or
// a new machine): ask, keep the answer in PasswordStore's memory for this session, write
// nothing. The next connect in this session finds it there and does not ask again.
void MainWindow::askPassword(const SavedConnection &connection, const QString &note, bool sentinel)
{
    auto *ask = new QInputDialog(this);
    ask->setObjectName(sentinel ? QStringLiteral("sentinelPasswordPrompt")
                                : QStringLiteral("passwordPrompt"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(sentinel ? tr("Sentinel password for %1").arg(connection.title())
                                 : tr("Password for %1").arg(connection.title()));
    ask->setInputMode(QInputDialog::TextInput);
    ask->setTextEchoMode(QLineEdit::Password);
    QString text =
        sentinel ? tr("The Sentinels' own password for %1 (%2), not the master's:")
                       .arg(connection.title(), connection.spec.displayAddress())
                 : tr("Password for %1 (%2):").arg(connection.title(), connection.spec.displayAddress());
    text += u'\n' + m_passwords->availabilityText();
    if (!note.isEmpty())
        text += u'\n' + note;
    ask->setLabelText(text);
    connect(ask, &QInputDialog::textValueSelected, this,
            [this, connection, sentinel](const QString &password) {
                if (m_pendingConnectId != connection.id)
                    return;
                m_passwords->store(sentinel ? PasswordStore::sentinelKey(connection.id) : connection.id,
                                   password);
                SavedConnection withPassword = connection;
                if (!sentinel) {
                    withPassword.spec.password = password;
                    return startSession(withPassword, QString());
                }
                withPassword.spec.sentinelPassword = password;
                withPassword.hasSentinelPassword = !password.isEmpty(); // empty: go on without one
                startWithPasswords(withPassword);
            });
    connect(ask, &QInputDialog::rejected, this, [this, connection, sentinel] {
        if (m_pendingConnectId != connection.id)
            return;
        if (!sentinel)
            return startSession(connection, tr("No password was entered."));
        SavedConnection without = connection;
        without.hasSentinelPassword = false; // try without: the Sentinels say whether they need one
        startWithPasswords(without);
    });
    ask->open();
}

void MainWindow::showAboutDialog()
{
    auto *about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

} // namespace cachescope
