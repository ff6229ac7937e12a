// The key filter: case-insensitive substring of the escaped key, or a Redis glob on the
// raw bytes (the semantics of Redis' stringmatchlen, which SCAN MATCH uses).

#include "model/keymatcher.h"

#include <QTest>

using namespace cachescope;

class TestKeyMatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void glob_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("match");
        QTest::newRow("star all") << QByteArray("*") << QByteArray("anything") << true;
        QTest::newRow("star empty") << QByteArray("*") << QByteArray() << true;
        QTest::newRow("prefix") << QByteArray("app:1:*") << QByteArray("app:1:users:42") << true;
        QTest::newRow("prefix miss") << QByteArray("app:1:*") << QByteArray("app:2:x") << false;
        QTest::newRow("whole key") << QByteArray("users*") << QByteArray("app:users") << false;
        QTest::newRow("middle star") << QByteArray("a*c") << QByteArray("abbbc") << true;
        QTest::newRow("backtrack") << QByteArray("*ab*ab") << QByteArray("xabyabab") << true;
        QTest::newRow("backtrack miss") << QByteArray("*ab*abz") << QByteArray("xabyabab") << false;
        QTest::newRow("question") << QByteArray("h?llo") << QByteArray("hello") << true;
        QTest::newRow("question needs a byte") << QByteArray("h?llo") << QByteArray("hllo") << false;
        QTest::newRow("class") << QByteArray("h[ae]llo") << QByteArray("hallo") << true;
        QTest::newRow("class miss") << QByteArray("h[ae]llo") << QByteArray("hillo") << false;
        QTest::newRow("negated class") << QByteArray("h[^e]llo") << QByteArray("hallo") << true;
        QTest::newRow("negated class miss") << QByteArray("h[^e]llo") << QByteArray("hello") << false;
        QTest::newRow("range") << QByteArray("v[0-9]") << QByteArray("v7") << true;
        QTest::newRow("reversed range") << QByteArray("v[9-0]") << QByteArray("v7") << true;
        QTest::newRow("escaped star") << QByteArray("a\\*b") << QByteArray("a*b") << true;
        QTest::newRow("escaped star is literal") << QByteArray("a\\*b") << QByteArray("axb") << false;
        QTest::newRow("case-sensitive") << QByteArray("APP*") << QByteArray("app") << false;
        QTest::newRow("binary") << QByteArray("bin:?\xff") << QByteArray("bin:\0\xff", 6) << true;
        QTest::newRow("trailing stars") << QByteArray("ab**") << QByteArray("ab") << true;
    }
    void glob()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, key);
        QFETCH(bool, match);
        QCOMPARE(KeyMatcher::globMatch(pattern, key), match);
    }

    void text_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("match");
        QTest::newRow("empty matches all") << QString() << QByteArray("x") << true;
        QTest::newRow("substring any case") << QStringLiteral("USER") << QByteArray("app:1:users:4") << true;
        QTest::newRow("substring miss") << QStringLiteral("cart") << QByteArray("app:1:users:4") << false;
        QTest::newRow("escaped newline") << QStringLiteral("\\n") << QByteArray("a\nb") << true;
        QTest::newRow("escaped hex") << QStringLiteral("\\XFF") << QByteArray("a\xff") << true;
        QTest::newRow("raw backslash shows doubled")
            << QStringLiteral("a\\\\b") << QByteArray("a\\b") << true;
        QTest::newRow("unicode any case") << QStringLiteral("ÉTÉ") << QByteArray("saison:été") << true;
        QTest::newRow("glob from text") << QStringLiteral("app:[12]:*") << QByteArray("app:2:x") << true;
        QTest::newRow("glob from text miss")
            << QStringLiteral("app:[12]:*") << QByteArray("app:3:x") << false;
    }
    void text()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, key);
        QFETCH(bool, match);
        QCOMPARE(KeyMatcher(text).matches(key), match);
    }
};

QTEST_GUILESS_MAIN(TestKeyMatcher)
#include "tst_keymatcher.moc"
