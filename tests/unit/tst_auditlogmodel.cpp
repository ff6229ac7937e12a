// The Audit log table: newest first, the columns an operator scans (time, user,
// connection, operation, target, counts, outcome, duration), a filter string holding every
// field, and CSV that quotes what needs quoting so a spreadsheet reads it back intact.
#include "invalidation/auditlogmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

using namespace cachescope;

namespace {

AuditEntry entry(const QString &target, qint64 affected, const QString &outcome, int minute)
{
    AuditEntry e;
    e.time = QDateTime(QDate(2026, 11, 23), QTime(3, minute), Qt::UTC);
    e.osUser = QStringLiteral("ops");
    e.host = QStringLiteral("laptop");
    e.tool = QStringLiteral("gui");
    e.connectionName = QStringLiteral("prod");
    e.url = QStringLiteral("redis://10.0.0.5:6379/0");
    e.operation = QStringLiteral("delete");
    e.target = target;
    e.patterns = {QStringLiteral("shop:3:*")};
    e.previewCount = affected;
    e.affectedCount = affected;
    e.durationMs = 1234;
    e.outcome = outcome;
    return e;
}

} // namespace

class TestAuditLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void newestFirstWithColumns();
    void filterRoleHoldsEveryField();
    void csvQuotes_data();
    void csvQuotes();
};

void TestAuditLogModel::newestFirstWithColumns()
{
    AuditLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    AuditEntry failed = entry(QStringLiteral("prefix shop"), 10, QStringLiteral("failed"), 5);
    failed.error = QStringLiteral("READONLY You can't write against a read only replica.");
    failed.tool = QStringLiteral("cli");
    model.setEntries({entry(QStringLiteral("namespace shop:3"), 4213, QStringLiteral("completed"), 1), failed});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(AuditLogModel::ColumnCount));
    // Newest (03:05) on top.
    QCOMPARE(model.index(0, AuditLogModel::TargetColumn).data().toString(), QStringLiteral("prefix shop"));
    QCOMPARE(model.index(0, AuditLogModel::OperationColumn).data().toString(), QStringLiteral("delete (cli)"));
    QVERIFY(model.index(0, AuditLogModel::OutcomeColumn).data().toString().startsWith(QStringLiteral("failed: READONLY")));
    QCOMPARE(model.index(1, AuditLogModel::AffectedColumn).data().toString(), QStringLiteral("4,213"));
    QCOMPARE(model.index(1, AuditLogModel::PreviewColumn).data().toString(), QStringLiteral("4,213"));
    QCOMPARE(model.index(1, AuditLogModel::ConnectionColumn).data().toString(), QStringLiteral("prod"));
    QCOMPARE(model.index(1, AuditLogModel::UserColumn).data().toString(), QStringLiteral("ops"));
    QCOMPARE(model.index(1, AuditLogModel::OperationColumn).data().toString(), QStringLiteral("delete"));
    QCOMPARE(model.entryAt(1).target, QStringLiteral("namespace shop:3"));
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestAuditLogModel::filterRoleHoldsEveryField()
{
    AuditLogModel model;
    model.setEntries({entry(QStringLiteral("namespace shop:3"), 1, QStringLiteral("cancelled"), 1)});
    const QString all = model.index(0, 0).data(AuditLogModel::FilterRole).toString();
    for (const char *part : {"ops", "laptop", "prod", "redis://10.0.0.5:6379/0", "delete", "namespace shop:3", "shop:3:*",
                             "cancelled"})
        QVERIFY2(all.contains(QLatin1StringView(part)), part);
}

void TestAuditLogModel::csvQuotes_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("cell");
    QTest::newRow("plain") << "namespace shop:3" << QByteArray(",namespace shop:3,");
    QTest::newRow("comma") << "3 keys, 2 gone" << QByteArray(",\"3 keys, 2 gone\",");
    QTest::newRow("quote") << "key a\"b" << QByteArray(",\"key a\"\"b\",");
    QTest::newRow("newline") << "key a\nb" << QByteArray(",\"key a\nb\",");
}

void TestAuditLogModel::csvQuotes()
{
    QFETCH(QString, target);
    QFETCH(QByteArray, cell);
    const QByteArray csv = AuditLogModel::toCsv({entry(target, 7, QStringLiteral("completed"), 1)});
    QVERIFY(csv.startsWith("time,user,host,tool,connection,url,operation,target,"));
    QVERIFY2(csv.contains(cell), csv.constData());
    QVERIFY2(csv.contains("2026-11-23T03:01:00.000Z,ops,laptop,gui,prod,"), csv.constData());
    QVERIFY(csv.contains(",7,7,1234,completed,"));
    QVERIFY(csv.endsWith("\r\n"));
}

QTEST_GUILESS_MAIN(TestAuditLogModel)
#include "tst_auditlogmodel.moc"
