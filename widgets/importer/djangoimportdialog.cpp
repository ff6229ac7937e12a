#include "djangoimportdialog.h"

#include "codec/pyliteral.h"
#include "ops/djangosettingsreader.h"
#include "settings/passwordstore.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QFont>
#include <QVBoxLayout>

namespace cachescope {

namespace {

enum Column { AliasColumn, BackendColumn, WhereColumn, NamespaceColumn, NotesColumn };

QString shortBackend(const QString &dotted)
{
    // "django.core.cache.backends.redis.RedisCache" -> "RedisCache"; django-redis stays recognisable.
    if (dotted.startsWith(u"django_redis."))
        return QStringLiteral("django-redis");
    return dotted.section(u'.', -1);
}

} // namespace

DjangoImportDialog::DjangoImportDialog(PasswordStore *passwords, QWidget *parent)
    : QDialog(parent), m_passwords(passwords), m_reader(new DjangoSettingsReader(this))
{
    setObjectName(QStringLiteral("djangoImportDialog"));
    setWindowTitle(tr("Import from Django settings"));
    resize(900, 620);

    // --- From a project -----------------------------------------------------------------
    auto *project = new QWidget;
    auto *form = new QFormLayout(project);
    m_managePy = new QLineEdit;
    m_managePy->setObjectName(QStringLiteral("managePyPath"));
    m_managePy->setPlaceholderText(tr("/srv/mysite/manage.py"));
    auto *browse = new QPushButton(tr("Browse…"));
    browse->setToolTip(tr("Choose the project's manage.py"));
    auto *manageRow = new QHBoxLayout;
    manageRow->addWidget(m_managePy, 1);
    manageRow->addWidget(browse);
    form->addRow(tr("manage.py:"), manageRow);
    m_python = new QLineEdit(DjangoSettingsReader::defaultPython());
    m_python->setObjectName(QStringLiteral("pythonPath"));
    m_python->setToolTip(tr("The interpreter that runs the site, e.g. its virtualenv's bin/python"));
    form->addRow(tr("Python:"), m_python);
    m_module = new QLineEdit;
    m_module->setObjectName(QStringLiteral("settingsModule"));
    m_module->setPlaceholderText(tr("guessed from manage.py, e.g. mysite.settings"));
    m_module->setToolTip(tr("DJANGO_SETTINGS_MODULE for the run"));
    form->addRow(tr("DJANGO_SETTINGS_MODULE:"), m_module);
    auto *warning = new QLabel(tr("CacheScope runs this Python with the project's settings module to print "
                                  "CACHES, DATABASES, USE_TZ and TIME_ZONE: the settings' own code runs, as it "
                                  "does for manage.py. Paste the settings instead to run nothing."));
    warning->setWordWrap(true);
    form->addRow(warning);
    m_readProject = new QPushButton(tr("Read settings"));
    m_readProject->setObjectName(QStringLiteral("readProjectButton"));
    m_readProject->setToolTip(tr("Run the project's Python and list its cache aliases"));
    form->addRow(QString(), m_readProject);

    // --- Paste ---------------------------------------------------------------------------
    auto *paste = new QWidget;
    auto *pasteLayout = new QVBoxLayout(paste);
    m_pasted = new QPlainTextEdit;
    m_pasted->setObjectName(QStringLiteral("pastedSettings"));
    m_pasted->setPlaceholderText(
        tr("CACHES = {\n    \"default\": {\n        \"BACKEND\": \"django_redis.cache.RedisCache\",\n"
           "        \"LOCATION\": \"redis://127.0.0.1:6379/1\",\n        \"KEY_PREFIX\": \"shop\",\n    }\n}\n"
           "# optional: USE_TZ = True, TIME_ZONE = \"Europe/Paris\", DATABASES = {...}"));
    m_pasted->setFont(QFont(QStringLiteral("monospace")));
    m_pasted->setToolTip(tr("Python literals only: nothing pasted here is run"));
    pasteLayout->addWidget(m_pasted, 1);
    auto *readPaste = new QPushButton(tr("Read pasted settings"));
    readPaste->setObjectName(QStringLiteral("readPastedButton"));
    readPaste->setToolTip(tr("List the cache aliases of the pasted CACHES"));
    pasteLayout->addWidget(readPaste, 0, Qt::AlignRight);

    m_tabs = new QTabWidget;
    m_tabs->addTab(project, tr("From a project (manage.py)"));
    m_tabs->addTab(paste, tr("Paste settings"));
    m_tabs->setTabToolTip(0, tr("Run the project's Python to read its real settings"));
    m_tabs->setTabToolTip(1, tr("Read a pasted CACHES dict without running anything"));

    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("importList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Alias"), tr("Backend"), tr("Connection"), tr("Prefix:version"), tr("Notes")});
    m_list->header()->setStretchLastSection(true);
    m_list->setToolTip(tr("Checked aliases become connections"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Add the checked aliases as connections"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(new QLabel(tr("Cache aliases:")));
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(browse, &QPushButton::clicked, this, &DjangoImportDialog::browseManagePy);
    connect(m_managePy, &QLineEdit::editingFinished, this, [this] { setManagePy(m_managePy->text()); });
    connect(m_readProject, &QPushButton::clicked, this, &DjangoImportDialog::readFromProject);
    connect(readPaste, &QPushButton::clicked, this, &DjangoImportDialog::readPasted);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DjangoImportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DjangoImportDialog::reject);
    connect(m_list, &QTreeWidget::itemChanged, this, [this] {
        bool any = false;
        for (int i = 0; i < m_list->topLevelItemCount(); ++i)
            any |= m_list->topLevelItem(i)->checkState(AliasColumn) == Qt::Checked;
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(any);
    });
    connect(m_reader, &DjangoSettingsReader::finished, this, [this](const QJsonObject &settings, const QString &baseDir) {
        m_readProject->setEnabled(true);
        const QString project = QFileInfo(baseDir).fileName();
        const auto imports = importDjangoCaches(settings, {project, baseDir});
        if (!imports)
            return showError(imports.error().message);
        showImports(*imports);
        m_status->setText(tr("Read with Django %1 (USE_TZ = %2, TIME_ZONE = %3).")
                              .arg(settings.value(u"DJANGO_VERSION").toString(),
                                   settings.value(u"USE_TZ").toBool() ? QStringLiteral("True") : QStringLiteral("False"),
                                   settings.value(u"TIME_ZONE").toString()));
    });
    connect(m_reader, &DjangoSettingsReader::failed, this, [this](const QString &message) {
        m_readProject->setEnabled(true);
        showError(message);
    });
}

void DjangoImportDialog::setManagePy(const QString &path)
{
    m_managePy->setText(path);
    m_tabs->setCurrentIndex(0);
    const QString guess = DjangoSettingsReader::guessSettingsModule(path);
    if (!guess.isEmpty())
        m_module->setText(guess);
}

void DjangoImportDialog::setPython(const QString &python)
{
    m_python->setText(python);
}

void DjangoImportDialog::setPastedText(const QString &text)
{
    m_pasted->setPlainText(text);
    m_tabs->setCurrentIndex(1);
}

void DjangoImportDialog::browseManagePy()
{
    auto *files = new QFileDialog(this, tr("The project's manage.py"), QFileInfo(m_managePy->text()).absolutePath(),
                                  tr("manage.py (manage.py);;Python files (*.py)"));
    files->setAttribute(Qt::WA_DeleteOnClose);
    files->setFileMode(QFileDialog::ExistingFile);
    connect(files, &QFileDialog::fileSelected, this, [this](const QString &path) { setManagePy(path); });
    files->open();
}

void DjangoImportDialog::readFromProject()
{
    m_readProject->setEnabled(false);
    m_status->setText(tr("Running %1 …").arg(m_python->text()));
    m_reader->start(m_managePy->text().trimmed(), m_python->text().trimmed(), m_module->text().trimmed());
}

void DjangoImportDialog::readPasted()
{
    const auto settings = parsePythonSettings(m_pasted->toPlainText());
    if (!settings)
        return showError(tr("The pasted text is not a Python literal: %1").arg(settings.error().message));
    const auto imports = importDjangoCaches(*settings);
    if (!imports)
        return showError(imports.error().message);
    showImports(*imports);
    m_status->setText(settings->contains(u"USE_TZ")
                          ? QString()
                          : tr("No USE_TZ pasted: database cache tables read expiry times as UTC."));
}

void DjangoImportDialog::showError(const QString &message)
{
    m_imports.clear();
    m_list->clear();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_status->setText(message);
    Q_EMIT importsChanged();
}

void DjangoImportDialog::showImports(const QList<DjangoCacheImport> &imports)
{
    m_imports = imports;
    const QSignalBlocker block(m_list);
    m_list->clear();
    int importable = 0;
    for (const DjangoCacheImport &i : imports) {
        const QString ns = i.importable ? QStringLiteral("%1:%2").arg(i.keyPrefix).arg(i.version) : QString();
        auto *item = new QTreeWidgetItem(m_list, {i.alias, shortBackend(i.backend),
                                                  i.importable ? i.spec.displayAddress() : QString(), ns,
                                                  i.importable ? i.notes.join(QStringLiteral("; ")) : i.skipReason});
        item->setToolTip(BackendColumn, i.backend);
        item->setToolTip(WhereColumn, i.importable ? i.spec.toUrl(false) : QString());
        item->setToolTip(NotesColumn, i.importable ? i.notes.join(u'\n') : tr("Skipped: %1").arg(i.skipReason));
        if (i.importable) {
            item->setCheckState(AliasColumn, Qt::Checked);
            ++importable;
        } else {
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable));
        }
    }
    for (int c = AliasColumn; c < NotesColumn; ++c)
        m_list->resizeColumnToContents(c);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(importable > 0);
    Q_EMIT importsChanged();
}

SavedConnection DjangoImportDialog::toSavedConnection(const DjangoCacheImport &import)
{
    SavedConnection c = SavedConnection::create(import.name, import.spec);
    c.serializer = import.serializer;
    c.memcachedClient = import.memcachedClient;
    c.djangoKeyPrefix = import.keyPrefix;
    c.djangoVersion = import.version;
    return c;
}

void DjangoImportDialog::accept()
{
    m_result.clear();
    for (int row = 0; row < m_list->topLevelItemCount() && row < m_imports.size(); ++row) {
        if (m_list->topLevelItem(row)->checkState(AliasColumn) != Qt::Checked)
            continue;
        SavedConnection c = toSavedConnection(m_imports.at(row));
        if (!c.spec.password.isEmpty() && m_passwords)
            m_passwords->store(c.id, c.spec.password);
        if (!c.spec.sentinelPassword.isEmpty() && m_passwords)
            m_passwords->store(PasswordStore::sentinelKey(c.id), c.spec.sentinelPassword);
        c.spec.password.clear();
        c.spec.sentinelPassword.clear();
        m_result.append(c);
    }
    QDialog::accept();
}

} // namespace cachescope
