// Loads every key of a Redis database into the GUI's KeyTreeModel the way the key panel
// does (connector on its own thread, batches applied on the main thread), headless.
// Prints the load time, its ratio to a raw-loop time given on the command line, the
// resident memory per key, and the longest event-loop stall seen by a 10 ms timer probe.
//   usage: bench_gui_load URL [RAW_SECONDS]

#include "connectorfactory.h"
#include "core/connectorhost.h"
#include "model/keytreemodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace cachescope;

static qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_gui_load URL [RAW_SECONDS]\n");
        return 2;
    }
    const auto spec = ConnectionSpec::parse(args.at(1));
    if (!spec) {
        std::fprintf(stderr, "%s\n", qPrintable(spec.error().message));
        return 2;
    }
    if (const QString reason = connectorUnavailableReason(*spec); !reason.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(reason));
        return 2;
    }
    const double rawSeconds = args.value(2).toDouble();

    KeyTreeModel model;
    ConnectorHost host(createConnector(*spec));
    const qint64 rssBefore = residentKiB();
    QElapsedTimer clock, probeClock;
    qint64 longestStallMs = 0;
    quint64 scanId = 0;
    QTimer probe;
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        longestStallMs = qMax(longestStallMs, probeClock.restart() - 10);
    });

    QObject::connect(host.connector(), &Connector::opened, &app, [&](const ServerInfo &) {
        clock.start();
        probeClock.start();
        probe.start();
        scanId = host.scanKeys(ScanRequest{QByteArray(), spec->scanCount});
    });
    QObject::connect(host.connector(), &Connector::connectionLost, &app, [&](const Error &e) {
        std::fprintf(stderr, "bench_gui_load: %s\n", qPrintable(e.message));
        app.exit(3);
    });
    QObject::connect(host.connector(), &Connector::keysFound, &app,
                     [&](quint64 id, const KeyBatch &batch, qint64) {
                         if (id == scanId)
                             model.appendBatch(batch);
                     });
    QObject::connect(host.connector(), &Connector::scanFinished, &app, [&](quint64 id, const ScanSummary &) {
        if (id == scanId)
            app.exit(0);
    });
    host.open();
    const int rc = app.exec();
    if (rc != 0)
        return rc;
    const double seconds = clock.nsecsElapsed() / 1e9;
    const qint64 rssAfter = residentKiB();
    const double bytesPerKey = model.keyCount() ? (rssAfter - rssBefore) * 1024.0 / model.keyCount() : 0;
    std::printf("GUI key model load:           %.3f s", seconds);
    if (rawSeconds > 0)
        std::printf("   ratio %.2fx", seconds / rawSeconds);
    std::printf("\n  keys in model %lld, resident %.0f bytes/key (RSS %lld -> %lld KiB), longest stall %lld ms\n",
                static_cast<long long>(model.keyCount()), bytesPerKey, static_cast<long long>(rssBefore),
                static_cast<long long>(rssAfter), static_cast<long long>(longestStallMs));
    return 0;
}
