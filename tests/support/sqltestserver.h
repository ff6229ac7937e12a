#pragma once
// A throw-away SQL server for one test (PostgresServer, MariaDbServer): what a test of the
// database cache table needs from it, so one test body runs against each.

#include "core/connectionspec.h"

#include <QString>

namespace cachescope::test {

class SqlTestServer
{
public:
    virtual ~SqlTestServer() = default;

    // False, with errorString(), when the server is not installed or will not start.
    virtual bool start() = 0;
    virtual void stop() = 0;
    virtual QString errorString() const = 0;
    virtual QString name() const = 0;     // "PostgreSQL", "MariaDB": what ServerInfo::product says
    virtual QString login() const = 0;    // the user the spec logs in as
    virtual ConnectionSpec spec() const = 0;
    // One SQL statement as the administrator; the output, one row per line, tab-separated.
    virtual bool sql(const QString &statement, QString *output = nullptr) = 0;
    // Python after django.setup() with DATABASES pointing here (USE_TZ = True, the default
    // cache a DatabaseCache on table django_cache); `cache` and call_command are imported.
    virtual bool django(const QString &code, QString *output = nullptr) = 0;
    // SQL for the whole seconds from now until the expires of one row (quoted key).
    virtual QString secondsLeftSql(const QString &quotedKey) const = 0;
};

// The django() of both servers: settings with one database of this engine, then code.
bool runDjangoWithDatabase(const QString &engine, quint16 port, const QString &database, const QString &user,
                           const QString &password, const QString &code, QString *output, QString *error);

} // namespace cachescope::test
