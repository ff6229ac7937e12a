// Feeds the key model 1M realistic keys the way the GUI gets them (pages of 1,000, one
// per event-loop turn) and prints what the key browser's budget is about: total model
// time, resident memory per key, the longest event-loop stall, and the cost of a
// filter, a sort and a mode switch on the loaded model.
//
//   bench_keymodel [--keys N] [--batch N] [--profile django|single|deep] [--memcached-meta] [--load-only]
//     django: "app:1:user:123456"-like keys over 8 namespaces (the budget's reference)
//     single: "app:1:user:1123456", all in one namespace (one leaf vector of 1M)
//     deep:   "app:1:sess:<id>:data"-like keys, one namespace per id (worst case for nodes)

#include "model/keytreemodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>
#include <vector>

using namespace cachescope;

namespace {

// CPU time of this thread: on a shared machine the wall clock also counts time the
// scheduler gave to other processes.
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
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

// Measures the longest gap between ticks of a 10 ms timer: how long the loop was blocked.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setInterval(10);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_longest = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    double longestMs() const { return double(m_longest) / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("keys"), QStringLiteral("Keys to load."), QStringLiteral("n"),
                      QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Keys per batch."), QStringLiteral("n"),
                      QStringLiteral("1000")});
    parser.addOption({QStringLiteral("profile"), QStringLiteral("django, single or deep."), QStringLiteral("name"),
                      QStringLiteral("django")});
    parser.addOption({QStringLiteral("load-only"), QStringLiteral("Stop after loading (for profiling).")});
    parser.addOption({QStringLiteral("memcached-meta"),
                      QStringLiteral("After loading, give every key memcached meta (server of a 3-member "
                                     "pool, last access, slab, fetched) and report the memory with it.")});
    parser.process(app);
    const qint64 keyCount = parser.value(QStringLiteral("keys")).toLongLong();
    const int batchSize = parser.value(QStringLiteral("batch")).toInt();
    const QString profile = parser.value(QStringLiteral("profile"));
    const bool deep = profile == QStringLiteral("deep");
    const bool single = profile == QStringLiteral("single");

    // Key ids in a shuffled order, as SCAN returns them; 1% of pages repeat a key.
    std::vector<quint32> order(static_cast<size_t>(keyCount));
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin(), order.end(), *QRandomGenerator::global());
    static const char *const kinds[] = {"user", "cart", "page", "prod", "feed", "rate", "sess", "tmpl"};
    const auto keyOf = [&](quint32 n) {
        QByteArray key = QByteArrayLiteral("app:1:");
        key += single ? "user" : kinds[n % 8];
        key += ':';
        key += QByteArray::number(single ? 1000000 + n : 100000 + n / 8);
        if (deep)
            key += QByteArrayLiteral(":data");
        return key;
    };

    KeyTreeModel model;
    StallProbe probe;
    const qint64 rssBefore = rssBytes();
    qint64 modelNs = 0;
    qint64 modelCpuNs = 0;
    qint64 slowestNs = 0;
    qint64 slowestAt = 0;
    qint64 next = 0;
    QElapsedTimer wall;
    QTimer feeder;
    feeder.setInterval(0);
    QObject::connect(&feeder, &QTimer::timeout, &model, [&] {
        if (next >= keyCount) {
            feeder.stop();
            app.quit();
            return;
        }
        KeyBatch batch;
        batch.reserve(batchSize + 1, qsizetype(batchSize) * 24);
        for (int i = 0; i < batchSize && next < keyCount; ++i)
            batch.append(keyOf(order[size_t(next++)]));
        if ((next / batchSize) % 100 == 0)
            batch.append(keyOf(order[0])); // a duplicate, as SCAN may send
        QElapsedTimer t;
        t.start();
        const qint64 cpu0 = threadCpuNs();
        model.appendBatch(batch);
        const qint64 ns = t.nsecsElapsed();
        modelCpuNs += threadCpuNs() - cpu0;
        modelNs += ns;
        if (ns > slowestNs) {
            slowestNs = ns;
            slowestAt = next;
        }
    });
    wall.start();
    probe.start();
    feeder.start();
    app.exec();
    const double loadStall = probe.longestMs();
    const qint64 wallMs = wall.elapsed();
    const qint64 rssAfter = rssBytes();

    std::printf("command: %s --keys %lld --batch %d --profile %s\n", argv[0], (long long)keyCount, batchSize,
                qPrintable(profile));
    std::printf("keys loaded:            %lld (sample: %s)\n", (long long)model.keyCount(),
                keyOf(order[0]).constData());
    std::printf("model time, total:      %.1f ms wall, %.1f ms CPU (%.0f ns/key CPU); whole run %lld ms\n",
                double(modelNs) / 1e6, double(modelCpuNs) / 1e6, double(modelCpuNs) / double(keyCount),
                (long long)wallMs);
    std::printf("RSS delta:              %.1f MiB = %.1f bytes/key\n",
                double(rssAfter - rssBefore) / 1048576.0, double(rssAfter - rssBefore) / double(keyCount));
    std::printf("slowest appendBatch:    %.1f ms (at %lld keys)\n", double(slowestNs) / 1e6,
                (long long)slowestAt);
    std::printf("longest stall (load):   %.1f ms (10 ms probe timer; gap between ticks)\n", loadStall);

    if (parser.isSet(QStringLiteral("memcached-meta"))) {
        model.setBackend(BackendKind::Memcached);
        const QString servers[] = {QStringLiteral("10.0.0.1:11211"), QStringLiteral("10.0.0.2:11211"),
                                   QStringLiteral("10.0.0.3:11211")};
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QElapsedTimer t;
        t.start();
        for (qint64 first = 0; first < keyCount; first += batchSize) {
            QList<KeyMeta> metas;
            metas.reserve(batchSize);
            for (qint64 n = first; n < qMin(keyCount, first + batchSize); ++n) {
                KeyMeta m;
                m.key = keyOf(quint32(n));
                m.type = KeyType::String;
                m.ttlMs = n % 3 ? NoExpiry : 3600000;
                m.sizeBytes = 100 + n % 900;
                m.server = servers[n % 3];
                m.lastAccessSecs = now - n % 86400;
                m.slabClass = int(1 + n % 40);
                m.fetched = qint8(n % 2);
                metas.append(std::move(m));
            }
            model.applyMeta(metas);
        }
        const qint64 rssMeta = rssBytes();
        std::printf("memcached meta applied: %.1f ms; RSS delta now %.1f MiB = %.1f bytes/key\n",
                    double(t.nsecsElapsed()) / 1e6, double(rssMeta - rssBefore) / 1048576.0,
                    double(rssMeta - rssBefore) / double(keyCount));
    }
    if (parser.isSet(QStringLiteral("load-only")))
        return 0;

    // What the user does next. On 1M keys the work runs on a worker: "on the GUI thread" is
    // the call itself, "done" is when the result is shown (filterApplied / layoutChanged),
    // the stall is the longest the event loop was blocked in between (swap included).
    const auto timed = [&](const char *what, auto action, bool isSort) {
        QSignalSpy applied(&model, &KeyTreeModel::filterApplied);
        QSignalSpy sorted(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy &done = isSort ? sorted : applied;
        probe.start();
        QElapsedTimer t;
        t.start();
        action();
        const double syncMs = double(t.nsecsElapsed()) / 1e6;
        if (done.isEmpty())
            done.wait(60000);
        std::printf(
            "%-23s %.1f ms on the GUI thread, done after %.1f ms, longest stall %.1f ms, %lld visible\n",
            what, syncMs, double(t.nsecsElapsed()) / 1e6, probe.longestMs(),
            (long long)model.visibleKeyCount());
    };
    timed(
        "filter \"user:12\":", [&] { model.setFilter(QStringLiteral("user:12")); }, false);
    timed(
        "filter \"*:cart:1*\":", [&] { model.setFilter(QStringLiteral("*:cart:1*")); }, false);
    timed(
        "filter cleared:", [&] { model.setFilter(QString()); }, false);
    timed(
        "sort by key (desc):", [&] { model.sort(KeyTreeModel::KeyColumn, Qt::DescendingOrder); }, true);
    timed(
        "sort by key (asc):", [&] { model.sort(KeyTreeModel::KeyColumn, Qt::AscendingOrder); }, true);
    timed(
        "flat mode:", [&] { model.setMode(KeyTreeModel::Mode::Flat); }, false);
    timed(
        "tree mode:", [&] { model.setMode(KeyTreeModel::Mode::Tree); }, false);
    return 0;
}
