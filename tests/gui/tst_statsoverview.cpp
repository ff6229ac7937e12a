// The Statistics dock's Overview offscreen, through the real main window against two real
// redis-servers: one row per open connection with its own figures, the connections stay
// sampled while another is in front, switching back shows the history that kept growing,
// and the view settings (threshold, window, interval) survive a restart. Saves
// stats-overview.png when CACHESCOPE_SCREENSHOT_DIR is set.
#include "charts/statschart.h"
#include "charts/statsdashboard.h"
#include "charts/statshub.h"
#include "charts/statsoverview.h"
#include "charts/statsoverviewmodel.h"
#include "mainwindow/mainwindow.h"
#include "ops/statsmonitor.h"
#include "redisserver.h"
#include "session/connectionsession.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cachescope;

namespace {

QString cell(const StatsOverviewModel *m, int row, int column, int role = Qt::DisplayRole)
{
    return m->data(m->index(row, column), role).toString();
}

ConnectionSession *sessionNamed(const MainWindow &w, const QString &name)
{
    const QList<ConnectionSession *> open = w.openSessions();
    for (ConnectionSession *s : open) {
        if (s->connection().name == name)
            return s;
    }
    return nullptr;
}

} // namespace

class TestStatsOverview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void comparesConnectionsSideBySide();
    void viewSettingsSurviveARestart();

private:
    std::unique_ptr<QTemporaryDir> m_config;
};

void TestStatsOverview::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid());
}

void TestStatsOverview::comparesConnectionsSideBySide()
{
    test::RedisServer alpha, beta;
    QVERIFY2(alpha.start(), qPrintable(alpha.errorString()));
    QVERIFY2(beta.start(), qPrintable(beta.errorString()));
    alpha.command({"CONFIG", "SET", "maxmemory", "104857600"});
    alpha.command({"SET", "shop:1:k", "v"});
    beta.command({"SET", "blog:1:k", "v"});

    MainWindow w{AppSettings(m_config->path())};
    w.resize(1500, 950);
    w.statsDashboard()->setInterval(250);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(alpha.url(), QStringLiteral("alpha")));
    // The password store answers first (asynchronously), then the session opens.
    QTRY_VERIFY_WITH_TIMEOUT(sessionNamed(w, QStringLiteral("alpha")), 10000);
    ConnectionSession *a = sessionNamed(w, QStringLiteral("alpha"));
    QTRY_COMPARE_WITH_TIMEOUT(a->state(), ConnectionSession::State::Connected, 10000);
    QVERIFY(w.openUrl(beta.url(), QStringLiteral("beta")));
    QTRY_VERIFY_WITH_TIMEOUT(sessionNamed(w, QStringLiteral("beta")), 10000);
    ConnectionSession *b = sessionNamed(w, QStringLiteral("beta"));
    QTRY_COMPARE_WITH_TIMEOUT(b->state(), ConnectionSession::State::Connected, 10000);
    QCOMPARE(w.openSessions().size(), 2);
    QCOMPARE(w.session(), b);
    QVERIFY(a->host()); // alpha stayed open behind beta

    StatsOverview *overview = w.statsOverview();
    StatsOverviewModel *model = overview->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->sessionAt(0), a);
    QCOMPARE(model->sessionAt(1), b);
    QCOMPARE(cell(model, 0, StatsOverviewModel::NameColumn), QStringLiteral("alpha"));
    QCOMPARE(cell(model, 1, StatsOverviewModel::NameColumn), QStringLiteral("beta"));
    w.statsTabs()->setCurrentWidget(overview);
    QTRY_VERIFY(overview->refreshCount() > 0);

    StatsMonitor *ma = w.statsHub()->monitor(a);
    StatsMonitor *mb = w.statsHub()->monitor(b);
    QVERIFY(ma && mb && ma != mb);
    QTRY_VERIFY_WITH_TIMEOUT(ma->history().sampleCount() >= 2 && mb->history().sampleCount() >= 2, 10000);
    // Only hits on alpha, only misses on beta: 100% and 0% however the polls split them.
    for (int i = 0; i < 40; ++i) {
        alpha.command({"GET", "shop:1:k"});
        beta.command({"GET", "blog:1:missing"});
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            overview->refreshNow();
            return cell(model, 0, StatsOverviewModel::RatioColumn) == QStringLiteral("100.0%") &&
                   cell(model, 1, StatsOverviewModel::RatioColumn) == QStringLiteral("0.0%");
        }(),
        10000);
    QCOMPARE(cell(model, 0, StatsOverviewModel::StatusColumn), QStringLiteral("ok"));
    QCOMPARE(cell(model, 1, StatsOverviewModel::StatusColumn), QStringLiteral("ok"));
    QCOMPARE(model->data(model->index(0, 0), StatsOverviewModel::AlertRole).toBool(), false);
    QCOMPARE(model->data(model->index(1, 0), StatsOverviewModel::AlertRole).toBool(), true); // under 80%
    const auto sparkline =
        model->data(model->index(0, StatsOverviewModel::RatioColumn), StatsOverviewModel::SparklineRole)
            .value<QList<double>>();
    QVERIFY(sparkline.size() >= 3);
    QVERIFY(std::count_if(sparkline.cbegin(), sparkline.cend(), [](double v) { return v == 100.0; }) >= 1);
    QVERIFY2(cell(model, 0, StatsOverviewModel::MemoryColumn).contains(QStringLiteral("/ 100.0 MiB")),
             qPrintable(cell(model, 0, StatsOverviewModel::MemoryColumn)));
    QVERIFY2(cell(model, 1, StatsOverviewModel::MemoryColumn).contains(QStringLiteral("no limit")),
             qPrintable(cell(model, 1, StatsOverviewModel::MemoryColumn)));
    QVERIFY(model->data(model->index(0, StatsOverviewModel::OpsColumn), StatsOverviewModel::ValueRole).toDouble() >=
            0);
    QVERIFY(model->data(model->index(1, 0), Qt::FontRole).value<QFont>().bold()); // beta is in front

    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        overview->refreshNow();
        QVERIFY(w.statsDock()->grab().save(dir + QStringLiteral("/stats-overview.png")));
    }

    // Back to alpha from the overview (Enter on its row): the same monitor, its history
    // kept, drawn by the dashboard.
    const qint64 alphaSamples = ma->history().sampleCount();
    overview->view()->setFocus();
    overview->view()->setCurrentIndex(model->index(0, StatsOverviewModel::NameColumn));
    QTest::keyClick(overview->view(), Qt::Key_Return);
    QCOMPARE(w.session(), a);
    QCOMPARE(w.statsTabs()->currentWidget(), w.statsDashboard());
    QCOMPARE(w.statsDashboard()->monitor(), ma);
    QVERIFY(w.statsDashboard()->history()->sampleCount() >= alphaSamples);
    QCOMPARE(w.openSessions().size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(w.statsDashboard()->replotCount() > 0 &&
                                 w.statsDashboard()->chart()->seriesGraph(
                                     StatsMetric::HitRatio, w.statsDashboard()->chart()->drawnSeries().value(0)),
                             10000);
    // Picking beta from the connection list again reuses its open session.
    w.connectTo(b->connection().id);
    QTRY_COMPARE(w.session(), b);
    QCOMPARE(w.statsDashboard()->monitor(), mb);
    QVERIFY(mb->history().sampleCount() > 0);

    // Disconnect closes the one in front: its row goes, alpha comes to the front.
    w.disconnectCurrent();
    QCOMPARE(w.openSessions().size(), 1);
    QCOMPARE(w.session(), a);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->sessionAt(0), a);
    QCOMPARE(w.statsDashboard()->monitor(), ma);
}

void TestStatsOverview::viewSettingsSurviveARestart()
{
    {
        MainWindow w{AppSettings(m_config->path())};
        QCOMPARE(w.statsDashboard()->threshold(), 80.0);
        QCOMPARE(w.statsDashboard()->window(), StatsDashboard::Window::FiveMinutes);
        QCOMPARE(w.statsDashboard()->interval(), 1000);
        auto *threshold = w.findChild<QSpinBox *>(QStringLiteral("statsThreshold"));
        auto *window = w.findChild<QComboBox *>(QStringLiteral("statsWindow"));
        auto *interval = w.findChild<QDoubleSpinBox *>(QStringLiteral("statsInterval"));
        QVERIFY(threshold && window && interval);
        threshold->setValue(92);
        window->setCurrentIndex(3);
        Q_EMIT window->activated(3); // what a pick in the list sends
        interval->setValue(2.5);
        Q_EMIT interval->editingFinished();
        QCOMPARE(w.statsHub()->interval(), 2500);
        QCOMPARE(w.statsOverview()->model()->threshold(), 92.0);
    }
    MainWindow again{AppSettings(m_config->path())};
    QCOMPARE(again.statsDashboard()->threshold(), 92.0);
    QCOMPARE(again.statsDashboard()->chart()->threshold(), 92.0);
    QCOMPARE(again.statsDashboard()->window(), StatsDashboard::Window::Day);
    QCOMPARE(again.statsDashboard()->interval(), 2500);
    QCOMPARE(again.statsHub()->interval(), 2500);
    QCOMPARE(again.statsOverview()->model()->threshold(), 92.0);
}

QTEST_MAIN(TestStatsOverview)
#include "tst_statsoverview.moc"
