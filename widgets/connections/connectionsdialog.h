#pragma once
// Manage saved connections: add, edit, remove, test. Works on a copy; the caller takes
// connections() (and passwords via PasswordStore, which the dialog fills on accept)
// when the dialog is accepted. "Test" opens a throw-away ConnectionSession, so the
// network work happens on a connector thread, never here.

#include "settings/savedconnection.h"

#include <QDialog>

#include <memory>

class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace cachescope {

class ConnectionEditor;
class ConnectionSession;
class PasswordStore;

class ConnectionsDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionsDialog(QList<SavedConnection> connections, PasswordStore *passwords, QWidget *parent = nullptr);
    ~ConnectionsDialog() override;

    // The edited list; passwords are not in it (they went to the PasswordStore on accept).
    QList<SavedConnection> connections() const;
    // The connection selected when the dialog closed ("Save and connect").
    QString currentId() const;

    void selectConnection(const QString &id);
    void addConnection();   // a new, empty entry, URL field focused
    void accept() override;

private:
    void commitEditor();
    void loadRow(int row);
    void refreshRow(int row);
    void updateButtons();
    void runTest();
    void showTestResult(const QString &text, bool ok);

    QList<SavedConnection> m_connections;
    PasswordStore *m_passwords = nullptr;
    int m_currentRow = -1;
    std::unique_ptr<ConnectionSession> m_test;

    QListWidget *m_list = nullptr;
    ConnectionEditor *m_editor = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_testButton = nullptr;
    QLabel *m_testResult = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace cachescope
