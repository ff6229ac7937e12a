// Invalidation from the GUI against a real redis-server: open the window (Ctrl+Shift+D),
// preview a Django namespace, confirm by typing, run; the keys are gone (a full SCAN says
// so, and nothing else went), the chart has its marker, the audit log its entry, and the
// Audit log window lists, filters and exports it. A big rate-capped job is cancelled
// mid-way and reports exactly what it did; a read-only connection previews but cannot
// run; a production connection asks for typing even for a few keys.
// Set CACHESCOPE_SCREENSHOT_DIR to save invalidate-preview.png, invalidate-progress.png
// and audit-log.png on the way.
#include "charts/statsdashboard.h"
#include "invalidation/auditlogdialog.h"
#include "invalidation/invalidationdialog.h"
#include "invalidation/invalidationform.h"
#include "invalidation/invalidationpreview.h"
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "model/keytreemodel.h"
#include "ops/auditlog.h"
#include "ops/statshistory.h"
#include "redisserver.h"
#include "session/connectionsession.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace cachescope;

namespace {

constexpr int Slow = 20000;

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

template <typename T>
T *child(QWidget *parent, const char *name)
{
    auto *w = parent->findChild<T *>(QLatin1StringView(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

void chooseKind(InvalidationDialog *d, InvalidationTarget::Kind kind)
{
    auto *combo = child<QComboBox>(d, "kindCombo");
    combo->setCurrentIndex(combo->findData(int(kind)));
}

} // namespace

class TestInvalidationDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void namespacePreviewConfirmRun();
    void cancelStopsRateCappedJob();
    void readOnlyPreviewsButCannotRun();
    void productionAsksToTypeEvenForFewKeys();
    void softModeExpiresAndBumpIncrements();

private:
    qint64 countKeys(const QByteArray &pattern);
    QList<AuditEntry> audit() const { return AuditLog().readAll(); }
    void connectWindow(MainWindow &w, const QString &query = {});

    QTemporaryDir m_config;
    QTemporaryDir m_data;
    test::RedisServer m_redis;
};

void TestInvalidationDialog::initTestCase()
{
    QVERIFY(m_config.isValid() && m_data.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_config.path().toUtf8());
    qputenv("CACHESCOPE_DATA_DIR", m_data.path().toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
}

void TestInvalidationDialog::init()
{
    m_redis.command({"FLUSHALL"}); // test setup only; the product never flushes
    QVERIFY(m_redis.fill(1500, "shop:3:product:"));
    QVERIFY(m_redis.fill(50, "shop:4:product:"));
    QVERIFY(m_redis.fill(5, "shop:30:product:")); // "shop:3*" would catch these; the namespace must not
    QVERIFY(m_redis.fill(5, "other:"));
}

qint64 TestInvalidationDialog::countKeys(const QByteArray &pattern)
{
    qint64 n = 0;
    QByteArray cursor = "0";
    do {
        const RespValue r = m_redis.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
        if (!r.isArray() || r.elements.size() != 2)
            return -1;
        cursor = r.elements.at(0).str;
        n += r.elements.at(1).elements.size();
    } while (cursor != "0");
    return n;
}

void TestInvalidationDialog::connectWindow(MainWindow &w, const QString &query)
{
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(m_redis.url(QString(), query), QStringLiteral("test redis")));
    QTRY_VERIFY_WITH_TIMEOUT(w.session() && w.session()->state() == ConnectionSession::State::Connected, Slow);
    QTRY_VERIFY_WITH_TIMEOUT(!w.keyPanel()->isScanning() && w.keyPanel()->model()->keyCount() > 0, Slow);
}

void TestInvalidationDialog::namespacePreviewConfirmRun()
{
    MainWindow w;
    connectWindow(w);
    const qint64 before = countKeys("*");
    QCOMPARE(before, qint64(1560));
    QTRY_COMPARE_WITH_TIMEOUT(w.keyPanel()->model()->keyCount(), before, Slow);

    // Ctrl+Shift+D opens the window.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
    InvalidationDialog *d = nullptr;
    QTRY_VERIFY((d = w.invalidationDialog()) && d->isVisible());

    chooseKind(d, InvalidationTarget::Kind::Namespace);
    auto *prefix = child<QLineEdit>(d, "prefixEdit");
    prefix->clear();
    QTest::keyClicks(prefix, QStringLiteral("shop"));
    child<QSpinBox>(d, "versionSpin")->setValue(3);
    auto *execute = child<QPushButton>(d, "executeButton");
    QVERIFY(!execute->isEnabled()); // preview first

    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->preview()->statusText().startsWith(QStringLiteral("1,500 keys match")), Slow);
    QCOMPARE(d->preview()->sampleView()->topLevelItemCount(), 100);
    QVERIFY(d->preview()->sampleView()->topLevelItem(0)->text(0).startsWith(QStringLiteral("shop:3:product:")));
    QVERIFY2(d->planText().contains(QStringLiteral("Delete 1,500 keys")), qPrintable(d->planText()));
    QVERIFY2(d->planText().contains(m_redis.spec().displayAddress()), qPrintable(d->planText()));

    // More than 1,000 keys: the operator types the pattern first.
    auto *confirm = child<QLineEdit>(d, "confirmEdit");
    QVERIFY(confirm->isVisible());
    QVERIFY(!execute->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral("shop:3"));
    QVERIFY(!execute->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral(":*"));
    QVERIFY(execute->isEnabled());
    screenshot(d, QStringLiteral("invalidate-preview"));

    QTest::mouseClick(execute, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->summaryText().startsWith(QStringLiteral("Completed: deleted 1,500 keys")), Slow);
    QCOMPARE(countKeys("shop:3:*"), qint64(0));
    QCOMPARE(countKeys("*"), before - 1500);
    QCOMPARE(countKeys("shop:30:*"), qint64(5));

    // Marked on the chart, the key list listed again, written to the audit log.
    const auto &markers = w.statsDashboard()->history()->markers();
    QVERIFY(!markers.empty());
    QCOMPARE(markers.back().kind, OperationMarker::Kind::Invalidate);
    QCOMPARE(markers.back().keyCount, qint64(1500));
    QVERIFY2(markers.back().label.contains(QStringLiteral("shop:3")), qPrintable(markers.back().label));
    QTRY_COMPARE_WITH_TIMEOUT(w.keyPanel()->model()->keyCount(), before - 1500, Slow);
    const QList<AuditEntry> entries = audit();
    QVERIFY(!entries.isEmpty());
    const AuditEntry &e = entries.constLast();
    QCOMPARE(e.tool, QStringLiteral("gui"));
    QCOMPARE(e.operation, QStringLiteral("delete"));
    QCOMPARE(e.connectionName, QStringLiteral("test redis"));
    QCOMPARE(e.previewCount, qint64(1500));
    QCOMPARE(e.affectedCount, qint64(1500));
    QCOMPARE(e.outcome, QStringLiteral("completed"));
    QVERIFY2(e.target.contains(QStringLiteral("shop:3")), qPrintable(e.target));
    QVERIFY(!e.sampleKeys.isEmpty());

    // A single-key delete from the key list is audited too.
    d->hide();
    w.keyPanel()->deleteKeys({"other:1"});
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("confirmDelete"))) && box->isVisible());
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(audit().size(), entries.size() + 1, Slow);
    QCOMPARE(audit().constLast().target, QStringLiteral("key other:1"));
    QCOMPARE(audit().constLast().affectedCount, qint64(1));

    // The Audit log window lists both, filters and exports.
    w.findChild<QAction *>(QStringLiteral("auditLogAction"))->trigger();
    AuditLogDialog *log = w.auditLogDialog();
    QVERIFY(log && log->isVisible());
    QCOMPARE(log->view()->model()->rowCount(), int(entries.size() + 1));
    screenshot(log, QStringLiteral("audit-log"));
    log->setFilterText(QStringLiteral("namespace shop:3"));
    QCOMPARE(log->view()->model()->rowCount(), 1);
    const QString csvPath = m_data.filePath(QStringLiteral("export.csv"));
    QVERIFY(log->exportCsv(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.size(), 3); // header, one row, the empty tail
    QVERIFY(lines.at(1).contains("namespace shop:3") && lines.at(1).contains(",1500,1500,"));
    const QString jsonPath = m_data.filePath(QStringLiteral("export.jsonl"));
    QVERIFY(log->exportJsonLines(jsonPath));
    QCOMPARE(AuditLog(jsonPath).readAll().size(), 1);
}

void TestInvalidationDialog::cancelStopsRateCappedJob()
{
    QVERIFY(m_redis.fill(20000, "big:1:"));
    MainWindow w;
    connectWindow(w);
    InvalidationTarget target;
    target.kind = InvalidationTarget::Kind::Pattern;
    target.pattern = "big:*";
    InvalidationDialog *d = w.showInvalidation(target);
    d->form()->setRateLimit(2000); // 10 s for all of them: plenty of time to cancel
    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->preview()->statusText().startsWith(QStringLiteral("20,000 keys match")), Slow);
    QTest::keyClicks(child<QLineEdit>(d, "confirmEdit"), QStringLiteral("test redis")); // the name works too
    auto *execute = child<QPushButton>(d, "executeButton");
    QVERIFY(execute->isEnabled());
    QTest::mouseClick(execute, Qt::LeftButton);
    QVERIFY(d->isRunning());
    auto *progress = child<QProgressBar>(d, "executeProgress");
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, Slow);
    QVERIFY(child<QLabel>(d, "progressText")->text().contains(QStringLiteral("keys/s")));
    screenshot(d, QStringLiteral("invalidate-progress"));
    auto *cancel = child<QPushButton>(d, "cancelButton");
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 5000); // within a second, with slack for a loaded machine
    QVERIFY2(d->summaryText().startsWith(QStringLiteral("Cancelled: deleted")), qPrintable(d->summaryText()));
    const AuditEntry e = audit().constLast();
    QCOMPARE(e.outcome, QStringLiteral("cancelled"));
    QVERIFY(e.affectedCount > 0 && e.affectedCount < 20000);
    // Exactly what the report says went, went.
    QCOMPARE(countKeys("big:*"), 20000 - e.affectedCount);
    const auto &markers = w.statsDashboard()->history()->markers();
    QVERIFY(!markers.empty());
    QCOMPARE(markers.back().keyCount, e.affectedCount);
}

void TestInvalidationDialog::readOnlyPreviewsButCannotRun()
{
    MainWindow w;
    connectWindow(w, QStringLiteral("readonly=true"));
    QVERIFY(!w.keyPanel()->deleteAction()->isEnabled());
    InvalidationTarget target;
    target.kind = InvalidationTarget::Kind::Namespace;
    target.prefix = "shop";
    target.version = 4;
    InvalidationDialog *d = w.showInvalidation(target);
    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->preview()->statusText().startsWith(QStringLiteral("50 keys match")), Slow);
    auto *execute = child<QPushButton>(d, "executeButton");
    QVERIFY(!execute->isEnabled());
    QVERIFY2(execute->toolTip().contains(QStringLiteral("read-only")), qPrintable(execute->toolTip()));
    QVERIFY(!child<QLineEdit>(d, "confirmEdit")->isVisible());
    d->execute(); // refused before anything is sent
    QVERIFY(!d->isRunning());
    QCOMPARE(countKeys("shop:4:*"), qint64(50));
}

void TestInvalidationDialog::productionAsksToTypeEvenForFewKeys()
{
    QTemporaryDir dir;
    SavedConnection c = SavedConnection::create(QStringLiteral("prod redis"), m_redis.spec());
    c.production = true;
    AppSettings settings(dir.path());
    QVERIFY(settings.saveConnections({c}));
    MainWindow w(AppSettings(dir.path()));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.connections().size(), 1);
    QVERIFY(w.connections().constFirst().production);
    w.connectTo(c.id);
    QTRY_VERIFY_WITH_TIMEOUT(w.session() && w.session()->state() == ConnectionSession::State::Connected, Slow);

    InvalidationTarget target;
    target.kind = InvalidationTarget::Kind::Namespace;
    target.prefix = "shop";
    target.version = 4;
    InvalidationDialog *d = w.showInvalidation(target);
    QVERIFY(child<QLabel>(d, "connectionLabel")->text().contains(QStringLiteral("PRODUCTION")));
    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->preview()->statusText().startsWith(QStringLiteral("50 keys match")), Slow);
    auto *execute = child<QPushButton>(d, "executeButton");
    auto *confirm = child<QLineEdit>(d, "confirmEdit");
    QVERIFY(confirm->isVisible());
    QVERIFY(!execute->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral("prod redis"));
    QVERIFY(execute->isEnabled());
    // Soft mode would have been planned anew: editing the form drops the preview.
    child<QLineEdit>(d, "prefixEdit")->setText(QStringLiteral("shop "));
    QVERIFY(!execute->isEnabled());
    child<QLineEdit>(d, "prefixEdit")->setText(QStringLiteral("shop"));
    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->preview()->statusText().startsWith(QStringLiteral("50 keys match")), Slow);
    QTest::keyClicks(confirm, QStringLiteral("shop:4:*"));
    QVERIFY(execute->isEnabled());
    QTest::mouseClick(execute, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->summaryText().startsWith(QStringLiteral("Completed: deleted 50 keys")), Slow);
    QCOMPARE(countKeys("shop:4:*"), qint64(0));
    QCOMPARE(countKeys("shop:3:*"), qint64(1500));
}

void TestInvalidationDialog::softModeExpiresAndBumpIncrements()
{
    m_redis.command({"SET", "shop:catalog_version", "5"});
    MainWindow w;
    connectWindow(w);
    InvalidationTarget target;
    target.kind = InvalidationTarget::Kind::Namespace;
    target.prefix = "shop";
    target.version = 4;
    target.softTtlMs = 90000;
    InvalidationDialog *d = w.showInvalidation(target);
    QVERIFY(child<QCheckBox>(d, "softCheck")->isChecked());
    QCOMPARE(child<QSpinBox>(d, "softTtlSpin")->value(), 90);
    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->preview()->statusText().startsWith(QStringLiteral("50 keys match")), Slow);
    auto *execute = child<QPushButton>(d, "executeButton");
    QCOMPARE(execute->text(), QStringLiteral("Expire 50 keys"));
    QVERIFY(!child<QLineEdit>(d, "confirmEdit")->isVisible()); // 50 keys, not production: no typing
    QTest::mouseClick(execute, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->summaryText().startsWith(QStringLiteral("Completed: expired 50 keys")), Slow);
    QCOMPARE(countKeys("shop:4:*"), qint64(50)); // still readable until the TTL runs out
    const qint64 pttl = m_redis.command({"PTTL", "shop:4:product:7"}).integer;
    QVERIFY2(pttl > 0 && pttl <= 90000, qPrintable(QString::number(pttl)));
    QCOMPARE(audit().constLast().operation, QStringLiteral("expire"));

    target = {};
    target.kind = InvalidationTarget::Kind::Bump;
    target.keys = {"shop:catalog_version"};
    d->setTarget(target);
    QTest::mouseClick(child<QPushButton>(d, "previewButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(execute->isEnabled(), Slow);
    QTest::mouseClick(execute, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(d->summaryText().startsWith(QStringLiteral("Completed: incremented 1 key")), Slow);
    QCOMPARE(m_redis.command({"GET", "shop:catalog_version"}).str, QByteArray("6"));
    QCOMPARE(audit().constLast().operation, QStringLiteral("bump"));
}

QTEST_MAIN(TestInvalidationDialog)
#include "tst_invalidationdialog.moc"
