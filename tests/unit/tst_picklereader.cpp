// The safe pickle reader and its repr, checked against real CPython: every value below is
// pickled by /usr/bin/python3 with protocols 0-5 at test time, and our repr must equal
// repr(pickle.loads(data)) character for character.
#include "codec/djangoobjects.h"
#include "codec/jsonreader.h"
#include "codec/msgpackreader.h"
#include "codec/picklereader.h"
#include "codec/pydanger.h"
#include "codec/pyjson.h"
#include "codec/pyrepr.h"
#include "pythonhelper.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;

namespace {

QList<QJsonObject> g_values;
QList<QJsonObject> g_django;

PickleResult parseHex(const QString &hex)
{
    return PickleReader().read(QByteArray::fromHex(hex.toLatin1()));
}

} // namespace

class TestPickleReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        g_values = testing::runPythonFile(QFINDTESTDATA("unit/python/pickle_values.py"));
        QVERIFY(g_values.size() > 100);
        g_django = testing::runPythonFile(QFINDTESTDATA("unit/python/django_objects.py"));
        QVERIFY(g_django.size() >= 15);
    }

    void reprMatchesPython_data()
    {
        QTest::addColumn<QString>("hex");
        QTest::addColumn<QString>("expected");
        for (const QJsonObject &o : g_values) {
            const QString tag =
                o[u"name"].toString() + QStringLiteral("/p") + QString::number(o[u"proto"].toInt());
            QTest::newRow(qPrintable(tag)) << o[u"hex"].toString() << o[u"repr"].toString();
        }
    }
    void reprMatchesPython()
    {
        QFETCH(QString, hex);
        QFETCH(QString, expected);
        const PickleResult r = parseHex(hex);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(PyRepr(*r.tree).render(r.tree->root), expected);
        QVERIFY(!scanForDanger(*r.tree).dangerous);
    }

    void jsonMatchesPython_data()
    {
        QTest::addColumn<QString>("hex");
        QTest::addColumn<QString>("expected");
        for (const QJsonObject &o : g_values) {
            const QString tag =
                o[u"name"].toString() + QStringLiteral("/p") + QString::number(o[u"proto"].toInt());
            QTest::newRow(qPrintable(tag))
                << o[u"hex"].toString() << (o[u"json"].isNull() ? QString() : o[u"json"].toString());
        }
    }
    void jsonMatchesPython()
    {
        QFETCH(QString, hex);
        QFETCH(QString, expected);
        const PickleResult r = parseHex(hex);
        QVERIFY(r.ok());
        const auto json = toJson(*r.tree, r.tree->root, true);
        // Python writes NaN / Infinity where we decline; tuples and lists both become arrays.
        if (expected.isEmpty() || expected.contains(QLatin1String("NaN")) ||
            expected.contains(QLatin1String("Infinity")))
            QVERIFY(!json);
        else
            QCOMPARE(QString::fromUtf8(json.value_or("<none>")), expected);
    }

    void bigIntegers()
    {
        const QJsonObject *big = nullptr;
        for (const QJsonObject &o : g_values)
            if (o[u"name"].toString() == QLatin1String("big") && o[u"proto"].toInt() == 5)
                big = &o;
        QVERIFY(big);
        const PickleResult r = parseHex((*big)[u"hex"].toString());
        QCOMPARE(PyRepr(*r.tree).render(r.tree->root), QStringLiteral("1180591620717411303424"));
    }

    void djangoObjects_data()
    {
        QTest::addColumn<QJsonObject>("row");
        for (const QJsonObject &o : g_django)
            QTest::newRow(qPrintable(o[u"name"].toString() + QStringLiteral("/p") +
                                     QString::number(o[u"proto"].toInt())))
                << o;
    }
    void djangoObjects()
    {
        QFETCH(QJsonObject, row);
        const PickleResult r = parseHex(row[u"hex"].toString());
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(PyRepr(*r.tree).render(r.tree->root), row[u"repr"].toString());
        QVERIFY(!scanForDanger(*r.tree).dangerous);
        if (row[u"name"].toString() == QLatin1String("user")) {
            const auto model = djangoModel(*r.tree, r.tree->root);
            QVERIFY(model);
            QCOMPARE(model->modelName, QStringLiteral("User"));
            QVERIFY(model->fields.contains({QStringLiteral("username"), QStringLiteral("'bob'")}));
            return;
        }
        const auto response = djangoResponse(*r.tree, r.tree->root);
        QVERIFY(response);
        QCOMPARE(response->statusCode, row[u"status"].toInt());
        QCOMPARE(QString::fromUtf8(response->body), row[u"body"].toString());
        const QJsonArray headers = row[u"headers"].toArray();
        QCOMPARE(response->headers.size(), headers.size());
        for (qsizetype i = 0; i < headers.size(); ++i) {
            QCOMPARE(response->headers[i].first, headers[i].toArray()[0].toString());
            QCOMPARE(response->headers[i].second, headers[i].toArray()[1].toString());
        }
    }

    void dangerousPickle_data()
    {
        QTest::addColumn<QByteArray>("reduce");
        QTest::addColumn<QString>("expected");
        QTest::newRow("os.system") << QByteArray("(os.system, ('touch ' + TARGET,))")
                                   << QStringLiteral("posix.system('touch %1')");
        QTest::newRow("subprocess") << QByteArray("(subprocess.check_output, (['touch', TARGET],))")
                                    << QStringLiteral("subprocess.check_output(['touch', '%1'])");
        QTest::newRow("eval") << QByteArray("(eval, (\"open(\" + repr(TARGET) + \", 'w')\",))")
                              << QStringLiteral("builtins.eval(\"open('%1', 'w')\")");
        QTest::newRow("getattr-import")
            << QByteArray("(getattr(__import__('os'), 'system'), ('touch ' + TARGET,))")
            << QStringLiteral("posix.system('touch %1')");
    }
    void dangerousPickle()
    {
        QFETCH(QByteArray, reduce);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("pwned"));
        const QByteArray script = "import os, subprocess, pickle, json\nTARGET = " + QByteArray("'") +
                                  target.toUtf8() +
                                  "'\nclass Evil:\n    def __reduce__(self):\n        return " + reduce +
                                  "\nfor p in range(0, 6):\n    print(json.dumps({'hex': "
                                  "pickle.dumps(Evil(), protocol=p).hex()}))\n";
        const auto rows = testing::runPythonJsonLines(script);
        QCOMPARE(rows.size(), 6);
        for (const QJsonObject &row : rows) {
            const PickleResult r = parseHex(row[u"hex"].toString());
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(PyRepr(*r.tree).render(r.tree->root), expected.arg(target));
            const DangerReport danger = scanForDanger(*r.tree);
            QVERIFY(danger.dangerous);
            QVERIFY(!danger.reasons.isEmpty());
        }
        QVERIFY(!QFile::exists(target));
    }

    void truncatedAtEveryByte_data()
    {
        QTest::addColumn<QString>("hex");
        for (const QJsonObject &o : g_values) {
            const QString name = o[u"name"].toString();
            if (name == QLatin1String("nested") || name == QLatin1String("dt_pytz_paris") ||
                name == QLatin1String("ddict") || name == QLatin1String("recursive_tuple") ||
                name == QLatin1String("floats"))
                QTest::newRow(qPrintable(name + QStringLiteral("/p") + QString::number(o[u"proto"].toInt())))
                    << o[u"hex"].toString();
        }
        for (const QJsonObject &o : g_django)
            if (o[u"proto"].toInt() == 5)
                QTest::newRow(qPrintable(o[u"name"].toString())) << o[u"hex"].toString();
    }
    void truncatedAtEveryByte()
    {
        QFETCH(QString, hex);
        const QByteArray data = QByteArray::fromHex(hex.toLatin1());
        static const QRegularExpression offset(QStringLiteral("offset \\d+"));
        for (qsizetype len = 0; len < data.size(); ++len) {
            const PickleResult r = PickleReader().read(data.first(len));
            QVERIFY2(!r.ok(), qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(len)));
            QVERIFY2(r.error.contains(offset), qPrintable(r.error));
            QCOMPARE(r.tree->root, -1);
        }
        QVERIFY(PickleReader().read(data).ok());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("error");
        QTest::newRow("short-unicode") << QByteArray::fromHex("8004950400000000000000"
                                                              "8c0561") +
                                              "b"
                                       << QStringLiteral("truncated SHORT_BINUNICODE at offset 11");
        QTest::newRow("bad-opcode") << QByteArray::fromHex("8005ff2e")
                                    << QStringLiteral("invalid opcode 0xff at offset 2");
        QTest::newRow("memo-missing") << QByteArray::fromHex("800468052e")
                                      << QStringLiteral("memo key 5 not found (BINGET at offset 2)");
        QTest::newRow("memo-long") << QByteArray::fromHex("80046affffffff2e")
                                   << QStringLiteral("memo key 4294967295 not found");
        QTest::newRow("1GB-unicode") << QByteArray::fromHex("80045800000040616263")
                                     << QStringLiteral("truncated BINUNICODE at offset 2");
        QTest::newRow("huge-bytes8") << QByteArray::fromHex("80058effffffffffffff7f61")
                                     << QStringLiteral("truncated BINBYTES8 at offset 2");
        QTest::newRow("huge-bytearray8") << QByteArray::fromHex("80059600000000010000006162")
                                         << QStringLiteral("truncated BYTEARRAY8 at offset 2");
        QTest::newRow("1GB-long4") << QByteArray::fromHex("80048b0000004001")
                                   << QStringLiteral("truncated LONG4 at offset 2");
        QTest::newRow("negative-long4")
            << QByteArray::fromHex("80048bffffffff") << QStringLiteral("negative byte count");
        QTest::newRow("huge-frame") << QByteArray::fromHex("80049500000000000000404e2e")
                                    << QStringLiteral("truncated FRAME at offset 2");
        QTest::newRow("protocol-6") << QByteArray::fromHex("80064e2e")
                                    << QStringLiteral("unsupported pickle protocol: 6");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("no STOP");
        QTest::newRow("stop-empty-stack") << QByteArray("\x80\x04.") << QStringLiteral("stack underflow");
        QTest::newRow("append-to-int")
            << QByteArray::fromHex("80044b014b02612e") << QStringLiteral("cannot add items");
        QTest::newRow("setitems-odd")
            << QByteArray::fromHex("80047d284b01752e") << QStringLiteral("odd number of items for SETITEMS");
        QTest::newRow("no-mark") << QByteArray::fromHex("8004652e") << QStringLiteral("could not find MARK");
        QTest::newRow("stack-global-int")
            << QByteArray::fromHex("80044b014b02932e") << QStringLiteral("STACK_GLOBAL requires str");
        QTest::newRow("bad-utf8") << QByteArray::fromHex("80048c02c3282e") << QStringLiteral("invalid UTF-8");
        QTest::newRow("build-on-list")
            << QByteArray::fromHex("80045d7d622e") << QStringLiteral("not an object");
        QTest::newRow("text-int-junk") << QByteArray("I12x\n.") << QStringLiteral("invalid INT literal");
        QTest::newRow("unquoted-string") << QByteArray("Sabc\n.") << QStringLiteral("must be quoted");
        QTest::newRow("huge-text-int")
            << QByteArray("I" + QByteArray(5000, '7') + "\n.") << QStringLiteral("invalid INT");
        QTest::newRow("marks-100k") << QByteArray(100000, '(') + "."
                                    << QStringLiteral("MARKs nested deeper than 1000");
        QByteArray lists("\x80\x02");
        lists += QByteArray(100000, ']') + QByteArray(99999, 'a') + ".";
        QTest::newRow("lists-100k") << lists << QStringLiteral("nested deeper than 1000 levels");
        // Constant stack, ever deeper nesting through the memo: [] PUT; then GET, [], APPEND...
        QByteArray chain("\x80\x04]\x94");
        for (quint32 i = 1; i <= 100000; ++i) {
            chain += "]\x94"
                     "a"
                     "0"
                     "j";
            for (int b = 0; b < 4; ++b)
                chain += char((i >> (8 * b)) & 0xff);
        }
        chain += QByteArray("j\0\0\0\0.", 6);
        QTest::newRow("memo-chain-100k") << chain << QStringLiteral("nested deeper than 1000 levels");
    }
    void malformed()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, error);
        const PickleResult r = PickleReader().read(data);
        QVERIFY(!r.ok());
        if (!error.isEmpty())
            QVERIFY2(r.error.contains(error), qPrintable(r.error));
        // Whatever was built stays renderable within its caps.
        for (int i = 0; i < std::min<int>(int(r.tree->nodes.size()), 50); ++i)
            PyRepr(*r.tree, ReprOptions{4096, 100}).render(i);
    }

    void deepButLegalAndSharedValuesAreCapped()
    {
        // 40 levels of [a, a]: 2**40 leaves if expanded; the repr stops at its cap.
        QByteArray p("\x80\x04K\x01");
        for (int i = 0; i < 40; ++i)
            p += "\x94]\x94(h" + QByteArray(1, char(2 * i)) + "h" + QByteArray(1, char(2 * i)) + "e";
        p += ".";
        const PickleResult r = PickleReader().read(p);
        QVERIFY2(r.ok(), qPrintable(r.error));
        PyRepr repr(*r.tree, ReprOptions{10000, 1000});
        const QString text = repr.render(r.tree->root);
        QVERIFY(repr.truncated());
        QVERIFY(text.size() <= 10001);
    }

    void randomMutationsNeverCrash()
    {
        // A fixed-seed mutation run over real pickles (a cheap stand-in for a fuzzer in CI):
        // every outcome is fine except a crash, a hang or a sanitizer report.
        QRandomGenerator rng(20240229);
        int errors = 0;
        for (const QJsonObject &o : g_values) {
            if (o[u"proto"].toInt() % 2)
                continue;
            const QByteArray original = QByteArray::fromHex(o[u"hex"].toString().toLatin1());
            for (int round = 0; round < 40; ++round) {
                QByteArray data = original;
                const int edits = 1 + int(rng.bounded(4));
                for (int e = 0; e < edits && !data.isEmpty(); ++e) {
                    const qsizetype at = qsizetype(rng.bounded(quint32(data.size())));
                    switch (rng.bounded(3)) {
                    case 0:
                        data[at] = char(rng.bounded(256));
                        break;
                    case 1:
                        data.remove(at, 1);
                        break;
                    default:
                        data.insert(at, char(rng.bounded(256)));
                        break;
                    }
                }
                const PickleResult r = PickleReader().read(data);
                errors += r.ok() ? 0 : 1;
                if (r.ok())
                    PyRepr(*r.tree, ReprOptions{65536, 1000}).render(r.tree->root);
                scanForDanger(*r.tree);
                if (r.ok())
                    toJson(*r.tree, r.tree->root);
                MsgpackReader().read(data);
                JsonReader().read(data);
            }
        }
        QVERIFY(errors > 0);
    }

    void allOpcodesHaveNames()
    {
        for (const char *op :
             {"PROTO", "FRAME", "MEMOIZE", "STACK_GLOBAL", "NEWOBJ_EX", "READONLY_BUFFER", "BINUNICODE8"})
            QVERIFY(QByteArrayList({PickleReader::opcodeName(0x80), PickleReader::opcodeName(0x95),
                                    PickleReader::opcodeName(0x94), PickleReader::opcodeName(0x93),
                                    PickleReader::opcodeName(0x92), PickleReader::opcodeName(0x98),
                                    PickleReader::opcodeName(0x8d)})
                        .contains(op));
    }

    void outOfBandAndPersistent()
    {
        // NEXT_BUFFER, READONLY_BUFFER, BINPERSID, PERSID and EXT1 decode to marker nodes.
        const PickleResult r = PickleReader().read(QByteArray(QByteArray::fromHex("8005289798") + "Pabc\n" +
                                                              QByteArray::fromHex("4b0751820174") + "."));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(
            PyRepr(*r.tree).render(r.tree->root),
            QStringLiteral(
                "(<out-of-band buffer 0>, <persistent id 'abc'>, <persistent id 7>, <extension code 1>)"));
    }
};

QTEST_GUILESS_MAIN(TestPickleReader)
#include "tst_picklereader.moc"
