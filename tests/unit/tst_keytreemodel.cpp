// KeyTreeModel under QAbstractItemModelTester (fatal) through everything the key
// browser does to it: batches, duplicates, mode and separator changes, filters (also on
// the worker), sorting, removals, binary keys. Lazy meta, its columns and cell formats
// are in tst_keytreemodelmeta.cpp.

#include "keymodeltesting.h"
#include "model/keytreemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

class TestKeyTreeModel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<KeyTreeModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void treeBatches()
    {
        KeyTreeModel &m = *m_model;
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        m.appendBatch(batchOf(sample));
        QCOMPARE(m.keyCount(), 6);
        QCOMPARE(m.visibleKeyCount(), 6);
        QCOMPARE(inserted.count(), 2); // root: namespace "app", then leaf "plain"
        QCOMPARE(column(m, {}), QStringList({QStringLiteral("app:  (5 keys)"), QStringLiteral("plain")}));

        const QModelIndex app = find(m, {}, "app:");
        QVERIFY(app.isValid());
        QCOMPARE(app.data(KeyTreeModel::IsNamespaceRole).toBool(), true);
        QCOMPARE(app.data(KeyTreeModel::KeyCountRole).toLongLong(), 5);
        // namespaces first, then the key "app:1" whose name equals the namespace "1"
        QCOMPARE(column(m, app), QStringList({QStringLiteral("1:  (3 keys)"), QStringLiteral("2:  (1 key)"),
                                              QStringLiteral("1")}));
        const QModelIndex users = find(m, find(m, app, "app:1:"), "app:1:users:");
        QVERIFY(users.isValid());
        QCOMPARE(column(m, users), QStringList({QStringLiteral("42"), QStringLiteral("43")}));
        const QModelIndex leaf = m.index(0, 0, users);
        QCOMPARE(leaf.data(Qt::ToolTipRole).toString(), QStringLiteral("app:1:users:42"));
        QCOMPARE(leaf.data(KeyTreeModel::RawKeyRole).toByteArray(), QByteArray("app:1:users:42"));
        QCOMPARE(leaf.data(KeyTreeModel::KeyCountRole).toLongLong(), 1);
        QCOMPARE(m.indexForKey("app:1:users:43"), m.index(1, 0, users));
        QCOMPARE(m.indexForKey("app:1"), m.index(2, 0, app));
        QVERIFY(!m.indexForKey("nope").isValid());

        // a second batch: one duplicate, one key into an existing namespace, one new
        // namespace under an existing one, one new top-level namespace
        inserted.clear();
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.appendBatch(batchOf({"app:1:users:42", "app:1:users:44", "app:1:carts:9", "other:k"}));
        QCOMPARE(m.keyCount(), 9);
        // users: 1 leaf range; app:1: 1 namespace range; root: 1 namespace range
        QCOMPARE(inserted.count(), 3);
        for (const QList<QVariant> &args : inserted)
            QCOMPARE(args.at(1).toInt(), args.at(2).toInt()); // one row each, last inclusive
        QCOMPARE(m.rowCount(users), 3);
        QCOMPARE(app.data().toString(), QStringLiteral("app:  (7 keys)"));
        QCOMPARE(find(m, app, "app:1:").data(KeyTreeModel::KeyCountRole).toLongLong(), 5);
        QVERIFY(changed.count() >= 3); // app, app:1, users show new counts
        QCOMPARE(column(m, {}).size(), 3);
        QCOMPARE(m.rowCount(find(m, app, "app:1:")), 3); // sessions, users, carts; no leaves
    }

    void flatBatches()
    {
        KeyTreeModel &m = *m_model;
        m.setMode(KeyTreeModel::Mode::Flat);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        m.appendBatch(batchOf(sample));
        m.appendBatch(batchOf({"zz", "plain"}));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 5);
        QCOMPARE(inserted.at(1).at(1).toInt(), 6);
        QCOMPARE(inserted.at(1).at(2).toInt(), 6);
        QCOMPARE(m.rowCount(), 7);
        QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("app:1:users:42"));
        QCOMPARE(m.index(0, 0).data(KeyTreeModel::IsNamespaceRole).toBool(), false);
        QCOMPARE(m.rowCount(m.index(0, 0)), 0);
    }

    void duplicates()
    {
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf({"a:1", "a:1", "a:2"}));
        QCOMPARE(m.keyCount(), 2);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        m.appendBatch(batchOf({"a:2", "a:1"}));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(m.keyCount(), 2);
        QCOMPARE(m.rowCount(find(m, {}, "a:")), 2);
    }

    void modeSwitch()
    {
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf(sample));
        QSignalSpy applied(&m, &KeyTreeModel::filterApplied);
        m.setMode(KeyTreeModel::Mode::Flat);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(m.rowCount(), 6);
        m.setMode(KeyTreeModel::Mode::Tree);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.rowCount(find(m, {}, "app:")), 3);
        QCOMPARE(m.mode(), KeyTreeModel::Mode::Tree);
        QCOMPARE(m.keyCount(), 6);
    }

    void separatorChange()
    {
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf({"a/b/c", "a/b/d", "a:x", "a::y"}));
        QCOMPARE(m.rowCount(), 3); // namespace "a:" (x and the "" namespace), leaves a/b/c a/b/d
        m.setSeparator("/");
        QCOMPARE(m.separator(), QByteArray("/"));
        QCOMPARE(m.rowCount(), 3); // namespace a/, leaves a:x, a::y
        const QModelIndex b = find(m, find(m, {}, "a/"), "a/b/");
        QCOMPARE(column(m, b), QStringList({QStringLiteral("c"), QStringLiteral("d")}));
        m.setSeparator("::");
        QCOMPARE(m.rowCount(), 4); // namespace a::, leaves a/b/c a/b/d a:x
        QCOMPARE(column(m, find(m, {}, "a::")), QStringList({QStringLiteral("y")}));
        m.setSeparator(QByteArray());
        QCOMPARE(m.rowCount(), 4); // no grouping at all
        QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("a/b/c"));
    }

    void filter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("visible");
        QTest::addColumn<int>("rootRows");
        QTest::newRow("empty") << QString() << qint64(6) << 2;
        QTest::newRow("substring, any case") << QStringLiteral("USERS") << qint64(2) << 1;
        QTest::newRow("substring in the last segment") << QStringLiteral("4") << qint64(2) << 1;
        QTest::newRow("substring of plain") << QStringLiteral("lai") << qint64(1) << 1;
        QTest::newRow("no match") << QStringLiteral("nothing") << qint64(0) << 0;
        QTest::newRow("glob: whole key") << QStringLiteral("app:1:*") << qint64(3) << 1;
        QTest::newRow("glob: anchored") << QStringLiteral("users*") << qint64(0) << 0;
        QTest::newRow("glob: ? and class") << QStringLiteral("app:?:users:4[2-3]") << qint64(2) << 1;
        QTest::newRow("glob: case-sensitive") << QStringLiteral("APP:*") << qint64(0) << 0;
        QTest::newRow("glob: negated class") << QStringLiteral("app:[^1]*") << qint64(1) << 1;
    }
    void filter()
    {
        QFETCH(QString, text);
        QFETCH(qint64, visible);
        QFETCH(int, rootRows);
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf(sample));
        QSignalSpy applied(&m, &KeyTreeModel::filterApplied);
        m.setFilter(text);
        if (!text.isEmpty()) {
            QCOMPARE(applied.count(), 1);
            QCOMPARE(applied.at(0).at(0).toLongLong(), visible);
        }
        QCOMPARE(m.visibleKeyCount(), visible);
        QCOMPARE(m.keyCount(), 6);
        QCOMPARE(m.rowCount(), rootRows);
        // new keys are filtered as they arrive
        m.appendBatch(batchOf({"app:1:users:4", "zzz"}));
        m.setMode(KeyTreeModel::Mode::Flat);
        QCOMPARE(m.rowCount(), int(m.visibleKeyCount()));
        m.setFilter(QString());
        QCOMPARE(m.visibleKeyCount(), 8);
    }

    void filterOnWorker()
    {
        KeyTreeModel &m = *m_model;
        m.setSyncLimit(100);
        KeyBatch batch;
        for (int i = 0; i < 5000; ++i)
            batch.append(QByteArray(QByteArray("app:1:user:") + QByteArray::number(i)));
        m.appendBatch(batch);
        // Hold the pool's only thread so the worker cannot finish before we act "meanwhile".
        QThreadPool *pool = QThreadPool::globalInstance();
        const int threads = pool->maxThreadCount();
        pool->setMaxThreadCount(1);
        QSemaphore gate;
        pool->start([&gate] { gate.acquire(); });
        QSignalSpy applied(&m, &KeyTreeModel::filterApplied);
        m.setFilter(QStringLiteral("user:1")); // stale: superseded at once
        m.setFilter(QStringLiteral("user:12"));
        QVERIFY(m.isRelayoutPending());
        // meanwhile: a matching and a non-matching key arrive, one matching key goes
        m.appendBatch(batchOf({"app:1:user:12x", "app:1:user:99999"}));
        m.removeKeys({"app:1:user:120"});
        QCOMPARE(m.visibleKeyCount(), 5001); // the old (unfiltered) layout until the swap
        gate.release();
        QVERIFY(applied.wait(5000));
        pool->setMaxThreadCount(threads);
        QCOMPARE(applied.count(), 1);
        // 12, 120..129, 1200..1299 = 111 keys, -120 +12x
        QCOMPARE(applied.at(0).at(0).toLongLong(), 111);
        QCOMPARE(m.visibleKeyCount(), 111);
        const QModelIndex user = find(m, find(m, find(m, {}, "app:"), "app:1:"), "app:1:user:");
        QCOMPARE(m.rowCount(user), 111);
        QVERIFY(!m.indexForKey("app:1:user:120").isValid());
        QVERIFY(m.indexForKey("app:1:user:12x").isValid());
        QCOMPARE(m.keyCount(), 5001);
    }

    void sortKeys_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("rows");
        QTest::newRow("tree ascending")
            << int(KeyTreeModel::Mode::Tree) << int(Qt::AscendingOrder)
            << QStringList({QStringLiteral("a:  (2 keys)"), QStringLiteral("a"), QStringLiteral("ab"),
                            QStringLiteral("b"), QStringLiteral("c")});
        QTest::newRow("tree descending")
            << int(KeyTreeModel::Mode::Tree) << int(Qt::DescendingOrder)
            << QStringList({QStringLiteral("a:  (2 keys)"), QStringLiteral("c"), QStringLiteral("b"),
                            QStringLiteral("ab"), QStringLiteral("a")});
        QTest::newRow("flat ascending")
            << int(KeyTreeModel::Mode::Flat) << int(Qt::AscendingOrder)
            << QStringList({QStringLiteral("a"), QStringLiteral("a:1"), QStringLiteral("a:2"),
                            QStringLiteral("ab"), QStringLiteral("b"), QStringLiteral("c")});
        QTest::newRow("flat descending")
            << int(KeyTreeModel::Mode::Flat) << int(Qt::DescendingOrder)
            << QStringList({QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("ab"),
                            QStringLiteral("a:2"), QStringLiteral("a:1"), QStringLiteral("a")});
    }
    void sortKeys()
    {
        QFETCH(int, mode);
        QFETCH(int, order);
        QFETCH(QStringList, rows);
        KeyTreeModel &m = *m_model;
        m.setMode(KeyTreeModel::Mode(mode));
        m.appendBatch(batchOf({"b", "a:2", "c", "a:1", "ab", "a"}));
        const QPersistentModelIndex b = m.indexForKey("b", KeyTreeModel::TtlColumn);
        m.sort(KeyTreeModel::KeyColumn, Qt::SortOrder(order));
        QCOMPARE(column(m, {}), rows);
        QCOMPARE(QModelIndex(b), m.indexForKey("b", KeyTreeModel::TtlColumn)); // moved with its key
        if (mode == int(KeyTreeModel::Mode::Tree)) {
            const QStringList inner = column(m, find(m, {}, "a:"));
            QCOMPARE(inner, order == Qt::AscendingOrder
                                ? QStringList({QStringLiteral("1"), QStringLiteral("2")})
                                : QStringList({QStringLiteral("2"), QStringLiteral("1")}));
        }
        // keys arriving later go to the end until resort()
        m.appendBatch(batchOf({"0"}));
        QCOMPARE(column(m, {}).last(), QStringLiteral("0"));
        m.resort();
        QCOMPARE(column(m, {}).contains(QStringLiteral("0")), true);
        QCOMPARE(column(m, {}).indexOf(QStringLiteral("0")),
                 order == Qt::AscendingOrder ? (mode == int(KeyTreeModel::Mode::Tree) ? 1 : 0) : rows.size());
    }

    void sortOnWorker_data()
    {
        QTest::addColumn<bool>("removeMeanwhile");
        QTest::newRow("keys only added meanwhile") << false;
        QTest::newRow("keys also removed meanwhile") << true;
    }
    void sortOnWorker()
    {
        QFETCH(bool, removeMeanwhile);
        KeyTreeModel &m = *m_model;
        m.setSyncLimit(100);
        KeyBatch batch;
        for (int i = 0; i < 300; ++i)
            batch.append(QByteArray(QByteArray("s:") + QByteArray::number((i * 7) % 300 + 1000)));
        batch.append("s:sub:a");
        m.appendBatch(batch);
        const QModelIndex s = find(m, {}, "s:");
        const QPersistentModelIndex sub = find(m, s, "s:sub:");
        const QPersistentModelIndex first = m.indexForKey("s:1000");
        QThreadPool *pool = QThreadPool::globalInstance();
        const int threads = pool->maxThreadCount();
        pool->setMaxThreadCount(1);
        QSemaphore gate;
        pool->start([&gate] { gate.acquire(); });
        QSignalSpy layout(&m, &QAbstractItemModel::layoutChanged);
        m.sort(KeyTreeModel::KeyColumn, Qt::AscendingOrder); // stale: superseded below
        m.sort(KeyTreeModel::KeyColumn, Qt::DescendingOrder);
        QCOMPARE(layout.count(), 0);
        m.appendBatch(batchOf({"s:0000", "s:sub:b", "s:new:x"}));
        if (removeMeanwhile)
            m.removeKeys({"s:1299", "s:sub:a"});
        gate.release();
        QTRY_COMPARE(layout.count(), 1);
        QTest::qWait(50); // the stale result must not land after the latest
        QCOMPARE(layout.count(), 1);
        pool->setMaxThreadCount(threads);

        QStringList rows = column(m, s);
        const int nsCount = 2; // sub and new
        QCOMPARE(rows.size(), nsCount + 301 - (removeMeanwhile ? 1 : 0));
        QCOMPARE(rows.at(nsCount), removeMeanwhile ? QStringLiteral("1298") : QStringLiteral("1299"));
        QCOMPARE(rows.at(rows.size() - 2), QStringLiteral("1000"));
        QCOMPARE(rows.last(), QStringLiteral("0000")); // arrived meanwhile: at the end
        QCOMPARE(QModelIndex(first), m.indexForKey("s:1000"));
        QCOMPARE(QModelIndex(sub), find(m, s, "s:sub:"));
        QCOMPARE(m.rowCount(sub), removeMeanwhile ? 1 : 2); // "b" arrived after the snapshot
        QCOMPARE(m.index(0, 0, sub).data().toString(),
                 removeMeanwhile ? QStringLiteral("b") : QStringLiteral("a"));
    }

    void removal()
    {
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf(sample));
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        m.removeKeys({"app:1:users:42", "app:1:users:43", "nope", "plain"});
        QCOMPARE(m.keyCount(), 3);
        QCOMPARE(m.visibleKeyCount(), 3);
        // users: rows 0..1 in one range, then the emptied namespace; root: plain
        QCOMPARE(removed.count(), 3);
        const QModelIndex app = find(m, {}, "app:");
        QCOMPARE(app.data(KeyTreeModel::KeyCountRole).toLongLong(), 3);
        QCOMPARE(m.rowCount(find(m, app, "app:1:")), 1);
        QVERIFY(!m.indexForKey("plain").isValid());
        // removed keys can come back
        m.appendBatch(batchOf({"plain"}));
        QVERIFY(m.indexForKey("plain").isValid());
        QCOMPARE(m.keyCount(), 4);
        m.removeKeys({"app:1:sessions:a", "app:1", "app:2:x"});
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("plain"));
    }

    void scatteredRemoval()
    {
        KeyTreeModel &m = *m_model;
        KeyBatch batch;
        QList<QByteArray> odd;
        for (int i = 0; i < 1000; ++i) {
            const QByteArray key = "n:" + QByteArray::number(i);
            batch.append(key);
            if (i % 2)
                odd.append(key);
        }
        m.appendBatch(batch);
        const QPersistentModelIndex keep = m.indexForKey("n:998");
        const QPersistentModelIndex drop = m.indexForKey("n:999");
        QSignalSpy layout(&m, &QAbstractItemModel::layoutChanged);
        m.removeKeys(odd);
        QCOMPARE(layout.count(), 1); // 500 ranges: one layout change, not 500 removals
        QCOMPARE(m.keyCount(), 500);
        const QModelIndex n = find(m, {}, "n:");
        QCOMPARE(m.rowCount(n), 500);
        QCOMPARE(n.data(KeyTreeModel::KeyCountRole).toLongLong(), 500);
        QVERIFY(!drop.isValid());
        QCOMPARE(QModelIndex(keep), m.indexForKey("n:998"));
        QCOMPARE(keep.row(), 499);
    }

    void clearing()
    {
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf(sample));
        m.setFilter(QStringLiteral("app"));
        m.clear();
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(m.keyCount(), 0);
        QCOMPARE(m.filter(), QStringLiteral("app")); // the filter stays for the next listing
        m.appendBatch(batchOf(sample));
        QCOMPARE(m.keyCount(), 6);
        QCOMPARE(m.visibleKeyCount(), 5);
    }

    void binaryKeys()
    {
        KeyTreeModel &m = *m_model;
        const QByteArray nul("bin:a\0b", 7);
        const QByteArray bad("bin:\xff\xfe");
        const QByteArray newline("bin:line\nbreak");
        const QByteArray backslash("bin:back\\slash");
        m.appendBatch(batchOf({nul, bad, newline, backslash, QByteArray("bin:a")}));
        QCOMPARE(m.keyCount(), 5); // "bin:a\0b" is not "bin:a"
        const QModelIndex bin = find(m, {}, "bin:");
        QCOMPARE(column(m, bin), QStringList({QStringLiteral("a\\0b"), QStringLiteral("\\xff\\xfe"),
                                              QStringLiteral("line\\nbreak"), QStringLiteral("back\\\\slash"),
                                              QStringLiteral("a")}));
        QCOMPARE(m.indexForKey(nul).data(KeyTreeModel::RawKeyRole).toByteArray(), nul);
        QCOMPARE(m.indexForKey(bad).data(Qt::ToolTipRole).toString(), QStringLiteral("bin:\\xff\\xfe"));
        m.setFilter(QStringLiteral("\\N")); // the escaped form, any case
        QCOMPARE(m.visibleKeyCount(), 1);
        m.setFilter(QStringLiteral("bin:a*")); // globs see the raw bytes
        QCOMPARE(m.visibleKeyCount(), 2);
        m.setFilter(QString());
        m.removeKeys({nul});
        QCOMPARE(m.keyCount(), 4);
        QVERIFY(m.indexForKey("bin:a").isValid());
    }

};

QTEST_GUILESS_MAIN(TestKeyTreeModel)
#include "tst_keytreemodel.moc"
