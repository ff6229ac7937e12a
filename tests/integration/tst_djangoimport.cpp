// Import from Django settings, end to end: a real Django project written into a temp
// folder, read by DjangoSettingsReader through Debian's /usr/bin/python3 (python3-django),
// turned into connections by importDjangoCaches. The pasted-dict way reads the same CACHES.
#include "codec/pyliteral.h"
#include "ops/djangocacheimport.h"
#include "ops/djangosettingsreader.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;

namespace {

// The CACHES literal lives in python/django_import_caches.py (moc cannot read raw strings
// holding "//").
QByteArray cachesLiteral()
{
    QFile f(QFINDTESTDATA("python/django_import_caches.py"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    // Drop the leading comment lines: parsePythonSettings reads a bare literal as CACHES.
    QByteArray text = f.readAll();
    while (text.startsWith('#'))
        text = text.mid(text.indexOf('\n') + 1);
    return text;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

} // namespace

class TestDjangoImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aliases_data();
    void aliases();
    void skipped_data();
    void skipped();
    void pastedMatchesManagePy();
    void postgresDatabase();
    void guessesSettingsModule();
    void reportsBrokenSettings();
    void reportsMissingPython();

private:
    const DjangoCacheImport *find(const QString &alias) const;
    QTemporaryDir m_project;
    QList<DjangoCacheImport> m_imports;
    QJsonObject m_settings;
};

void TestDjangoImport::initTestCase()
{
    QVERIFY(m_project.isValid());
    const QString root = m_project.path();
    QVERIFY(writeFile(root + QStringLiteral("/manage.py"),
                      "#!/usr/bin/env python\nimport os, sys\n\ndef main():\n"
                      "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
                      "    from django.core.management import execute_from_command_line\n"
                      "    execute_from_command_line(sys.argv)\n\nif __name__ == '__main__':\n    main()\n"));
    QVERIFY(writeFile(root + QStringLiteral("/mysite/__init__.py"), ""));
    QByteArray settings = "from pathlib import Path\nimport os\n"
                          "BASE_DIR = Path(__file__).resolve().parent.parent\n"
                          "SECRET_KEY = 'test'\nINSTALLED_APPS = []\n"
                          "USE_TZ = False\nTIME_ZONE = 'Europe/Paris'\n"
                          "print('settings imported')  # noise the reader must ignore\n"
                          "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\n"
                          "CACHES = ";
    const QByteArray caches = cachesLiteral();
    QVERIFY(!caches.isEmpty());
    settings += caches;
    settings += "\n";
    QVERIFY(writeFile(root + QStringLiteral("/mysite/settings.py"), settings));

    DjangoSettingsReader reader;
    QSignalSpy done(&reader, &DjangoSettingsReader::finished);
    QSignalSpy failed(&reader, &DjangoSettingsReader::failed);
    reader.start(root + QStringLiteral("/manage.py"), QStringLiteral("/usr/bin/python3"), {});
    QVERIFY(reader.isRunning());   // asynchronous: start() returned before the child finished
    QTRY_VERIFY_WITH_TIMEOUT(done.size() + failed.size() > 0, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    m_settings = done.first().at(0).toJsonObject();
    QCOMPARE(done.first().at(1).toString(), QDir(root).absolutePath());
    QVERIFY(m_settings.value(u"DJANGO_VERSION").toString().startsWith(u"3.") ||
            m_settings.value(u"DJANGO_VERSION").toString().startsWith(u"4."));
    const auto imports = importDjangoCaches(m_settings, {QStringLiteral("mysite"), root});
    QVERIFY(imports);
    m_imports = *imports;
    QCOMPARE(m_imports.size(), 12);
    QCOMPARE(m_imports.first().alias, QStringLiteral("default"));
}

const DjangoCacheImport *TestDjangoImport::find(const QString &alias) const
{
    for (const DjangoCacheImport &i : m_imports)
        if (i.alias == alias)
            return &i;
    return nullptr;
}

void TestDjangoImport::aliases_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("url");      // ConnectionSpec::toUrl(withPassword=true)
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<int>("version");
    QTest::addColumn<int>("serializer");
    QTest::addColumn<int>("flavor");
    QTest::addColumn<QString>("note");     // a substring of one of the notes, or empty
    const int pickle = int(ValueSerializer::Pickle);
    const int pymc = int(MemcachedFlavor::PyMemcache);
    QTest::newRow("redis list, password, prefix, version")
        << "default" << "redis://:s3cret@127.0.0.1:6390/2" << "shop" << 4 << pickle << pymc << "replicas not used";
    QTest::newRow("django-redis unix json lz4") << "sessions" << "unix:///run/redis/redis.sock?db=3" << "" << 1
                                                << int(ValueSerializer::Json) << pymc << "compressed with lz4";
    QTest::newRow("unix:/path") << "socket" << "unix:///tmp/r.sock" << "" << 1 << pickle << pymc << "";
    QTest::newRow("rediss, options password, msgpack")
        << "tls" << "rediss://ops:tlspw@cache.example:6380/1?verify=false" << "" << 1
        << int(ValueSerializer::Msgpack) << pymc << "health_check_interval";
    QTest::newRow("django-redis SentinelClient")
        << "replicated"
        << "redis+sentinel://:mpw@10.0.0.7:26379,10.0.0.8:26380/MyMaster/1?sentinel_username=sen&sentinel_password=s%26pw"
        << "" << 1 << pickle << pymc << "";
    QTest::newRow("pymemcache pool ;") << "pages" << "memcached://10.0.0.1:11211,10.0.0.2:11212" << "pg" << 1
                                       << pickle << pymc << "";
    QTest::newRow("pylibmc list, ipv6") << "fragments" << "memcached://127.0.0.1:11311,[::1]:11312" << "" << 1
                                        << pickle << int(MemcachedFlavor::PyLibMc) << "";
}

void TestDjangoImport::aliases()
{
    QFETCH(QString, alias);
    QFETCH(QString, url);
    QFETCH(QString, prefix);
    QFETCH(int, version);
    QFETCH(int, serializer);
    QFETCH(int, flavor);
    QFETCH(QString, note);
    const DjangoCacheImport *i = find(alias);
    QVERIFY(i);
    QVERIFY2(i->importable, qPrintable(i->skipReason));
    QCOMPARE(i->spec.toUrl(true), url);
    QCOMPARE(i->keyPrefix, prefix);
    QCOMPARE(i->version, version);
    QCOMPARE(int(i->serializer), serializer);
    if (i->spec.backend == BackendKind::Memcached)
        QCOMPARE(int(i->memcachedClient), flavor);
    if (!note.isEmpty())
        QVERIFY2(i->notes.join(u'\n').contains(note), qPrintable(i->notes.join(u'\n')));
    QVERIFY(i->name.startsWith(QStringLiteral("mysite · ") + alias));
    // What the importer makes must be a URL the rest of CacheScope accepts.
    const auto again = ConnectionSpec::parse(url);
    QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
    QCOMPARE(*again, i->spec);
}

void TestDjangoImport::skipped_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("reason");
    QTest::newRow("locmem") << "local" << "local memory";
    QTest::newRow("dummy") << "nothing" << "stores nothing";
    QTest::newRow("files") << "files" << "file-based";
    QTest::newRow("memcached socket") << "mcsock" << "unix socket";
}

void TestDjangoImport::skipped()
{
    QFETCH(QString, alias);
    QFETCH(QString, reason);
    const DjangoCacheImport *i = find(alias);
    QVERIFY(i);
    QVERIFY(!i->importable);
    QVERIFY2(i->skipReason.contains(reason), qPrintable(i->skipReason));
}

void TestDjangoImport::pastedMatchesManagePy()
{
    // The database alias: USE_TZ = False, so expiry times are Paris wall-clock time, in the
    // SQLite file the project's BASE_DIR / 'db.sqlite3' names.
    const DjangoCacheImport *table = find(QStringLiteral("table"));
    QVERIFY(table && table->importable);
    QCOMPARE(table->spec.sqlDriver, SqlDriver::Sqlite);
    QCOMPARE(table->spec.database, QDir(m_project.path()).absoluteFilePath(QStringLiteral("db.sqlite3")));
    QCOMPARE(table->spec.table, QStringLiteral("site_cache"));
    QCOMPARE(table->spec.timeZone, QStringLiteral("Europe/Paris"));
    QCOMPARE(table->version, 2);

    // Pasting the same CACHES (and a relative SQLite NAME) gives the same connections.
    const QString pasted = QStringLiteral("USE_TZ = False\nTIME_ZONE = 'Europe/Paris'\n"
                                          "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', "
                                          "'NAME': 'db.sqlite3'}}\nCACHES = ") +
                           QString::fromUtf8(cachesLiteral());
    const auto settings = parsePythonSettings(pasted);
    QVERIFY2(settings, qPrintable(settings ? QString() : settings.error().message));
    const auto imports = importDjangoCaches(*settings, {QStringLiteral("mysite"), m_project.path()});
    QVERIFY(imports);
    QCOMPARE(imports->size(), m_imports.size());
    for (qsizetype n = 0; n < imports->size(); ++n) {
        const DjangoCacheImport &a = imports->at(n);
        const DjangoCacheImport &b = m_imports.at(n);
        QCOMPARE(a.alias, b.alias);
        QCOMPARE(a.importable, b.importable);
        QCOMPARE(a.skipReason, b.skipReason);
        QCOMPARE(a.spec, b.spec);
        QCOMPARE(a.keyPrefix, b.keyPrefix);
        QCOMPARE(a.version, b.version);
    }
}

void TestDjangoImport::postgresDatabase()
{
    const auto settings = parsePythonSettings(QStringLiteral(
        "USE_TZ = True\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'site', "
        "'USER': 'web', 'PASSWORD': 'pgpw', 'HOST': 'db.example', 'PORT': '5433'}}\n"
        "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'cache_t'}}"));
    QVERIFY(settings);
    const auto imports = importDjangoCaches(*settings);
    QVERIFY(imports);
    QCOMPARE(imports->size(), 1);
    QVERIFY2(imports->first().importable, qPrintable(imports->first().skipReason));
    QCOMPARE(imports->first().spec.toUrl(true),
             QStringLiteral("postgresql://web:pgpw@db.example:5433/site?table=cache_t"));
    QCOMPARE(imports->first().spec.timeZone, QStringLiteral("UTC"));
}

void TestDjangoImport::guessesSettingsModule()
{
    QCOMPARE(DjangoSettingsReader::guessSettingsModule(m_project.path() + QStringLiteral("/manage.py")),
             QStringLiteral("mysite.settings"));
    QCOMPARE(DjangoSettingsReader::guessSettingsModule(m_project.path() + QStringLiteral("/missing.py")), QString());
}

void TestDjangoImport::reportsBrokenSettings()
{
    DjangoSettingsReader reader;
    QSignalSpy done(&reader, &DjangoSettingsReader::finished);
    QSignalSpy failed(&reader, &DjangoSettingsReader::failed);
    reader.start(m_project.path() + QStringLiteral("/manage.py"), QStringLiteral("/usr/bin/python3"),
                 QStringLiteral("mysite.nosuchsettings"));
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() == 1, 60000);
    QVERIFY(done.isEmpty());
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(u"ModuleNotFoundError") && message.contains(u"nosuchsettings"), qPrintable(message));
}

void TestDjangoImport::reportsMissingPython()
{
    DjangoSettingsReader reader;
    QSignalSpy failed(&reader, &DjangoSettingsReader::failed);
    reader.start(m_project.path() + QStringLiteral("/manage.py"), m_project.path() + QStringLiteral("/no-python"), {});
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() == 1, 10000);
    QVERIFY2(failed.first().first().toString().contains(u"no-python"), qPrintable(failed.first().first().toString()));
}

QTEST_GUILESS_MAIN(TestDjangoImport)
#include "tst_djangoimport.moc"
