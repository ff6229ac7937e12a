// AppSettings / SavedConnection: connections survive a save + load, the file is written
// atomically into the configured folder, and a password never reaches it.
#include "settings/appsettings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;

class TestSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void neverWritesPassword_data();
    void neverWritesPassword();
    void honoursConfigDirOverride();
    void badEntryDoesNotLoseOthers();
    void missingFileIsEmpty();
};

void TestSettings::roundTrip_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("separator");
    QTest::addColumn<int>("serializer");
    QTest::newRow("plain") << "redis://127.0.0.1:6379/0" << "local" << QByteArray(":") << int(ValueSerializer::Pickle);
    QTest::newRow("acl+options") << "redis://ops@cache.example:6400/3?timeout=2.5&scan_count=500&readonly=true"
                                 << "prod sessions" << QByteArray("|") << int(ValueSerializer::Json);
    QTest::newRow("tls") << "rediss://h:6380/1?ca=/etc/ssl/ca.pem&verify=false" << "tls" << QByteArray(":")
                         << int(ValueSerializer::Msgpack);
    QTest::newRow("unix") << "unix:///run/redis/redis.sock?db=2" << "sock \u00e9" << QByteArray("")
                          << int(ValueSerializer::Pickle);
    QTest::newRow("memcached pool") << "memcached://10.0.0.1:11211,10.0.0.2:11212?timeout=2"
                                    << "mc" << QByteArray(":") << int(ValueSerializer::Pickle);
    QTest::newRow("memcached sasl") << "memcached://app@mc.example:11211"
                                    << "mc sasl" << QByteArray(":") << int(ValueSerializer::Pickle);
    QTest::newRow("sqlite") << "sqlite:///srv/site/db.sqlite3?table=my_cache&tz=Europe/Paris"
                            << "site db" << QByteArray(":") << int(ValueSerializer::Pickle);
    QTest::newRow("postgres") << "postgresql://django@db.example:5433/site?table=django_cache&readonly=true"
                              << "pg" << QByteArray(":") << int(ValueSerializer::Pickle);
    QTest::newRow("mysql") << "mysql://django@db.example:3306/site?table=cache_t"
                           << "my" << QByteArray(":") << int(ValueSerializer::Pickle);
}

void TestSettings::roundTrip()
{
    QFETCH(QString, url);
    QFETCH(QString, name);
    QFETCH(QByteArray, separator);
    QFETCH(int, serializer);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec, qPrintable(spec ? QString() : spec.error().message));
    SavedConnection c = SavedConnection::create(name, *spec);
    c.separator = separator;
    c.serializer = ValueSerializer(serializer);
    c.production = true;
    SavedConnection other = SavedConnection::create(QStringLiteral("second"), ConnectionSpec());

    AppSettings settings(dir.path());
    const auto saved = settings.saveConnections({c, other});
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));

    QStringList warnings;
    const auto loaded = AppSettings(dir.path()).loadConnections(&warnings);
    QVERIFY(loaded);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
    QCOMPARE(loaded->size(), 2);
    const SavedConnection &back = loaded->at(0);
    QCOMPARE(back.id, c.id);
    QCOMPARE(back.name, name);
    QCOMPARE(back.separator, separator);
    QCOMPARE(int(back.serializer), serializer);
    QCOMPARE(loaded->at(1).serializer, ValueSerializer::Pickle);
    QVERIFY(back.spec == c.spec);
    QCOMPARE(back.spec.readOnly, spec->readOnly);
    QCOMPARE(back.spec.scanCount, spec->scanCount);
    QCOMPARE(loaded->at(1).id, other.id);
    QCOMPARE(back.production, true);
    QCOMPARE(loaded->at(1).production, false); // the default for files written before the flag
}

void TestSettings::neverWritesPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("redis") << "redis://ops:%1@10.0.0.5:6379/0";
    QTest::newRow("memcached") << "memcached://ops:%1@10.0.0.5:11211,10.0.0.6:11211";
    QTest::newRow("postgres") << "postgresql://ops:%1@10.0.0.5:5432/site?table=django_cache";
}

void TestSettings::neverWritesPassword()
{
    QFETCH(QString, url);
    QTemporaryDir dir;
    const QString secret = QStringLiteral("Sup3r-s3cret-pw");
    auto spec = ConnectionSpec::parse(url.arg(secret));
    QVERIFY(spec);
    QCOMPARE(spec->password, secret);
    const SavedConnection c = SavedConnection::create(QStringLiteral("prod"), *spec);
    QVERIFY(c.hasPassword);
    QVERIFY(AppSettings(dir.path()).saveConnections({c}));

    QFile file(AppSettings(dir.path()).connectionsFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.isEmpty());
    QVERIFY2(!bytes.contains(secret.toUtf8()), bytes.constData());
    QVERIFY(bytes.contains("ops@10.0.0.5"));

    const auto loaded = AppSettings(dir.path()).loadConnections();
    QVERIFY(loaded);
    QVERIFY(loaded->at(0).spec.password.isEmpty());
    QVERIFY(loaded->at(0).hasPassword);   // so the GUI knows to ask the keychain
}

void TestSettings::honoursConfigDirOverride()
{
    QTemporaryDir dir;
    qputenv("CACHESCOPE_CONFIG_DIR", dir.path().toUtf8());
    AppSettings settings;
    QCOMPARE(settings.directory(), dir.path());
    QVERIFY(settings.saveConnections({SavedConnection::create(QStringLiteral("x"), ConnectionSpec())}));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("connections.json"))));
    qunsetenv("CACHESCOPE_CONFIG_DIR");
}

void TestSettings::badEntryDoesNotLoseOthers()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("connections.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"version":1,"connections":[{"name":"bad","url":"http://nope"},
                 {"name":"typo","url":"redis://127.0.0.1:7000/2","serializer":"yaml"},
                 {"name":"good","url":"redis://127.0.0.1:7000/2","separator":"/"}]})");
    file.close();
    QStringList warnings;
    const auto loaded = AppSettings(dir.path()).loadConnections(&warnings);
    QVERIFY(loaded);
    QCOMPARE(loaded->size(), 1);
    QCOMPARE(loaded->at(0).name, QStringLiteral("good"));
    QCOMPARE(loaded->at(0).spec.port, quint16(7000));
    QCOMPARE(loaded->at(0).separator, QByteArray("/"));
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings.at(0).contains(QStringLiteral("scheme")));
    QVERIFY(warnings.at(1).contains(QStringLiteral("unknown serializer 'yaml'")));
}

void TestSettings::missingFileIsEmpty()
{
    QTemporaryDir dir;
    const auto loaded = AppSettings(dir.filePath(QStringLiteral("not-there"))).loadConnections();
    QVERIFY(loaded);
    QVERIFY(loaded->isEmpty());
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
