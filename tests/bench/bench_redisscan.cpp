// Times a full SCAN through RedisConnector on its ConnectorHost thread, as the GUI would
// receive it (batches counted on the main thread, nothing else done with them).
//   bench_redisscan redis://127.0.0.1:6379/0 [count] [runs]
// Compare with a blocking hiredis loop (SCAN cursor COUNT n until 0) on the same server.
#include "core/connectorhost.h"
#include "redis/redisconnector.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace cachescope;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_redisscan URL [count=1000] [runs=3]\n");
        return 2;
    }
    const auto spec = ConnectionSpec::parse(args.at(1));
    if (!spec) {
        std::fprintf(stderr, "%s\n", qPrintable(spec.error().message));
        return 2;
    }
    const int count = args.size() > 2 ? args.at(2).toInt() : 1000;
    const int runs = args.size() > 3 ? args.at(3).toInt() : 3;

    ConnectorHost host(std::make_unique<RedisConnector>(*spec));
    qint64 keys = 0;
    bool finished = false;
    bool failed = false;
    QObject receiver;
    QObject::connect(host.connector(), &Connector::keysFound, &receiver,
                     [&](quint64, const KeyBatch &batch, qint64) { keys += batch.size(); });
    QObject::connect(host.connector(), &Connector::scanFinished, &receiver, [&](quint64, const ScanSummary &s) {
        finished = true;
        std::printf("  connector: %lld keys, %lld pages, %lld ms\n", s.keysFound, s.pages, s.elapsedMs);
    });
    QObject::connect(host.connector(), &Connector::requestFailed, &receiver, [&](quint64, const Error &e) {
        failed = true;
        std::fprintf(stderr, "%s\n", qPrintable(e.message));
    });
    QObject::connect(host.connector(), &Connector::connectionLost, &receiver, [&](const Error &e) {
        failed = true;
        std::fprintf(stderr, "%s\n", qPrintable(e.message));
    });
    for (int run = 0; run < runs && !failed; ++run) {
        keys = 0;
        finished = false;
        QElapsedTimer clock;
        clock.start();
        ScanRequest request;
        request.count = count;
        host.scanKeys(request);
        while (!finished && !failed)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        std::printf("run %d: %lld keys received in %lld ms (COUNT %d)\n", run + 1, keys, clock.elapsed(), count);
    }
    return failed ? 1 : 0;
}
