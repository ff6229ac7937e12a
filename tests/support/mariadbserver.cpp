#include "mariadbserver.h"

#include "freeport.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QStandardPaths>

namespace cachescope::test {

MariaDbServer::MariaDbServer()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

MariaDbServer::~MariaDbServer()
{
    stop();
}

bool MariaDbServer::run(const QString &program, const QStringList &args, QString *output, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        m_error = QStringLiteral("%1 did not run or finish: %2").arg(program, p.errorString());
        return false;
    }
    const QString out = QString::fromLocal8Bit(p.readAll()).trimmed();
    if (output)
        *output = out;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("%1 failed:\n%2").arg(program, out);
        return false;
    }
    return true;
}

bool MariaDbServer::start()
{
    const QString server = QStandardPaths::findExecutable(QStringLiteral("mariadbd"), {QStringLiteral("/usr/sbin")});
    const QString install = QStandardPaths::findExecutable(QStringLiteral("mariadb-install-db"));
    if (server.isEmpty() || install.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("mariadb")).isEmpty()) {
        m_error = QStringLiteral("MariaDB is not installed (apt-get install mariadb-server-core mariadb-client-core)");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    const QString data = m_dir.filePath(QStringLiteral("data"));
    // --no-defaults everywhere: nothing from /etc/mysql may point the server elsewhere.
    if (!run(install,
             {QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data, QStringLiteral("--user=root"),
              QStringLiteral("--auth-root-authentication-method=socket"), QStringLiteral("--skip-test-db")},
             nullptr, 120000))
        return false;

    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freeLoopbackPort();
        m_process.start(server,
                        {QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data,
                         QStringLiteral("--user=root"), QStringLiteral("--bind-address=127.0.0.1"),
                         QStringLiteral("--port=%1").arg(m_port),
                         QStringLiteral("--socket=") + m_dir.filePath(QStringLiteral("sock")),
                         QStringLiteral("--pid-file=") + m_dir.filePath(QStringLiteral("pid")),
                         QStringLiteral("--skip-name-resolve"), QStringLiteral("--skip-log-bin"),
                         QStringLiteral("--innodb-buffer-pool-size=16M"), QStringLiteral("--innodb-log-file-size=8M"),
                         QStringLiteral("--innodb-flush-log-at-trx-commit=0")});
        if (!m_process.waitForStarted(10000)) {
            m_error = QStringLiteral("cannot start mariadbd: %1").arg(m_process.errorString());
            return false;
        }
        const QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (QFileInfo::exists(m_dir.filePath(QStringLiteral("sock"))) && sql(QStringLiteral("SELECT 1"))) {
                if (!sql(QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4").arg(database())))
                    return false;
                m_databaseReady = true;
                return sql(QStringLiteral("CREATE USER '%1'@'127.0.0.1' IDENTIFIED BY '%2'").arg(login(), password())) &&
                       sql(QStringLiteral("GRANT ALL ON %1.* TO '%2'@'127.0.0.1'").arg(database(), login()));
            }
            m_process.waitForFinished(100); // bounded; also notices an exit
        }
        const QString out = QString::fromLocal8Bit(m_process.readAll());
        if (m_process.state() == QProcess::Running) {
            stop();
            m_error = QStringLiteral("mariadbd did not accept connections within 30 s:\n%1").arg(out);
            return false;
        }
        m_error = QStringLiteral("mariadbd exited at start:\n%1").arg(out);
        if (!out.contains(QStringLiteral("in use")))
            return false;
    }
    return false;
}

void MariaDbServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate(); // SIGTERM: a normal shutdown
    if (!m_process.waitForFinished(15000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

ConnectionSpec MariaDbServer::spec() const
{
    ConnectionSpec s;
    s.backend = BackendKind::DbCache;
    s.sqlDriver = SqlDriver::Mysql;
    s.host = QStringLiteral("127.0.0.1");
    s.port = m_port;
    s.username = login();
    s.password = password();
    s.database = database();
    return s;
}

bool MariaDbServer::sql(const QString &statement, QString *output)
{
    QStringList args{QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_dir.filePath(QStringLiteral("sock")),
                     QStringLiteral("-u"), QStringLiteral("root"), QStringLiteral("-N"), QStringLiteral("-B"),
                     QStringLiteral("-e"), statement};
    if (m_databaseReady)
        args.append(database());
    return run(QStringLiteral("mariadb"), args, output, 60000);
}

bool MariaDbServer::django(const QString &code, QString *output)
{
    return runDjangoWithDatabase(QStringLiteral("django.db.backends.mysql"), m_port, database(), login(),
                                 password(), code, output, &m_error);
}

QString MariaDbServer::secondsLeftSql(const QString &quotedKey) const
{
    // Django stores UTC in a plain DATETIME when USE_TZ = True.
    return QStringLiteral("SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), expires) FROM django_cache "
                          "WHERE cache_key = %1")
        .arg(quotedKey);
}

} // namespace cachescope::test
