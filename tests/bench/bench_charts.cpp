// 24 hours of 1-second samples into the statistics history, then the 24 h window of the
// dashboard: what the charts cost in memory and in replot time.
//
//   QT_QPA_PLATFORM=offscreen bench_charts [--servers N] [--hours H] [--size WxH]
//     --servers 5 (default): a pool of five, so six series (five servers + the aggregate)
//     --servers 1: one Redis server, one series per metric
//
// Prints the resident memory the history added (it is bounded by its rings, whatever the
// duration), the append cost per sample, and for the 24 h window the rebuild time (reading
// the minute tier into the graphs) and the replot time (median and worst of 30, thread
// CPU time; target ≤ 10 ms): with unchanged data, and after new data (the live case).
// BENCH_CHARTS_PNG=file.png saves the chart as drawn.

#include "charts/qcustomplotinclude.h"
#include "charts/statschart.h"
#include "charts/statsdashboard.h"
#include "ops/statshistory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace cachescope;

namespace {

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

qint64 rssBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

ServerSample synthetic(const QString &name, qint64 i, int server, QRandomGenerator &rng)
{
    ServerSample s;
    s.server = name;
    s.intervalSecs = 1.0;
    // A daily wave with noise, a little different per server.
    const double wave = 0.5 + 0.5 * std::sin(double(i) / 86400.0 * 2 * M_PI + server);
    const qint64 lookups = 200 + qint64(800 * wave) + rng.bounded(100);
    s.deltaHits = qint64(double(lookups) * (0.70 + 0.25 * wave));
    s.deltaMisses = lookups - s.deltaHits;
    s.set(StatsMetric::HitsPerSec, double(s.deltaHits));
    s.set(StatsMetric::MissesPerSec, double(s.deltaMisses));
    s.set(StatsMetric::HitRatio, 100.0 * double(s.deltaHits) / double(lookups));
    s.set(StatsMetric::EvictionsPerSec, double(rng.bounded(5)));
    s.set(StatsMetric::ExpiredPerSec, double(rng.bounded(20)));
    s.set(StatsMetric::OpsPerSec, double(lookups + 100));
    s.set(StatsMetric::MemoryUsed, 400e6 + 100e6 * wave);
    s.set(StatsMetric::MemoryMax, 1024.0 * 1024 * 1024);
    s.set(StatsMetric::Clients, 20 + rng.bounded(5));
    s.set(StatsMetric::Items, 1e6 + 2e5 * wave);
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("servers"), QStringLiteral("Pool members (1 = a single server)."),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("hours"), QStringLiteral("Hours of 1 s samples."), QStringLiteral("H"),
                      QStringLiteral("24")});
    parser.addOption({QStringLiteral("size"), QStringLiteral("Chart size."), QStringLiteral("WxH"),
                      QStringLiteral("1600x900")});
    parser.addHelpOption();
    parser.process(app);
    const int servers = qMax(1, parser.value(QStringLiteral("servers")).toInt());
    const qint64 samples = qint64(parser.value(QStringLiteral("hours")).toDouble() * 3600);
    const QStringList size = parser.value(QStringLiteral("size")).split(u'x');
    const int width = size.value(0).toInt() > 0 ? size.value(0).toInt() : 1600;
    const int height = size.value(1).toInt() > 0 ? size.value(1).toInt() : 900;

    QRandomGenerator rng(42);
    QStringList names;
    for (int k = 0; k < servers; ++k)
        names.append(QStringLiteral("10.0.0.%1:11211").arg(k + 1));
    const qint64 end = 1'700'000'000'000;
    const qint64 start = end - samples * 1000;

    const qint64 rssBefore = rssBytes();
    StatsHistory history(1000);
    const qint64 appendStart = threadCpuNs();
    for (qint64 i = 0; i < samples; ++i) {
        StatsSample sample;
        sample.timestampMs = start + i * 1000;
        for (int k = 0; k < servers; ++k)
            sample.servers.append(synthetic(names.at(k), i, k, rng));
        sample.aggregate =
            servers == 1 ? sample.servers.constFirst() : synthetic(ServerSample::AggregateName, i, 9, rng);
        sample.aggregate.server = ServerSample::AggregateName;
        history.append(sample);
    }
    const double appendUs = double(threadCpuNs() - appendStart) / 1000.0 / double(samples);
    const qint64 rssHistory = rssBytes() - rssBefore;

    StatsDashboard dashboard;
    dashboard.resize(width, height + 90);
    dashboard.showHistory(&history);
    dashboard.setWindow(StatsDashboard::Window::Day);
    dashboard.pauseAt(end);
    dashboard.show();
    QCoreApplication::processEvents();
    StatsChart *chart = dashboard.chart();

    std::vector<double> rebuildMs, replotMs;
    for (int round = 0; round < 30; ++round) {
        qint64 t = threadCpuNs();
        chart->rebuild(end);
        rebuildMs.push_back(double(threadCpuNs() - t) / 1e6);
        t = threadCpuNs();
        chart->replot(QCustomPlot::rpImmediateRefresh);
        replotMs.push_back(double(threadCpuNs() - t) / 1e6);
    }
    // The live case: the window moved by a minute bucket since the last replot, so every
    // line is decimated and rasterized again (the rounds above replot unchanged data,
    // which only blits the cached panel images).
    std::vector<double> movedMs;
    for (int round = 0; round < 30; ++round) {
        chart->rebuild(end - (round % 2 + 1) * 60 * 1000);
        const qint64 t = threadCpuNs();
        chart->replot(QCustomPlot::rpImmediateRefresh);
        movedMs.push_back(double(threadCpuNs() - t) / 1e6);
    }
    chart->rebuild(end);
    chart->replot(QCustomPlot::rpImmediateRefresh);
    if (!qEnvironmentVariableIsEmpty("BENCH_CHARTS_PNG"))
        chart->grab().save(qEnvironmentVariable("BENCH_CHARTS_PNG"));
    std::sort(movedMs.begin(), movedMs.end());
    std::sort(rebuildMs.begin(), rebuildMs.end());
    std::sort(replotMs.begin(), replotMs.end());
    int graphs = 0;
    qint64 points = 0;
    for (int g = 0; g < chart->graphCount(); ++g) {
        ++graphs;
        points += chart->graph(g)->data()->size();
    }
    const qint64 rssTotal = rssBytes() - rssBefore;

    for (int g = 0; g < chart->graphCount(); ++g)
        chart->graph(g)->setVisible(false);
    std::vector<double> emptyMs;
    for (int round = 0; round < 10; ++round) {
        const qint64 t = threadCpuNs();
        chart->replot(QCustomPlot::rpImmediateRefresh);
        emptyMs.push_back(double(threadCpuNs() - t) / 1e6);
    }
    std::sort(emptyMs.begin(), emptyMs.end());
    for (int g = 0; g < chart->graphCount(); ++g)
        chart->graph(g)->setVisible(true);

    // The same lines drawn by QCustomPlot's own QCPGraph (what StatsChart used before
    // StatsGraph): the before/after of the line drawing, measured in this very run.
    std::vector<double> qcpMs;
    {
        QList<QCPGraph *> plain;
        for (int g = 0; g < graphs; ++g) {
            QCPGraph *ours = chart->graph(g);
            auto *ref = new QCPGraph(ours->keyAxis(), ours->valueAxis());
            ref->setPen(ours->pen());
            ref->setAdaptiveSampling(ours->adaptiveSampling());
            ref->setData(ours->data()); // shared, not copied
            ref->removeFromLegend();
            ours->setVisible(false);
            plain.append(ref);
        }
        for (int round = 0; round < 30; ++round) {
            const qint64 t = threadCpuNs();
            chart->replot(QCustomPlot::rpImmediateRefresh);
            qcpMs.push_back(double(threadCpuNs() - t) / 1e6);
        }
        for (QCPGraph *ref : std::as_const(plain))
            chart->removeGraph(ref);
        for (int g = 0; g < chart->graphCount(); ++g)
            chart->graph(g)->setVisible(true);
    }
    std::sort(qcpMs.begin(), qcpMs.end());

    std::printf("bench_charts: %lld samples at 1 s (%.1f h), %d server(s) -> %lld series, chart %dx%d\n",
                static_cast<long long>(samples), double(samples) / 3600.0, servers,
                static_cast<long long>(history.series().size()), chart->width(), chart->height());
    std::printf("  history:  +%.2f MiB RSS (bounded by its rings), append %.2f us/sample (CPU)\n",
                double(rssHistory) / 1048576.0, appendUs);
    std::printf("  24 h window: %d lines, %lld points drawn\n", graphs, static_cast<long long>(points));
    std::printf("  rebuild:  median %.2f ms, worst %.2f ms (CPU)\n", rebuildMs[rebuildMs.size() / 2],
                rebuildMs.back());
    std::printf("  replot:   median %.2f ms, worst %.2f ms (CPU; target <= 10 ms); QCustomPlot's own "
                "replotTime %.2f ms\n",
                replotMs[replotMs.size() / 2], replotMs.back(), chart->replotTime(true));
    std::printf(
        "  replot after new data (window moved, lines decimated and rasterized again): median %.2f ms, "
        "worst %.2f ms (CPU)\n",
        movedMs[movedMs.size() / 2], movedMs.back());
    std::printf("  replot with QCustomPlot's own QCPGraph lines (the previous drawing): median %.2f ms, "
                "worst %.2f ms\n",
                qcpMs[qcpMs.size() / 2], qcpMs.back());
    std::printf("  replot without the lines (axes, grid, labels, markers): median %.2f ms\n",
                emptyMs[emptyMs.size() / 2]);
    std::printf("  RSS with the dashboard: +%.2f MiB\n", double(rssTotal) / 1048576.0);
    std::printf("  command: QT_QPA_PLATFORM=offscreen %s --servers %d --hours %s --size %dx%d\n", argv[0],
                servers, qPrintable(parser.value(QStringLiteral("hours"))), width, height);
    return 0;
}
