// DbCacheConnector reading `expires` written by a Django site with USE_TZ = False: SQLite
// stores its TIME_ZONE's naive wall clock, and the connection's time-zone setting says so.
#include "connectorrecorder.h"
#include "dbcache/dbcacheconnector.h"
#include "python.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace cachescope;
using namespace cachescope::test;

namespace {

ConnectionSpec sqliteSpec(const QString &path)
{
    ConnectionSpec spec;
    spec.backend = BackendKind::DbCache;
    spec.sqlDriver = SqlDriver::Sqlite;
    spec.database = path;
    return spec;
}

} // namespace

class TestDbCacheTimeZone : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void naiveExpiresReadInTheSiteTimeZone();

private:
    QTemporaryDir m_dir;
};

void TestDbCacheTimeZone::naiveExpiresReadInTheSiteTimeZone()
{
    // A site with USE_TZ = False writes its TIME_ZONE's wall clock into `expires`. A real
    // settings module, because Django sets the process' TZ from it (settings.configure()
    // would not).
    const QString path = m_dir.filePath(QStringLiteral("paris.sqlite3"));
    QFile settings(m_dir.filePath(QStringLiteral("paris_settings.py")));
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write(R"(import os
USE_TZ = False
TIME_ZONE = 'Europe/Paris'
SECRET_KEY = 'test'
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.environ['PARIS_DB']}}
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'django_cache'}}
)");
    settings.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DJANGO_SETTINGS_MODULE"), QStringLiteral("paris_settings"));
    env.insert(QStringLiteral("PYTHONPATH"), m_dir.path());
    env.insert(QStringLiteral("PARIS_DB"), path);
    env.remove(QStringLiteral("TZ"));
    const PythonRun run = runPython(QStringLiteral(R"(
import django
django.setup()
from django.core.management import call_command
call_command('createcachetable', verbosity=0)
from django.core.cache import cache
cache.set('tz:hour', 'an hour', 3600)
cache.set('tz:never', 'forever', None)
)"),
                                    {}, 120000, env);
    QVERIFY2(run.ok, qPrintable(run.error));

    const QTimeZone paris("Europe/Paris");
    const qint64 offsetMs = paris.offsetFromUtc(QDateTime::currentDateTimeUtc()) * 1000;
    QVERIFY(offsetMs > 0);
    for (const QString &tz : {QStringLiteral("Europe/Paris"), QStringLiteral("UTC")}) {
        ConnectionSpec spec = sqliteSpec(path);
        spec.timeZone = tz;
        auto s = openRecorded(std::make_unique<DbCacheConnector>(spec));
        const quint64 id = s->host.fetchMeta({":1:tz:hour", ":1:tz:never"});
        WAIT_ANSWER(*s, id, 10000);
        EXPECT_NO_FAILURE(*s, id);
        const QList<KeyMeta> m = s->results.meta.value(id);
        // Read in the wrong zone, the wall clock is off by Paris' offset from UTC.
        const qint64 expected = 3600 * 1000 + (tz == u"UTC" ? offsetMs : 0);
        QVERIFY2(m.at(0).ttlMs <= expected && m.at(0).ttlMs > expected - 60 * 1000,
                 qPrintable(QStringLiteral("%1: %2").arg(tz).arg(m.at(0).ttlMs)));
        QCOMPARE(m.at(1).ttlMs, NoExpiry);
    }
}

QTEST_GUILESS_MAIN(TestDbCacheTimeZone)
#include "tst_dbcachetimezone.moc"
