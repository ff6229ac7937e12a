#include "postgresserver.h"

#include "freeport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

namespace cachescope::test {

namespace {

const char ServerUser[] = "cachescope-test";

QString findBin()
{
    for (const char *v : {"17", "16", "15", "14", "13"}) {
        const QString dir = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(QLatin1StringView(v));
        if (QFileInfo::exists(dir + QStringLiteral("/postgres")))
            return dir;
    }
    return QString();
}

} // namespace

PostgresServer::PostgresServer()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

PostgresServer::~PostgresServer()
{
    stop();
}

QStringList PostgresServer::asServerUser(const QString &program, const QStringList &args) const
{
    if (m_runAs.isEmpty())
        return QStringList{program} + args;
    return QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), m_runAs, QStringLiteral("--"),
                       program} +
           args;
}

bool PostgresServer::runTool(const QString &tool, const QStringList &args, QString *output, int timeoutMs)
{
    const QStringList argv = asServerUser(m_bin + u'/' + tool, args);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir.path());
    p.start(argv.first(), argv.mid(1));
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        m_error = QStringLiteral("%1 did not run or finish: %2").arg(tool, p.errorString());
        return false;
    }
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (output)
        *output = out.trimmed();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("%1 %2 failed:\n%3").arg(tool, args.join(u' '), out);
        return false;
    }
    return true;
}

bool PostgresServer::start()
{
    m_bin = findBin();
    if (m_bin.isEmpty()) {
        m_error = QStringLiteral("PostgreSQL is not installed (apt-get install postgresql)");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    if (::geteuid() == 0) {
        if (!::getpwnam(ServerUser)) {
            QProcess add;
            add.start(QStringLiteral("useradd"),
                      {QStringLiteral("--system"), QStringLiteral("--no-create-home"),
                       QStringLiteral("--shell"), QStringLiteral("/usr/sbin/nologin"),
                       QString::fromLatin1(ServerUser)});
            add.waitForFinished(30000);
            if (!::getpwnam(ServerUser)) {
                m_error =
                    QStringLiteral("running as root, and cannot create the system user %1 for PostgreSQL: %2")
                        .arg(QString::fromLatin1(ServerUser),
                             QString::fromLocal8Bit(add.readAllStandardError()));
                return false;
            }
        }
        const passwd *pw = ::getpwnam(ServerUser);
        if (::chown(QFile::encodeName(m_dir.path()).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            m_error =
                QStringLiteral("cannot hand %1 to %2").arg(m_dir.path(), QString::fromLatin1(ServerUser));
            return false;
        }
        m_runAs = QString::fromLatin1(ServerUser);
    }
    const QString data = m_dir.filePath(QStringLiteral("data"));
    const QString pwFile = m_dir.filePath(QStringLiteral("pw"));
    {
        QFile f(pwFile);
        if (!f.open(QIODevice::WriteOnly)) {
            m_error = QStringLiteral("cannot write %1").arg(pwFile);
            return false;
        }
        f.write(password().toUtf8() + '\n');
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    }
    if (!runTool(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), data, QStringLiteral("-U"), user(), QStringLiteral("--pwfile"),
                  pwFile, QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=scram-sha-256"),
                  QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                  QStringLiteral("-N")},
                 nullptr, 120000))
        return false;

    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freeLoopbackPort();
        const QStringList argv = asServerUser(
            m_bin + QStringLiteral("/postgres"),
            {QStringLiteral("-D"), data, QStringLiteral("-k"), m_dir.path(), QStringLiteral("-h"),
             QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-c"),
             QStringLiteral("fsync=off"), QStringLiteral("-c"), QStringLiteral("full_page_writes=off")});
        m_process.start(argv.first(), argv.mid(1));
        if (!m_process.waitForStarted(10000)) {
            m_error = QStringLiteral("cannot start postgres: %1").arg(m_process.errorString());
            return false;
        }
        const QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QProcess ready;
            ready.start(m_bin + QStringLiteral("/pg_isready"),
                        {QStringLiteral("-h"), m_dir.path(), QStringLiteral("-p"), QString::number(m_port)});
            if (ready.waitForFinished(5000) && ready.exitCode() == 0)
                return psql(QStringLiteral("CREATE DATABASE %1").arg(database()));
            m_process.waitForFinished(50); // bounded; also notices an exit
        }
        const QString out = QString::fromLocal8Bit(m_process.readAll());
        if (m_process.state() == QProcess::Running) {
            stop();
            m_error = QStringLiteral("postgres did not accept connections within 30 s:\n%1").arg(out);
            return false;
        }
        m_error = QStringLiteral("postgres exited at start:\n%1").arg(out);
        if (!out.contains(QStringLiteral("in use")))
            return false;
    }
    return false;
}

qint64 PostgresServer::postmasterPid() const
{
    // Under runuser, m_process is runuser: the postmaster's own pid is in its pid file.
    QFile f(m_dir.filePath(QStringLiteral("data/postmaster.pid")));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readLine().trimmed().toLongLong();
}

void PostgresServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    const qint64 pid = postmasterPid();
    if (pid > 0)
        ::kill(pid_t(pid), SIGINT); // fast shutdown: clients are cut off, nothing to wait for
    else
        m_process.terminate();
    if (!m_process.waitForFinished(15000)) {
        if (pid > 0)
            ::kill(pid_t(pid), SIGKILL);
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

ConnectionSpec PostgresServer::spec() const
{
    ConnectionSpec s;
    s.backend = BackendKind::DbCache;
    s.sqlDriver = SqlDriver::Postgres;
    s.host = QStringLiteral("127.0.0.1");
    s.port = m_port;
    s.username = user();
    s.password = password();
    s.database = database();
    return s;
}

bool PostgresServer::psql(const QString &sql, QString *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(m_bin + QStringLiteral("/psql"),
            {QStringLiteral("-h"), m_dir.path(), QStringLiteral("-p"), QString::number(m_port),
             QStringLiteral("-U"), user(), QStringLiteral("-d"),
             sql.startsWith(QStringLiteral("CREATE DATABASE")) ? QStringLiteral("postgres") : database(),
             QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-At"),
             QStringLiteral("-c"), sql});
    if (!p.waitForStarted(10000) || !p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(2000);
        m_error = QStringLiteral("psql did not finish");
        return false;
    }
    const QString out = QString::fromLocal8Bit(p.readAll()).trimmed();
    if (output)
        *output = out;
    if (p.exitCode() != 0) {
        m_error = QStringLiteral("psql: %1").arg(out);
        return false;
    }
    return true;
}

bool PostgresServer::django(const QString &code, QString *output)
{
    return runDjangoWithDatabase(QStringLiteral("django.db.backends.postgresql"), m_port, database(), user(),
                                 password(), code, output, &m_error);
}

QString PostgresServer::secondsLeftSql(const QString &quotedKey) const
{
    return QStringLiteral("SELECT round(EXTRACT(EPOCH FROM expires - now())) FROM django_cache "
                          "WHERE cache_key = %1")
        .arg(quotedKey);
}

} // namespace cachescope::test
