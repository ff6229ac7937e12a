#include "connectionsdialog.h"

#include "connectioneditor.h"
#include "session/connectionsession.h"
#include "settings/passwordstore.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>

namespace cachescope {

ConnectionsDialog::ConnectionsDialog(QList<SavedConnection> connections, PasswordStore *passwords, QWidget *parent)
    : QDialog(parent), m_connections(std::move(connections)), m_passwords(passwords)
{
    setObjectName(QStringLiteral("connectionsDialog"));
    setWindowTitle(tr("Connections"));
    // Fill in passwords known this session so "Test" and "OK" keep them.
    for (SavedConnection &c : m_connections) {
        c.spec.password = m_passwords->cached(c.id);
        c.spec.sentinelPassword = m_passwords->cached(PasswordStore::sentinelKey(c.id));
    }

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("connectionList"));
    m_add = new QPushButton(tr("&Add"));
    m_add->setObjectName(QStringLiteral("addButton"));
    m_remove = new QPushButton(tr("&Remove"));
    m_remove->setObjectName(QStringLiteral("removeButton"));
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    leftLayout->addLayout(listButtons);

    m_editor = new ConnectionEditor;
    m_editor->setPasswordNote(m_passwords->availabilityText());
    m_testButton = new QPushButton(tr("&Test"));
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testResult = new QLabel;
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_editor, 1);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testResult, 1);
    rightLayout->addLayout(testRow);

    auto *splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 520});

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_buttons);

    for (const SavedConnection &c : m_connections)
        m_list->addItem(c.title());

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionsDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &ConnectionsDialog::addConnection);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0)
            return;
        m_currentRow = -1;   // do not commit the editor into the row being removed
        m_connections.removeAt(row);
        delete m_list->takeItem(row);
        loadRow(m_list->currentRow());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        commitEditor();
        loadRow(row);
    });
    connect(m_editor, &ConnectionEditor::edited, this, [this] {
        commitEditor();
        updateButtons();
    });
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionsDialog::runTest);
    connect(m_passwords, &PasswordStore::availabilityChanged, this,
            [this] { m_editor->setPasswordNote(m_passwords->availabilityText()); });
    m_passwords->probe();

    if (!m_connections.isEmpty())
        m_list->setCurrentRow(0);
    else
        loadRow(-1);
    resize(820, 560);
}

ConnectionsDialog::~ConnectionsDialog() = default;

QList<SavedConnection> ConnectionsDialog::connections() const
{
    QList<SavedConnection> result = m_connections;
    for (SavedConnection &c : result) {
        c.spec.password.clear();
        c.spec.sentinelPassword.clear();
    }
    return result;
}

QString ConnectionsDialog::currentId() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_connections.size() ? m_connections.at(row).id : QString();
}

void ConnectionsDialog::selectConnection(const QString &id)
{
    for (int i = 0; i < m_connections.size(); ++i)
        if (m_connections.at(i).id == id)
            m_list->setCurrentRow(i);
}

void ConnectionsDialog::addConnection()
{
    commitEditor();
    SavedConnection c = SavedConnection::create(tr("New connection"), ConnectionSpec());
    m_connections.append(c);
    m_list->addItem(c.title());
    m_list->setCurrentRow(m_connections.size() - 1);
    m_editor->focusUrl();
}

void ConnectionsDialog::accept()
{
    commitEditor();
    if (const QString p = m_currentRow >= 0 ? m_editor->problem() : QString(); !p.isEmpty()) {
        showTestResult(tr("Cannot save: %1").arg(p), false);
        return;
    }
    for (int i = 0; i < m_connections.size(); ++i) {
        const ConnectionSpec &spec = m_connections.at(i).spec;
        const bool noEndpoint = spec.backend == BackendKind::DbCache && spec.sqlDriver == SqlDriver::Sqlite
                                    ? spec.database.isEmpty()
                                : spec.transport == Transport::Unix ? spec.socketPath.isEmpty()
                                                                    : spec.host.isEmpty();
        if (noEndpoint) {
            m_list->setCurrentRow(i);
            showTestResult(tr("Cannot save '%1': it has no host or socket path.").arg(m_connections.at(i).title()),
                           false);
            return;
        }
    }
    for (const SavedConnection &c : std::as_const(m_connections)) {
        if (c.spec.password != m_passwords->cached(c.id))
            m_passwords->store(c.id, c.spec.password);
        const QString sentinelKey = PasswordStore::sentinelKey(c.id);
        if (c.spec.sentinelPassword != m_passwords->cached(sentinelKey))
            m_passwords->store(sentinelKey, c.spec.sentinelPassword);
    }
    QDialog::accept();
}

void ConnectionsDialog::commitEditor()
{
    if (m_currentRow < 0 || m_currentRow >= m_connections.size())
        return;
    m_connections[m_currentRow] = m_editor->connection();
    refreshRow(m_currentRow);
}

void ConnectionsDialog::loadRow(int row)
{
    m_currentRow = row;
    m_test.reset();
    m_testResult->clear();
    m_editor->setEnabled(row >= 0);
    if (row >= 0 && row < m_connections.size())
        m_editor->setConnection(m_connections.at(row));
    updateButtons();
}

void ConnectionsDialog::refreshRow(int row)
{
    if (QListWidgetItem *item = m_list->item(row)) {
        const SavedConnection &c = m_connections.at(row);
        item->setText(c.title());
        item->setToolTip(c.spec.toUrl(false));
    }
}

void ConnectionsDialog::updateButtons()
{
    const bool have = m_currentRow >= 0;
    m_remove->setEnabled(have);
    m_testButton->setEnabled(have && m_editor->problem().isEmpty());
    m_testButton->setToolTip(have ? m_editor->problem() : tr("Add a connection first"));
}

void ConnectionsDialog::runTest()
{
    commitEditor();
    if (m_currentRow < 0)
        return;
    if (const QString p = m_editor->problem(); !p.isEmpty()) {
        showTestResult(p, false);
        return;
    }
    m_test = std::make_unique<ConnectionSession>(m_editor->connection());
    m_testResult->setPalette(palette());
    m_testResult->setText(tr("Connecting to %1…").arg(m_test->connection().spec.displayAddress()));
    m_testButton->setEnabled(false);
    ConnectionSession *session = m_test.get();
    connect(session, &ConnectionSession::opened, this, [this](const ServerInfo &info) {
        showTestResult(ConnectionSession::describe(info), true);
        m_test.release()->deleteLater();   // its host stops the connector thread when it goes
    });
    connect(session, &ConnectionSession::failed, this, [this](const Error &error) {
        showTestResult(error.message, false);
        m_test.release()->deleteLater();
    });
    session->open();
}

void ConnectionsDialog::showTestResult(const QString &text, bool ok)
{
    QPalette pal = palette();
    if (!ok)
        pal.setColor(QPalette::WindowText, QColor(200, 30, 30));
    m_testResult->setPalette(pal);
    m_testResult->setText(text);
    updateButtons();
}

} // namespace cachescope
