#pragma once
// File → Import from Django settings…: two ways to read a project's CACHES.
//   "From a project": manage.py + the Python to run it with + DJANGO_SETTINGS_MODULE
//     (guessed from manage.py); DjangoSettingsReader runs that Python asynchronously.
//   "Paste settings": CACHES = {...} (and optionally DATABASES, USE_TZ, TIME_ZONE) read by
//     parsePythonSettings, which never runs anything.
// Each alias shows as a row: importable ones checked, skipped ones greyed with the reason.
// On accept the checked rows become SavedConnections; their passwords go to the
// PasswordStore (keychain or session memory), never into the returned list.

#include "ops/djangocacheimport.h"
#include "settings/savedconnection.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace cachescope {

class DjangoSettingsReader;
class PasswordStore;

class DjangoImportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DjangoImportDialog(PasswordStore *passwords, QWidget *parent = nullptr);

    // The chosen connections, without passwords (accept() handed those to the PasswordStore).
    QList<SavedConnection> connections() const { return m_result; }
    // What was read last (for tests and screenshots).
    const QList<DjangoCacheImport> &imports() const { return m_imports; }

    void setManagePy(const QString &path);
    void setPython(const QString &python);
    void setPastedText(const QString &text);
    void readFromProject();
    void readPasted();
    void accept() override;

    static SavedConnection toSavedConnection(const DjangoCacheImport &import);

Q_SIGNALS:
    // After every read, successful or not.
    void importsChanged();

private:
    void showImports(const QList<DjangoCacheImport> &imports);
    void showError(const QString &message);
    void browseManagePy();

    PasswordStore *m_passwords = nullptr;
    DjangoSettingsReader *m_reader = nullptr;
    QList<DjangoCacheImport> m_imports;
    QList<SavedConnection> m_result;

    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_managePy = nullptr;
    QLineEdit *m_python = nullptr;
    QLineEdit *m_module = nullptr;
    QPushButton *m_readProject = nullptr;
    QPlainTextEdit *m_pasted = nullptr;
    QTreeWidget *m_list = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace cachescope
