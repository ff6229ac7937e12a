// Times one invalidation job through ConnectorHost::runInvalidation, as the GUI and the
// CLI run it: RedisConnector on its own thread, progress and the report received queued
// on the main thread.
//   bench_invalidate_job URL PATTERN [delete|preview|expire] [rate]
// prints "<action>: <affected> keys in <ms> ms (matched <n>, <k> progress signals)".
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
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_invalidate_job URL PATTERN [delete|preview|expire] [rate]\n");
        return 2;
    }
    const auto spec = ConnectionSpec::parse(args.at(1));
    if (!spec) {
        std::fprintf(stderr, "%s\n", qPrintable(spec.error().message));
        return 2;
    }
    InvalidationJob job;
    job.patterns = {args.at(2).toUtf8()};
    job.description = QStringLiteral("bench %1").arg(args.at(2));
    const QString action = args.size() > 3 ? args.at(3) : QStringLiteral("delete");
    if (action == QLatin1StringView("preview")) {
        job.action = InvalidationJob::Action::Preview;
    } else if (action == QLatin1StringView("expire")) {
        job.action = InvalidationJob::Action::Expire;
        job.softTtlMs = 600000;
    } else {
        job.action = InvalidationJob::Action::Delete;
    }
    job.rateLimit = args.size() > 4 ? args.at(4).toInt() : 0;

    ConnectorHost host(std::make_unique<RedisConnector>(*spec));
    QObject receiver;
    int progressSignals = 0;
    bool finished = false;
    InvalidationReport report;
    QObject::connect(host.connector(), &Connector::invalidationProgress, &receiver,
                     [&](quint64, const InvalidationProgress &) { ++progressSignals; });
    QObject::connect(host.connector(), &Connector::invalidationFinished, &receiver,
                     [&](quint64, const InvalidationReport &r) {
                         report = r;
                         finished = true;
                     });
    QElapsedTimer clock;
    clock.start();
    host.runInvalidation(job);
    while (!finished)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const qint64 ms = clock.elapsed();
    if (report.outcome != InvalidationReport::Outcome::Completed) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(invalidationOutcomeName(report.outcome)),
                     qPrintable(report.error.message));
        return 1;
    }
    std::printf("%s: %lld keys in %lld ms (matched %lld, %d progress signals)\n",
                qPrintable(invalidationActionName(job.action)), report.counts.affected, ms,
                report.counts.matched, progressSignals);
    return 0;
}
