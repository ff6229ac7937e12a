#include "connectioneditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTimeZone>
#include <QToolButton>

namespace cachescope {

namespace {

template <typename W>
W *named(W *w, const char *name)
{
    w->setObjectName(QLatin1StringView(name));
    return w;
}

QDoubleSpinBox *secondsSpin(const char *name)
{
    auto *s = named(new QDoubleSpinBox, name);
    s->setRange(0.1, 3600);
    s->setDecimals(1);
    s->setSuffix(QStringLiteral(" s"));
    return s;
}

} // namespace

ConnectionEditor::ConnectionEditor(QWidget *parent) : QWidget(parent)
{
    m_name = named(new QLineEdit, "nameEdit");
    m_name->setPlaceholderText(tr("e.g. production sessions"));
    m_url = named(new QLineEdit, "urlEdit");
    m_url->setPlaceholderText(QStringLiteral("redis://[user[:password]@]host:6379/0"));
    m_url->setToolTip(
        tr("redis://, rediss:// (TLS), unix:///path/to/redis.sock?db=N, "
           "memcached://host:11211[,host:port…], sqlite:///path/db.sqlite3?table=django_cache, "
           "postgresql://user@host:5432/dbname?table=…&tz=… or mysql://…. A password typed here "
           "is moved to the password field and never saved in the settings file."));
    m_urlError = named(new QLabel, "urlError");
    m_urlError->setWordWrap(true);
    QPalette red = m_urlError->palette();
    red.setColor(QPalette::WindowText, QColor(200, 30, 30));
    m_urlError->setPalette(red);
    m_urlError->hide();

    m_backend = named(new QComboBox, "backendCombo");
    m_backend->addItem(tr("Redis"), int(RedisChoice));
    m_backend->addItem(tr("Redis Cluster"), int(ClusterChoice));
    m_backend->addItem(tr("Redis Sentinel"), int(SentinelChoice));
    m_backend->addItem(tr("Memcached"), int(MemcachedChoice));
    m_backend->addItem(tr("Django DB cache table: SQLite"), int(SqliteChoice));
    m_backend->addItem(tr("Django DB cache table: PostgreSQL"), int(PostgresChoice));
    m_backend->addItem(tr("Django DB cache table: MySQL"), int(MysqlChoice));
    m_servers = named(new QLineEdit, "serversEdit");
    m_servers->setPlaceholderText(QStringLiteral("127.0.0.1:11211, 10.0.0.2:11211"));
    m_service = named(new QLineEdit, "serviceEdit");
    m_service->setPlaceholderText(QStringLiteral("mymaster"));
    m_service->setToolTip(tr("The master's name as the Sentinels know it (sentinel monitor <name> …)"));
    m_serviceDb = named(new QSpinBox, "serviceDbSpin");
    m_serviceDb->setRange(0, 100000);
    m_serviceRow = new QWidget;
    auto *serviceLayout = new QHBoxLayout(m_serviceRow);
    serviceLayout->setContentsMargins(0, 0, 0, 0);
    serviceLayout->addWidget(m_service, 1);
    serviceLayout->addWidget(new QLabel(tr("DB")));
    serviceLayout->addWidget(m_serviceDb);
    m_sentinelUser = named(new QLineEdit, "sentinelUserEdit");
    m_sentinelUser->setPlaceholderText(tr("default"));
    m_sentinelPassword = named(new QLineEdit, "sentinelPasswordEdit");
    m_sentinelPassword->setEchoMode(QLineEdit::Password);
    m_sentinelPassword->setPlaceholderText(tr("none"));
    m_sentinelLoginRow = new QWidget;
    m_sentinelLoginRow->setToolTip(tr("The Sentinels' own login when they have requirepass (django-redis "
                                      "SENTINEL_KWARGS); the user and password below are the master's"));
    auto *sentinelLayout = new QHBoxLayout(m_sentinelLoginRow);
    sentinelLayout->setContentsMargins(0, 0, 0, 0);
    sentinelLayout->addWidget(m_sentinelUser, 1);
    sentinelLayout->addWidget(new QLabel(tr("Password")));
    sentinelLayout->addWidget(m_sentinelPassword, 2);
    m_file = named(new QLineEdit, "fileEdit");
    m_file->setPlaceholderText(QStringLiteral("/srv/site/db.sqlite3"));
    auto *fileBrowse = named(new QToolButton, "fileBrowse");
    fileBrowse->setText(QStringLiteral("…"));
    fileBrowse->setToolTip(tr("Choose the SQLite database file"));
    m_fileRow = new QWidget;
    auto *fileLayout = new QHBoxLayout(m_fileRow);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(m_file, 1);
    fileLayout->addWidget(fileBrowse);
    m_database = named(new QLineEdit, "databaseEdit");
    m_database->setPlaceholderText(tr("database name"));
    m_table = named(new QLineEdit, "tableEdit");
    m_table->setToolTip(tr("The table createcachetable made (Django's CACHES LOCATION)"));
    m_timeZone = named(new QComboBox, "timeZoneCombo");
    m_timeZone->setEditable(true);
    for (const QByteArray &zone : QTimeZone::availableTimeZoneIds())
        m_timeZone->addItem(QString::fromLatin1(zone));
    m_timeZone->setToolTip(tr("How the expires column is read: UTC when the site has USE_TZ = True, "
                              "else the site's TIME_ZONE"));

    m_transport = named(new QComboBox, "transportCombo");
    m_transport->addItem(tr("TCP"), int(Transport::Tcp));
    m_transport->addItem(tr("TLS"), int(Transport::Tls));
    m_transport->addItem(tr("Unix socket"), int(Transport::Unix));
    m_host = named(new QLineEdit, "hostEdit");
    m_port = named(new QSpinBox, "portSpin");
    m_port->setRange(1, 65535);
    m_socket = named(new QLineEdit, "socketEdit");
    m_socket->setPlaceholderText(QStringLiteral("/run/redis/redis.sock"));
    m_db = named(new QSpinBox, "dbSpin");
    m_db->setRange(0, 100000);
    m_user = named(new QLineEdit, "userEdit");
    m_user->setPlaceholderText(tr("default"));
    m_password = named(new QLineEdit, "passwordEdit");
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordNote = named(new QLabel, "passwordNote");
    m_passwordNote->setWordWrap(true);
    m_passwordNote->setEnabled(false);   // greyed: a note, not a control
    m_caFile = named(new QLineEdit, "caEdit");
    m_caFile->setPlaceholderText(tr("system CA certificates"));
    auto *browse = new QToolButton;
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose a PEM file with the CA certificates to trust"));
    m_verifyPeer = named(new QCheckBox(tr("Verify the server certificate")), "verifyCheck");
    m_connectTimeout = secondsSpin("connectTimeoutSpin");
    m_commandTimeout = secondsSpin("timeoutSpin");
    m_scanCount = named(new QSpinBox, "scanCountSpin");
    m_scanCount->setRange(1, 1000000);
    m_scanCount->setToolTip(tr("SCAN COUNT hint: keys the server looks at per page"));
    m_readOnly = named(new QCheckBox(tr("Read-only: refuse deletes and TTL changes")), "readOnlyCheck");
    m_production = named(new QCheckBox(tr("Production: invalidating asks to type the pattern or this name")),
                         "productionCheck");
    m_production->setToolTip(tr("Before an invalidation runs on this connection, the operator types the pattern "
                                "(or the connection's name) to confirm, however few keys match"));
    m_separator = named(new QLineEdit, "separatorEdit");
    m_separator->setMaximumWidth(80);
    m_separator->setToolTip(tr("Keys are grouped into a namespace tree at this separator"));
    m_serializer = named(new QComboBox, "serializerCombo");
    m_serializer->addItem(tr("pickle (Django's default)"), int(ValueSerializer::Pickle));
    m_serializer->addItem(tr("JSON (django-redis JSONSerializer)"), int(ValueSerializer::Json));
    m_serializer->addItem(tr("msgpack (django-redis MSGPackSerializer)"), int(ValueSerializer::Msgpack));
    m_serializer->setToolTip(tr("How the site's cache serializes values (django-redis OPTIONS SERIALIZER). "
                                "Values are decoded for display only; nothing is ever unpickled."));
    // pymemcache and pylibmc give the same item flags different meanings (16 is text for
    // pymemcache, a bool for pylibmc, whose text is 32), so the decoder must be told which.
    m_memcachedClient = named(new QComboBox, "memcachedClientCombo");
    m_memcachedClient->addItem(tr("pymemcache (Django's PyMemcacheCache)"), int(MemcachedFlavor::PyMemcache));
    m_memcachedClient->addItem(tr("pylibmc (Django's PyLibMCCache)"), int(MemcachedFlavor::PyLibMc));
    m_memcachedClient->setToolTip(tr("Which Django memcached backend wrote the values: the two clients "
                                     "tag values with different item flags."));

    m_endpointRow = new QWidget;
    auto *endpoint = new QHBoxLayout(m_endpointRow);
    endpoint->setContentsMargins(0, 0, 0, 0);
    endpoint->addWidget(m_host, 3);
    endpoint->addWidget(new QLabel(tr("Port")));
    endpoint->addWidget(m_port);
    m_dbLabel = new QLabel(tr("DB"));
    endpoint->addWidget(m_dbLabel);
    endpoint->addWidget(m_db);
    m_tlsRow = new QWidget;
    auto *tls = new QHBoxLayout(m_tlsRow);
    tls->setContentsMargins(0, 0, 0, 0);
    tls->addWidget(m_caFile, 1);
    tls->addWidget(browse);
    tls->addWidget(m_verifyPeer);

    auto *top = new QFormLayout;
    top->addRow(tr("&Name"), m_name);
    top->addRow(tr("&URL"), m_url);
    top->addRow(QString(), m_urlError);

    auto *details = new QGroupBox(tr("Details (kept in sync with the URL)"));
    auto *form = new QFormLayout(details);
    m_form = form;
    form->addRow(tr("&Backend"), m_backend);
    form->addRow(tr("Transport"), m_transport);
    form->addRow(tr("Host"), m_endpointRow);
    form->addRow(tr("Servers"), m_servers);
    form->addRow(tr("Service"), m_serviceRow);
    form->addRow(tr("Sentinel user"), m_sentinelLoginRow);
    form->addRow(tr("Database file"), m_fileRow);
    form->addRow(tr("Database"), m_database);
    form->addRow(tr("Table"), m_table);
    form->addRow(tr("Time zone"), m_timeZone);
    form->addRow(tr("Socket"), m_socket);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("&Password"), m_password);
    form->addRow(QString(), m_passwordNote);
    form->addRow(tr("TLS CA file"), m_tlsRow);
    form->addRow(tr("Connect timeout"), m_connectTimeout);
    form->addRow(tr("Command timeout"), m_commandTimeout);
    form->addRow(tr("Scan count"), m_scanCount);
    form->addRow(tr("Separator"), m_separator);
    form->addRow(tr("Serializer"), m_serializer);
    form->addRow(tr("Memcached client"), m_memcachedClient);
    form->addRow(QString(), m_readOnly);
    form->addRow(QString(), m_production);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(details);
    layout->addStretch(1);

    connect(m_url, &QLineEdit::textEdited, this, &ConnectionEditor::onUrlEdited);
    connect(m_url, &QLineEdit::editingFinished, this, &ConnectionEditor::onUrlEditingFinished);
    connect(m_name, &QLineEdit::textEdited, this, &ConnectionEditor::edited);
    connect(m_separator, &QLineEdit::textEdited, this, &ConnectionEditor::edited);
    connect(m_password, &QLineEdit::textEdited, this, &ConnectionEditor::edited);
    connect(m_sentinelPassword, &QLineEdit::textEdited, this, &ConnectionEditor::edited);
    for (QComboBox *combo : {m_serializer, m_memcachedClient}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_syncing)
                Q_EMIT edited();
        });
    }
    connect(m_production, &QCheckBox::toggled, this, [this] {
        if (!m_syncing)
            Q_EMIT edited();
    });
    for (QLineEdit *e : {m_host, m_socket, m_user, m_caFile, m_servers, m_service, m_sentinelUser, m_file,
                         m_database, m_table})
        connect(e, &QLineEdit::textEdited, this, &ConnectionEditor::onFieldEdited);
    for (QSpinBox *s : {m_port, m_db, m_serviceDb, m_scanCount})
        connect(s, &QSpinBox::valueChanged, this, &ConnectionEditor::onFieldEdited);
    for (QDoubleSpinBox *s : {m_connectTimeout, m_commandTimeout})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ConnectionEditor::onFieldEdited);
    for (QCheckBox *c : {m_verifyPeer, m_readOnly})
        connect(c, &QCheckBox::toggled, this, &ConnectionEditor::onFieldEdited);
    connect(m_timeZone, &QComboBox::currentTextChanged, this, &ConnectionEditor::onFieldEdited);
    connect(m_backend, &QComboBox::currentIndexChanged, this, &ConnectionEditor::onBackendChanged);
    connect(fileBrowse, &QToolButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("SQLite database"), m_file->text(),
                                         tr("SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)"));
        if (!file.isEmpty()) {
            m_file->setText(file);
            onFieldEdited();
        }
    });
    connect(m_transport, &QComboBox::currentIndexChanged, this, [this] {
        updateTransportFields();
        onFieldEdited();
    });
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificates"), m_caFile->text(),
                                                          tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty()) {
            m_caFile->setText(file);
            onFieldEdited();
        }
    });
    setConnection(SavedConnection::create(QString(), ConnectionSpec()));
}

void ConnectionEditor::setConnection(const SavedConnection &connection)
{
    m_connection = connection;
    m_syncing = true;
    m_name->setText(connection.name);
    m_separator->setText(QString::fromUtf8(connection.separator));
    m_password->setText(connection.spec.password);
    m_sentinelPassword->setText(connection.spec.sentinelPassword);
    m_serializer->setCurrentIndex(m_serializer->findData(int(connection.serializer)));
    m_memcachedClient->setCurrentIndex(m_memcachedClient->findData(int(connection.memcachedClient)));
    m_production->setChecked(connection.production);
    m_syncing = false;
    m_urlProblem.clear();
    m_urlError->hide();
    showSpec(connection.spec, true);
}

SavedConnection ConnectionEditor::connection() const
{
    SavedConnection c = m_connection;
    c.name = m_name->text().trimmed();
    c.separator = m_separator->text().toUtf8();
    c.serializer = ValueSerializer(m_serializer->currentData().toInt());
    c.memcachedClient = MemcachedFlavor(m_memcachedClient->currentData().toInt());
    c.production = m_production->isChecked();
    c.spec = specFromFields();
    c.spec.password = m_password->text();
    c.hasPassword = !c.spec.password.isEmpty();
    c.spec.sentinelPassword = backendChoice() == SentinelChoice ? m_sentinelPassword->text() : QString();
    c.hasSentinelPassword = !c.spec.sentinelPassword.isEmpty();
    return c;
}

QString ConnectionEditor::problem() const
{
    if (!m_urlProblem.isEmpty())
        return m_urlProblem;
    const ConnectionSpec raw = rawSpecFromFields();
    switch (backendChoice()) {
    case RedisChoice:
        if (raw.transport == Transport::Unix ? raw.socketPath.isEmpty() : raw.host.isEmpty())
            return tr("Enter a host (or a socket path for a unix socket).");
        break;
    case MemcachedChoice:
        if (m_servers->text().trimmed().isEmpty())
            return tr("Enter at least one memcached server as host:port.");
        break;
    case ClusterChoice:
        if (m_servers->text().trimmed().isEmpty())
            return tr("Enter at least one node of the cluster as host:port.");
        break;
    case SentinelChoice:
        if (m_servers->text().trimmed().isEmpty() || m_service->text().trimmed().isEmpty())
            return tr("Enter the Sentinels as host:port and the name of the service they watch.");
        break;
    case SqliteChoice:
        if (m_file->text().trimmed().isEmpty())
            return tr("Choose the SQLite database file.");
        break;
    case PostgresChoice:
    case MysqlChoice:
        if (raw.host.isEmpty() || raw.database.isEmpty())
            return tr("Enter the database host and name.");
        break;
    }
    // The fields make a URL; what ConnectionSpec::parse refuses (a bad table name, a relative
    // SQLite path, a malformed server list) is said the same way as for a typed URL.
    const auto parsed = ConnectionSpec::parse(raw.toUrl(false));
    if (!parsed)
        return parsed.error().message;
    return {};
}

void ConnectionEditor::setPasswordNote(const QString &text)
{
    m_passwordNote->setText(text);
}

void ConnectionEditor::focusUrl()
{
    m_url->setFocus();
    m_url->selectAll();
}

void ConnectionEditor::onUrlEdited(const QString &text)
{
    const auto spec = ConnectionSpec::parse(text);
    if (!spec) {
        m_urlProblem = spec.error().message;
        m_urlError->setText(m_urlProblem);
        m_urlError->show();
        Q_EMIT edited();
        return;
    }
    m_urlProblem.clear();
    m_urlError->hide();
    showSpec(*spec, false);
    m_syncing = true;
    if (!spec->password.isEmpty())
        m_password->setText(spec->password);
    if (!spec->sentinelPassword.isEmpty())
        m_sentinelPassword->setText(spec->sentinelPassword);
    m_syncing = false;
    Q_EMIT edited();
}

void ConnectionEditor::onUrlEditingFinished()
{
    // Rewrite only now, not while typing, so the cursor does not jump.
    const auto spec = ConnectionSpec::parse(m_url->text());
    if (spec && (!spec->password.isEmpty() || !spec->sentinelPassword.isEmpty()))
        m_url->setText(spec->toUrl(false));
}

void ConnectionEditor::onFieldEdited()
{
    if (m_syncing)
        return;
    m_urlProblem.clear();
    m_urlError->hide();
    m_syncing = true;
    m_url->setText(specFromFields().toUrl(false));
    m_syncing = false;
    Q_EMIT edited();
}

void ConnectionEditor::showSpec(const ConnectionSpec &spec, bool includingUrl)
{
    m_syncing = true;
    if (includingUrl)
        m_url->setText(spec.toUrl(false));
    BackendChoice choice = spec.topology == RedisTopology::Cluster    ? ClusterChoice
                           : spec.topology == RedisTopology::Sentinel ? SentinelChoice
                                                                      : RedisChoice;
    if (spec.backend == BackendKind::Memcached)
        choice = MemcachedChoice;
    else if (spec.backend == BackendKind::DbCache)
        choice = spec.sqlDriver == SqlDriver::Sqlite     ? SqliteChoice
                 : spec.sqlDriver == SqlDriver::Postgres ? PostgresChoice
                                                         : MysqlChoice;
    m_backend->setCurrentIndex(m_backend->findData(int(choice)));
    QStringList servers;
    for (const ServerAddress &a : spec.servers)
        servers.append(a.toString());
    m_servers->setText(servers.join(u", "));
    m_service->setText(spec.sentinelService);
    m_sentinelUser->setText(spec.sentinelUsername);
    m_serviceDb->setValue(choice == SentinelChoice ? spec.db : 0);
    m_file->setText(choice == SqliteChoice ? spec.database : QString());
    m_database->setText(choice == PostgresChoice || choice == MysqlChoice ? spec.database : QString());
    m_table->setText(spec.table);
    m_timeZone->setCurrentText(spec.timeZone);
    m_transport->setCurrentIndex(m_transport->findData(int(spec.transport)));
    m_host->setText(spec.host);
    m_port->setValue(spec.port);
    m_socket->setText(spec.socketPath);
    m_db->setValue(spec.db);
    m_user->setText(spec.username);
    m_caFile->setText(spec.caFile);
    m_verifyPeer->setChecked(spec.verifyPeer);
    m_connectTimeout->setValue(spec.connectTimeoutMs / 1000.0);
    m_commandTimeout->setValue(spec.commandTimeoutMs / 1000.0);
    m_scanCount->setValue(spec.scanCount);
    m_readOnly->setChecked(spec.readOnly);
    updateTransportFields();
    m_syncing = false;
}

ConnectionEditor::~ConnectionEditor()
{
    // ~QWidget closes a top-level editor, which takes the focus from the URL field, whose
    // editingFinished() would then call onUrlEditingFinished() on an object that is no
    // longer a ConnectionEditor (found by UBSan in tst_connectioneditor).
    disconnect(m_url, nullptr, this, nullptr);
}

ConnectionEditor::BackendChoice ConnectionEditor::backendChoice() const
{
    return BackendChoice(m_backend->currentData().toInt());
}

ConnectionSpec ConnectionEditor::specFromFields() const
{
    // Through the URL and back, so the spec is exactly what parse() makes of it (pool
    // order, defaults, cleaned paths); when the fields do not parse, problem() says why.
    ConnectionSpec raw = rawSpecFromFields();
    auto parsed = ConnectionSpec::parse(raw.toUrl(false));
    return parsed ? *parsed : raw;
}

ConnectionSpec ConnectionEditor::rawSpecFromFields() const
{
    ConnectionSpec spec;
    const BackendChoice choice = backendChoice();
    if (choice != RedisChoice) {
        spec.connectTimeoutMs = qRound(m_connectTimeout->value() * 1000);
        spec.commandTimeoutMs = qRound(m_commandTimeout->value() * 1000);
        spec.scanCount = m_scanCount->value();
        spec.readOnly = m_readOnly->isChecked();
        spec.username = m_user->text();
    }
    switch (choice) {
    case RedisChoice:
        break;
    case MemcachedChoice:
    case ClusterChoice:
    case SentinelChoice: {
        // A list of servers: parsed as the URL would be, for the same defaults and checks.
        const QString list = m_servers->text().remove(u' ');
        QString url = QStringLiteral("memcached://") + list;
        if (choice == MemcachedChoice) {
            spec.backend = BackendKind::Memcached;
        } else if (choice == ClusterChoice) {
            spec.topology = RedisTopology::Cluster;
            url = QStringLiteral("redis+cluster://") + list;
        } else {
            spec.topology = RedisTopology::Sentinel;
            spec.sentinelService = m_service->text().trimmed();
            spec.sentinelUsername = m_sentinelUser->text();
            spec.db = m_serviceDb->value();
            url = QStringLiteral("redis+sentinel://%1/x").arg(list);
        }
        if (auto parsed = ConnectionSpec::parse(url)) {
            spec.servers = parsed->servers;
            spec.host = parsed->host;
            spec.port = parsed->port;
        } else {
            spec.host = list; // parse() of the URL reports what is wrong with it
            spec.servers = {{list, spec.port}};
        }
        return spec;
    }
    case SqliteChoice:
    case PostgresChoice:
    case MysqlChoice:
        spec.backend = BackendKind::DbCache;
        spec.sqlDriver = choice == SqliteChoice     ? SqlDriver::Sqlite
                         : choice == PostgresChoice ? SqlDriver::Postgres
                                                    : SqlDriver::Mysql;
        spec.table = m_table->text().trimmed();
        spec.timeZone = m_timeZone->currentText().trimmed();
        if (choice == SqliteChoice) {
            spec.host.clear();
            spec.port = 0;
            spec.username.clear();
            spec.database = m_file->text().trimmed();
        } else {
            spec.host = m_host->text().trimmed();
            spec.port = quint16(m_port->value());
            spec.database = m_database->text().trimmed();
        }
        return spec;
    }
    spec.transport = Transport(m_transport->currentData().toInt());
    spec.host = spec.transport == Transport::Unix ? QString() : m_host->text().trimmed();
    spec.port = quint16(m_port->value());
    spec.socketPath = spec.transport == Transport::Unix ? m_socket->text().trimmed() : QString();
    spec.db = m_db->value();
    spec.username = m_user->text();
    if (spec.transport == Transport::Tls) {
        spec.caFile = m_caFile->text().trimmed();
        spec.verifyPeer = m_verifyPeer->isChecked();
    }
    spec.connectTimeoutMs = qRound(m_connectTimeout->value() * 1000);
    spec.commandTimeoutMs = qRound(m_commandTimeout->value() * 1000);
    spec.scanCount = m_scanCount->value();
    spec.readOnly = m_readOnly->isChecked();
    return spec;
}

} // namespace cachescope
