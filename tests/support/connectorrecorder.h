#pragma once
// Records every signal of a Connector running on its ConnectorHost thread. The recorder
// lives on the test thread, so signals reach it queued, exactly as they reach the GUI;
// wait with QTRY_* on its members (see WAIT_ANSWER).

#include "core/connectorhost.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSet>

#include <memory>

namespace cachescope::test {

class ConnectorRecorder : public QObject
{
    Q_OBJECT
public:
    explicit ConnectorRecorder(Connector *connector);

    // True once any signal carrying this request id arrived.
    bool answered(quint64 id) const;

    QList<ServerInfo> opened;
    QList<Error> lost;
    QHash<quint64, ServerInfo> info;
    QHash<quint64, QSet<QByteArray>> keys; // distinct keys per scan
    QHash<quint64, int> batches;
    QHash<quint64, qint64> lastSoFar;
    bool soFarMonotonic = true;
    QHash<quint64, ScanSummary> finished;
    QHash<quint64, QList<KeyMeta>> meta;
    QHash<quint64, KeyValue> values;
    QHash<quint64, QPair<qint64, qint64>> deleted; // deleted, requested
    QHash<quint64, bool> ttl;
    QHash<quint64, Error> failed;
    QHash<quint64, QList<ServerStats>> stats;
};

// A connector on its own thread plus the recorder of its signals.
struct RecordedConnector
{
    explicit RecordedConnector(std::unique_ptr<Connector> connector)
        : host(std::move(connector)), results(host.connector())
    {
    }
    ConnectorHost host;
    ConnectorRecorder results;
};

// Posts open() and waits (bounded) until opened() or connectionLost() arrived.
std::unique_ptr<RecordedConnector> openRecorded(std::unique_ptr<Connector> connector, int timeoutMs = 10000);

} // namespace cachescope::test

// Waits until request `id` of a RecordedConnector `s` was answered.
#define WAIT_ANSWER(s, id, ms) QTRY_VERIFY_WITH_TIMEOUT((s).results.answered(id), ms)
#define EXPECT_NO_FAILURE(s, id)                                                                             \
    QVERIFY2(!(s).results.failed.contains(id), qPrintable((s).results.failed.value(id).message))
