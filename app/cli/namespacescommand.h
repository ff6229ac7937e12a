#pragma once
// `cachescope-cli namespaces URL`: the keyspace grouped by Django's KEY_PREFIX and VERSION
// (codec/namespaceindex.h, the same grouping as the GUI's Namespaces tab), counted while
// SCAN pages arrive. --sizes also reads type, TTL and MEMORY USAGE of every key, page by
// page as the scan goes (pipelined like `keys --json`), for the bytes and TTL-spread columns.
//
// Output, largest namespace first: a table (NAMESPACE PREFIX VERSION KEYS [BYTES TTL...]),
// or with --json one object {"total_keys", "namespaces": [{"pattern", "prefix", "django",
// "version", "keys", "bytes", "sized_keys", "ttl": {...}}]}.
// Known limit: a key SCAN returns twice (during a server rehash) is counted twice.

#include "clicommand.h"
#include "codec/namespaceindex.h"

#include <QSet>

namespace cachescope::cli {

struct NamespacesOptions
{
    QByteArray match; // SCAN MATCH glob; empty = all keys
    int count = 1000;
    bool json = false;
    bool sizes = false;
};

class NamespacesCommand : public CliCommand
{
    Q_OBJECT
public:
    NamespacesCommand(const ConnectionSpec &spec, const NamespacesOptions &options,
                      QObject *parent = nullptr);

protected:
    void start() override;
    void aborting() override;

private:
    void onKeysFound(quint64 id, const KeyBatch &batch);
    void onMetaReady(quint64 id, const QList<KeyMeta> &meta);
    void onScanFinished(quint64 id, const ScanSummary &summary);
    void onRequestFailed(quint64 id, const Error &error);
    void finishIfDone();
    void writeTable();
    void writeJson();

    NamespacesOptions m_options;
    NamespaceIndex m_index;
    quint64 m_scanId = 0;
    bool m_scanDone = false;
    QSet<quint64> m_metaIds; // --sizes: pages whose metadata is still on its way
};

} // namespace cachescope::cli
