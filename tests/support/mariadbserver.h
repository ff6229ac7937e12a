#pragma once
// A throw-away MariaDB for one test: mariadb-install-db into a temporary directory,
// mariadbd on a free 127.0.0.1 port (and a unix socket in that directory), stopped by the
// destructor. Debian's mariadbd runs as root when told --user=root, so no system user is
// needed (unlike PostgreSQL). The test login is a password user allowed from 127.0.0.1;
// setup SQL goes through the `mariadb` client on the socket as root.
//
//     MariaDbServer db;
//     QVERIFY2(db.start(), qPrintable(db.errorString()));
//     db.django("call_command('createcachetable')");   // Django with DATABASES = this server
//     auto spec = db.spec();                             // a mysql:// connection to it

#include "sqltestserver.h"

#include <QProcess>
#include <QTemporaryDir>

namespace cachescope::test {

class MariaDbServer : public SqlTestServer
{
public:
    MariaDbServer();
    ~MariaDbServer() override;
    MariaDbServer(const MariaDbServer &) = delete;
    MariaDbServer &operator=(const MariaDbServer &) = delete;

    bool start() override;
    void stop() override;
    QString errorString() const override { return m_error; }
    QString name() const override { return QStringLiteral("MariaDB"); }
    QString login() const override { return QStringLiteral("cachescope"); }
    static QString password() { return QStringLiteral("s3cret-my"); }
    static QString database() { return QStringLiteral("django_site"); }
    quint16 port() const { return m_port; }
    ConnectionSpec spec() const override;
    bool sql(const QString &statement, QString *output = nullptr) override;
    bool django(const QString &code, QString *output = nullptr) override;
    QString secondsLeftSql(const QString &quotedKey) const override;

private:
    bool run(const QString &program, const QStringList &args, QString *output, int timeoutMs);

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    bool m_databaseReady = false; // sql() runs in the test database once it exists
    QString m_error;
};

} // namespace cachescope::test
