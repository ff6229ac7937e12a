#pragma once
// `cachescope-cli keys URL`: streams the keyspace as SCAN pages arrive.
//
// Plain output is one escaped key per line, written straight from the KeyBatch into the
// output buffer (one write() per page). With --json each key becomes a JSON line with
// type, TTL and size: every page's metadata is requested (pipelined) the moment the page
// arrives, so the connector fetches page N's metadata while it scans page N+1; pages are
// printed in scan order as their metadata comes back.
//
// Known limit: the Connector interface has no way to pause a scan, so a consumer much
// slower than the server (a stalled pipe) lets queued pages accumulate in memory.

#include "clicommand.h"

#include <deque>

namespace cachescope::cli {

struct KeysOptions
{
    QByteArray match; // SCAN MATCH glob; empty = all keys
    int count = 1000; // SCAN COUNT hint
    bool json = false;
    bool meta = true; // --json only: type, ttl, size
};

class KeysCommand : public CliCommand
{
    Q_OBJECT
public:
    KeysCommand(const ConnectionSpec &spec, const KeysOptions &options, QObject *parent = nullptr);

protected:
    void start() override;
    void aborting() override;

private:
    struct PendingPage
    {
        quint64 metaId = 0;
        KeyBatch keys;
        QList<KeyMeta> meta;
        bool ready = false;
    };

    void onKeysFound(quint64 id, const KeyBatch &batch);
    void onMetaReady(quint64 id, const QList<KeyMeta> &meta);
    void onScanFinished(quint64 id, const ScanSummary &summary);
    void onRequestFailed(quint64 id, const Error &error);
    void writePlain(const KeyBatch &batch);
    void writeJson(const KeyBatch &batch, const QList<KeyMeta> &meta);
    void writeReadyPages();
    void finishIfDone();

    KeysOptions m_options;
    quint64 m_scanId = 0;
    bool m_scanning = false;
    bool m_scanDone = false;
    std::deque<PendingPage> m_pending; // pages waiting for their metadata, in scan order
};

} // namespace cachescope::cli
