// KeyTreeModel's lazy metadata under QAbstractItemModelTester (fatal): applyMeta and the
// rows it updates or removes, sorting by type / TTL / size, the memcached columns, and how
// cells format TTLs and sizes.

#include "keymodeltesting.h"
#include "model/keyformat.h"
#include "model/keytreemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

class TestKeyTreeModelMeta : public QObject
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

    void sortByMeta_data()
    {
        QTest::addColumn<int>("col");
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("rows");
        // k1 string 10 B ttl 50s, k2 hash 2000 B never, k3 list 10 B ttl 5s, k4 unknown
        QTest::newRow("ttl asc") << int(KeyTreeModel::TtlColumn) << int(Qt::AscendingOrder)
                                 << QStringList({QStringLiteral("k3"), QStringLiteral("k1"),
                                                 QStringLiteral("k2"), QStringLiteral("k4")});
        QTest::newRow("ttl desc") << int(KeyTreeModel::TtlColumn) << int(Qt::DescendingOrder)
                                  << QStringList({QStringLiteral("k2"), QStringLiteral("k1"),
                                                  QStringLiteral("k3"), QStringLiteral("k4")});
        QTest::newRow("size asc, ties by name") << int(KeyTreeModel::SizeColumn) << int(Qt::AscendingOrder)
                                                << QStringList({QStringLiteral("k1"), QStringLiteral("k3"),
                                                                QStringLiteral("k2"), QStringLiteral("k4")});
        QTest::newRow("size desc") << int(KeyTreeModel::SizeColumn) << int(Qt::DescendingOrder)
                                   << QStringList({QStringLiteral("k2"), QStringLiteral("k1"),
                                                   QStringLiteral("k3"), QStringLiteral("k4")});
        QTest::newRow("type asc") << int(KeyTreeModel::TypeColumn) << int(Qt::AscendingOrder)
                                  << QStringList({QStringLiteral("k2"), QStringLiteral("k3"),
                                                  QStringLiteral("k1"), QStringLiteral("k4")});
    }
    void sortByMeta()
    {
        QFETCH(int, col);
        QFETCH(int, order);
        QFETCH(QStringList, rows);
        KeyTreeModel &m = *m_model;
        m.setMode(KeyTreeModel::Mode::Flat);
        m.appendBatch(batchOf({"k4", "k2", "k1", "k3"}));
        m.applyMeta({makeMeta("k1", KeyType::String, 50000, 10), makeMeta("k2", KeyType::Hash, NoExpiry, 2000),
                     makeMeta("k3", KeyType::List, 5000, 10)});
        m.sort(col, Qt::SortOrder(order));
        QCOMPARE(column(m, {}), rows);
    }

    void meta()
    {
        KeyTreeModel &m = *m_model;
        m.appendBatch(batchOf(sample));
        const QModelIndex users = find(m, find(m, find(m, {}, "app:"), "app:1:"), "app:1:users:");
        QCOMPARE(m.index(0, KeyTreeModel::TtlColumn, users).data().toString(), QStringLiteral("\u2014"));
        QCOMPARE(m.keysWithoutMeta({m.index(0, 0, users), m.index(0, 1, users), m.index(1, 0, users), users}),
                 QList<QByteArray>({"app:1:users:42", "app:1:users:43"}));

        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.applyMeta({makeMeta("app:1:users:42", KeyType::String, 252000, 1536),
                     makeMeta("app:1:users:43", KeyType::Hash, NoExpiry, 12),
                     makeMeta("plain", KeyType::ZSet, 97200000, 3 * 1024 * 1024),
                     makeMeta("unknown-key", KeyType::String, 1, 1)});
        QCOMPARE(changed.count(), 2); // one per parent: users (rows 0..1), root (plain)
        const int inUsers = changed.at(0).at(0).value<QModelIndex>().parent() == users ? 0 : 1;
        QCOMPARE(changed.at(inUsers).at(0).value<QModelIndex>(), m.index(0, KeyTreeModel::TypeColumn, users));
        QCOMPARE(changed.at(inUsers).at(1).value<QModelIndex>(),
                 m.index(1, KeyTreeModel::ColumnCount - 1, users)); // through the memcached columns
        QCOMPARE(changed.at(1 - inUsers).at(0).value<QModelIndex>(),
                 m.indexForKey("plain", KeyTreeModel::TypeColumn));
        const auto cell = [&](int row, int col, const QModelIndex &parent) {
            return m.index(row, col, parent).data().toString();
        };
        QCOMPARE(cell(0, KeyTreeModel::TypeColumn, users), QStringLiteral("string"));
        QCOMPARE(cell(0, KeyTreeModel::TtlColumn, users), QStringLiteral("4m 12s"));
        QCOMPARE(cell(0, KeyTreeModel::SizeColumn, users), QStringLiteral("1.5 KiB"));
        QCOMPARE(cell(1, KeyTreeModel::TypeColumn, users), QStringLiteral("hash"));
        QCOMPARE(cell(1, KeyTreeModel::TtlColumn, users), QStringLiteral("never"));
        QCOMPARE(cell(1, KeyTreeModel::SizeColumn, users), QStringLiteral("12 B"));
        QCOMPARE(m.indexForKey("plain", KeyTreeModel::TtlColumn).data().toString(), QStringLiteral("1d 3h"));
        QCOMPARE(m.indexForKey("plain", KeyTreeModel::SizeColumn).data().toString(),
                 QStringLiteral("3.0 MiB"));
        QCOMPARE(m.indexForKey("plain").data(KeyTreeModel::KeyTypeRole).toInt(), int(KeyType::ZSet));
        QCOMPARE(m.keysWithoutMeta({m.index(0, 0, users)}), QList<QByteArray>());

        m.applyMeta({makeMeta("app:1:users:43", KeyType::String, 0, 5)});
        QTRY_COMPARE(m.indexForKey("app:1:users:43", KeyTreeModel::TtlColumn).data().toString(),
                     QStringLiteral("expired"));

        // a key found gone is removed; its namespace with it when it was the last one
        m.applyMeta({makeMeta("app:2:x", KeyType::Missing, KeyMissing, -1),
                     makeMeta("app:1:users:42", KeyType::Unknown, KeyMissing, -1)});
        QCOMPARE(m.keyCount(), 4);
        QVERIFY(!find(m, find(m, {}, "app:"), "app:2:").isValid());
        QCOMPARE(m.rowCount(users), 1);
    }

    void memcachedColumns()
    {
        KeyTreeModel &m = *m_model;
        m.setBackend(BackendKind::Memcached);
        QCOMPARE(KeyTreeModel::columnsFor(BackendKind::Memcached).size(), 7);
        QVERIFY(!KeyTreeModel::columnsFor(BackendKind::DbCache).contains(KeyTreeModel::TypeColumn));
        m.setMode(KeyTreeModel::Mode::Flat);
        m.appendBatch(batchOf({"a", "b", "c"}));
        KeyMeta a = makeMeta("a", KeyType::String, NoExpiry, 96);
        a.server = QStringLiteral("10.0.0.1:11211");
        a.lastAccessSecs = QDateTime::currentSecsSinceEpoch() - 90;
        a.slabClass = 3;
        a.fetched = 1;
        KeyMeta b = makeMeta("b", KeyType::String, 0, 50);
        b.expired = true;
        b.server = QStringLiteral("10.0.0.2:11211");
        b.fetched = 0;
        KeyMeta c = makeMeta("c", KeyType::String, 1000, 10);
        c.server = a.server;
        m.applyMeta({a, b, c});
        const auto cell = [&](const char *key, int col) { return m.indexForKey(key, col).data().toString(); };
        QCOMPARE(cell("a", KeyTreeModel::ServerColumn), a.server);
        QCOMPARE(cell("b", KeyTreeModel::ServerColumn), b.server);
        QCOMPARE(cell("c", KeyTreeModel::ServerColumn), a.server);
        QCOMPARE(cell("a", KeyTreeModel::SlabColumn), QStringLiteral("3"));
        QCOMPARE(cell("a", KeyTreeModel::FetchedColumn), QStringLiteral("yes"));
        QCOMPARE(cell("b", KeyTreeModel::FetchedColumn), QStringLiteral("no"));
        QCOMPARE(cell("c", KeyTreeModel::FetchedColumn), QStringLiteral("\u2014"));
        QVERIFY2(cell("a", KeyTreeModel::LastAccessColumn).endsWith(QStringLiteral(" ago")),
                 qPrintable(cell("a", KeyTreeModel::LastAccessColumn)));
        QCOMPARE(cell("b", KeyTreeModel::LastAccessColumn), QStringLiteral("\u2014"));
        QCOMPARE(cell("b", KeyTreeModel::TtlColumn), QStringLiteral("expired"));
        QCOMPARE(m.indexForKey("b", KeyTreeModel::KeyColumn).data(KeyTreeModel::ServerRole).toString(),
                 b.server);
        // Sorting by server: by name, ties by key.
        m.sort(KeyTreeModel::ServerColumn, Qt::AscendingOrder);
        const int rowA = m.indexForKey("a").row(), rowB = m.indexForKey("b").row(),
                  rowC = m.indexForKey("c").row();
        QCOMPARE(rowA, 0);
        QCOMPARE(rowC, 1);
        QCOMPARE(rowB, 2);
        m.sort(KeyTreeModel::ServerColumn, Qt::DescendingOrder);
        QCOMPARE(m.indexForKey("b").row(), 0);
    }


    void formats_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("sub-second rounds up") << qint64(1) << QStringLiteral("1s");
        QTest::newRow("seconds") << qint64(42000) << QStringLiteral("42s");
        QTest::newRow("minutes") << qint64(252000) << QStringLiteral("4m 12s");
        QTest::newRow("whole minutes") << qint64(300000) << QStringLiteral("5m");
        QTest::newRow("hours") << qint64(3 * 3600000 + 5 * 60000) << QStringLiteral("3h 5m");
        QTest::newRow("days") << qint64(27 * 3600000LL) << QStringLiteral("1d 3h");
    }
    void formats()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(ms), text);
        QCOMPARE(formatBytes(512), QStringLiteral("512 B"));
        QCOMPARE(formatBytes(12 * 1024 * 1024 + 300 * 1024), QStringLiteral("12.3 MiB"));
    }
};

QTEST_GUILESS_MAIN(TestKeyTreeModelMeta)
#include "tst_keytreemodelmeta.moc"
