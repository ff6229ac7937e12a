#pragma once
// The state of one invalidation job on a MemcachedConnector (memcachedinvalidation.cpp).
// Private to the memcached backend: included by the connector's own .cpp files only.
//
// Work comes in units, each a list of keys and the servers to send them to:
//  - patterns: one unit per server, holding the keys that server listed and that matched;
//    every key is written on the server that listed it, never where a client hash would put
//    it. Counts are per item: a stale copy of a key on a second server is a second item.
//  - explicit keys: one unit for all of them, sent to every server in pool order, because
//    nothing says which server holds a key. Delete and Expire act on every server (stale
//    copies go too); Preview and Bump stop at the first server that holds the key (a bump
//    must add one, once). A key is counted once, as matched when some server had it.
// Batches are taken from the units in turn, one per event-loop turn.

#include "core/invalidationpacer.h"
#include "memcachedconnector.h"
#include "memcachedpipeline.h"
#include "metadumpreader.h"

#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace cachescope {

struct MemcachedConnector::Invalidation
{
    struct Unit
    {
        QList<QByteArray> keys;
        qsizetype next = 0;
        QList<int> servers;
    };

    Invalidation(quint64 jobId, const InvalidationJob &job) : id(jobId), pacer(job) {}
    ~Invalidation()
    {
        for (MetadumpReader *reader : readers) {
            reader->stop();
            reader->deleteLater();
        }
    }

    quint64 id = 0;
    InvalidationPacer pacer;
    bool explicitKeys = false;
    bool matchAll = false;
    std::vector<MetadumpReader *> readers; // listings still running
    int listing = 0;
    QList<Unit> units;
    int nextUnit = 0;
    std::vector<std::unique_ptr<MemcachedPipeline>> pipes; // per server, opened on first use
    QList<bool> serverFailed;
    std::optional<Error> firstError;
    QStringList failures; // one line per server that could not be listed or written
    QStringList warnings;
    qint64 oddReplies = 0; // replies that were neither success nor NOT_FOUND
    QByteArray firstOddReply;
    QList<QByteArray> notFound; // Bump: keys no server holds (the first few, for the warning)
    qint64 notFoundCount = 0;
    qint64 skippedInvalid = 0;
};

} // namespace cachescope
