#pragma once
// A throw-away PostgreSQL 15 for one test: initdb into a temporary directory, postgres on
// a free 127.0.0.1 port (and a unix socket in that directory), stopped by the destructor.
//
// PostgreSQL refuses to run as root: then the binaries run as the system user
// `cachescope-test` (created with useradd --system if missing) through runuser, and the
// directory is handed to that user. TCP logins need the password (scram-sha-256); the
// unix socket trusts, for setup.
//
//     PostgresServer pg;
//     QVERIFY2(pg.start(), qPrintable(pg.errorString()));
//     pg.django("call_command('createcachetable')");   // Django with DATABASES = this server
//     auto spec = pg.spec();                             // a postgresql:// connection to it

#include "sqltestserver.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace cachescope::test {

class PostgresServer : public SqlTestServer
{
public:
    PostgresServer();
    ~PostgresServer() override;
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // False, with errorString(), when PostgreSQL is not installed or will not start.
    bool start() override;
    QString errorString() const override { return m_error; }
    QString name() const override { return QStringLiteral("PostgreSQL"); }
    QString login() const override { return user(); }

    quint16 port() const { return m_port; }
    static QString user() { return QStringLiteral("cachescope"); }
    static QString password() { return QStringLiteral("s3cret-pw"); }
    static QString database() { return QStringLiteral("django_site"); }
    ConnectionSpec spec() const override;

    // Runs SQL through psql on the unix socket; the output (unaligned, tuples only) or
    // an empty string with errorString() set.
    bool psql(const QString &sql, QString *output = nullptr);
    // Runs Python after django.setup() with DATABASES pointing here (USE_TZ = True, the
    // default cache a DatabaseCache on table django_cache); `from django.core.cache import
    // cache` and call_command are imported already.
    bool django(const QString &code, QString *output = nullptr) override;
    bool sql(const QString &statement, QString *output = nullptr) override { return psql(statement, output); }
    QString secondsLeftSql(const QString &quotedKey) const override;

    // Stop the server now (for "server went away" tests); the destructor does it otherwise.
    void stop() override;

private:
    QStringList asServerUser(const QString &program, const QStringList &args) const;
    bool runTool(const QString &tool, const QStringList &args, QString *output, int timeoutMs = 60000);
    qint64 postmasterPid() const;

    QTemporaryDir m_dir;
    QString m_bin;
    QString m_runAs; // empty when not root
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace cachescope::test
