#include "connectorrecorder.h"

#include <QTest>

namespace cachescope::test {

ConnectorRecorder::ConnectorRecorder(Connector *c)
{
    connect(c, &Connector::opened, this, [this](const ServerInfo &i) { opened.append(i); });
    connect(c, &Connector::connectionLost, this, [this](const Error &e) { lost.append(e); });
    connect(c, &Connector::infoReady, this, [this](quint64 id, const ServerInfo &i) { info.insert(id, i); });
    connect(c, &Connector::keysFound, this, [this](quint64 id, const KeyBatch &b, qint64 soFar) {
        QSet<QByteArray> &set = keys[id];
        for (qsizetype i = 0; i < b.size(); ++i)
            set.insert(b.at(i).toByteArray());
        ++batches[id];
        soFarMonotonic = soFarMonotonic && soFar >= lastSoFar.value(id) + b.size();
        lastSoFar[id] = soFar;
    });
    connect(c, &Connector::scanFinished, this,
            [this](quint64 id, const ScanSummary &s) { finished.insert(id, s); });
    connect(c, &Connector::metaReady, this,
            [this](quint64 id, const QList<KeyMeta> &m) { meta.insert(id, m); });
    connect(c, &Connector::valueReady, this, [this](quint64 id, const KeyValue &v) { values.insert(id, v); });
    connect(c, &Connector::keysDeleted, this,
            [this](quint64 id, qint64 d, qint64 r) { deleted.insert(id, qMakePair(d, r)); });
    connect(c, &Connector::ttlChanged, this,
            [this](quint64 id, const QByteArray &, bool a) { ttl.insert(id, a); });
    connect(c, &Connector::serverStatsReady, this,
            [this](quint64 id, const QList<ServerStats> &t) { stats.insert(id, t); });
    connect(c, &Connector::requestFailed, this, [this](quint64 id, const Error &e) { failed.insert(id, e); });
}

bool ConnectorRecorder::answered(quint64 id) const
{
    return info.contains(id) || finished.contains(id) || meta.contains(id) || values.contains(id) ||
           deleted.contains(id) || ttl.contains(id) || failed.contains(id) || stats.contains(id);
}

std::unique_ptr<RecordedConnector> openRecorded(std::unique_ptr<Connector> connector, int timeoutMs)
{
    auto s = std::make_unique<RecordedConnector>(std::move(connector));
    s->host.open();
    const bool answered = QTest::qWaitFor(
        [&s] { return !s->results.opened.isEmpty() || !s->results.lost.isEmpty(); }, timeoutMs);
    if (!answered)
        qWarning("open got no answer within %d ms", timeoutMs); // the caller's checks on opened / lost fail
    else if (!s->results.lost.isEmpty())
        qWarning("open failed: %s", qPrintable(s->results.lost.first().message));
    return s;
}

} // namespace cachescope::test
