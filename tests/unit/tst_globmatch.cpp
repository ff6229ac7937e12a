#include "core/globmatch.h"

#include <QElapsedTimer>
#include <QTest>

using namespace cachescope;

class TestGlobMatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void matchesEverything_data();
    void matchesEverything();
    void longInputsStayFast();
};

void TestGlobMatch::matches_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("nocase");
    QTest::addColumn<bool>("expected");

    auto row = [](const char *name, QByteArray p, QByteArray t, bool expected, bool nocase = false) {
        QTest::newRow(name) << p << t << nocase << expected;
    };
    row("empty both", "", "", true);
    row("empty pattern", "", "a", false);
    row("literal", "app:1:x", "app:1:x", true);
    row("literal differs", "app:1:x", "app:1:y", false);
    row("literal prefix only", "app", "app:1", false);
    row("star all", "*", "anything", true);
    row("star empty", "*", "", true);
    row("stars", "***", "x", true);
    row("prefix star", "app:1:*", "app:1:views.cache", true);
    row("prefix star empty rest", "app:1:*", "app:1:", true);
    row("prefix star other", "app:1:*", "app:2:x", false);
    row("inner star", "a*c", "abbbc", true);
    row("inner star backtracks", "a*bc", "abcbcbc", true);
    row("inner star fails", "a*c", "abcd", false);
    row("two stars", "*:1:*", "other:1:str", true);
    row("two stars no", "*:1:*", "other:2:str", false);
    row("question", "?", "x", true);
    row("question empty", "?", "", false);
    row("question two", "a?c", "abc", true);
    row("question short", "a?c", "ac", false);
    row("question one byte of utf8", "caf?", "caf\xc3\xa9", false);
    row("two questions utf8", "caf??", "caf\xc3\xa9", true);
    row("class", "h[ae]llo", "hello", true);
    row("class no", "h[ae]llo", "hillo", false);
    row("negated class", "h[^e]llo", "hallo", true);
    row("negated class no", "h[^e]llo", "hello", false);
    row("range", "v[0-9]", "v7", true);
    row("range no", "v[0-9]", "vx", false);
    row("reversed range", "v[9-0]", "v3", true);
    row("range and set", "[a-cx]z", "xz", true);
    row("escaped in class", "[\\]]", "]", true);
    row("escaped dash in class", "[a\\-z]", "-", true);
    row("dash at end of class", "[a-]", "-", true);
    row("unterminated class", "[ab", "a", true);
    row("unterminated class no", "[ab", "c", false);
    row("escaped star", "a\\*", "a*", true);
    row("escaped star is literal", "a\\*", "ab", false);
    row("escaped question", "\\?", "?", true);
    row("escaped question no", "\\?", "x", false);
    row("escaped bracket", "\\[x]", "[x]", true);
    row("escaped backslash", "a\\\\b", "a\\b", true);
    row("trailing backslash", "a\\", "a\\", true);
    row("percent literal", "100%*", "100%25 off", true);
    row("binary bytes", QByteArray("k\0*", 3), QByteArray("k\0\xff", 3), true);
    row("binary no", QByteArray("k\0*", 3), QByteArray("k\1\xff", 3), false);
    row("case sensitive", "APP:*", "app:1", false);
    row("case insensitive", "APP:*", "app:1", true, true);
    row("case insensitive class", "[A-C]x", "bx", true, true);
    row("django version namespace", "app:3:*", "app:3:views.decorators.cache.cache_page.x", true);
}

void TestGlobMatch::matches()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, text);
    QFETCH(bool, nocase);
    QFETCH(bool, expected);
    QCOMPARE(globMatch(pattern, text, nocase), expected);
}

void TestGlobMatch::matchesEverything_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<bool>("expected");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("star") << QByteArray("*") << true;
    QTest::newRow("stars") << QByteArray("**") << true;
    QTest::newRow("prefix") << QByteArray("a*") << false;
    QTest::newRow("question") << QByteArray("?") << false;
}

void TestGlobMatch::matchesEverything()
{
    QFETCH(QByteArray, pattern);
    QFETCH(bool, expected);
    QCOMPARE(globMatchesEverything(pattern), expected);
}

void TestGlobMatch::longInputsStayFast()
{
    // A pattern that makes a naive recursive matcher explode: a*a*a*...b against a^N.
    QByteArray pattern;
    for (int i = 0; i < 30; ++i)
        pattern += "a*";
    pattern += 'b';
    const QByteArray text(5000, 'a');
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!globMatch(pattern, text));
    QVERIFY(globMatch(pattern, QByteArray(text + 'b')));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_GUILESS_MAIN(TestGlobMatch)
#include "tst_globmatch.moc"
