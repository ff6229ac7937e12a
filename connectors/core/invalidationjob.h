#pragma once
// What an invalidation job is asked to do, how far it has got, and what it did.
// The InvalidationPlanner (connectors/ops) turns an operator's request ("namespace
// shop:3", "this page URL") into an InvalidationJob; every Connector runs jobs on its own
// thread (Connector::runInvalidation) and answers with progress and one final report.
//
// A job selects keys either by an explicit list, or by glob patterns (Redis MATCH
// semantics, see globmatch.h) scanned server-side where the backend can, optionally
// narrowed by a client-side filter (e.g. "Django version older than N", which no glob
// can say). The same job with action Preview only counts and samples: it never writes,
// so it is allowed on read-only connections.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

#include "error.h"

namespace cachescope {

// Narrows glob matches on the client. Empty (kind None) lets every match through.
struct KeyFilter
{
    enum class Kind : quint8
    {
        None,
        // Django keys "PREFIX:VERSION:..." with PREFIX == prefix exactly and VERSION < version.
        DjangoVersionBelow,
    };
    Kind kind = Kind::None;
    QByteArray prefix;
    int version = 0;

    bool accepts(QByteArrayView key) const; // defined in invalidationjob.cpp
};

struct InvalidationJob
{
    enum class Action : quint8
    {
        Preview, // count, sample and size the matching keys; never writes
        Delete,  // UNLINK (DEL where unsupported) / memcached delete / SQL DELETE
        Expire,  // soft invalidation: set TTL = softTtlMs on each matching key that exists
        Bump,    // +1 on each key in `keys` (a version counter). Redis: INCR (an absent key
                 // becomes 1, as INCR does). Memcached: incr on the server holding it; DB
                 // table: the pickled int rewritten + 1. Those two never create a key: an
                 // absent or non-integer one is named in the report's warning.
    };
    Action action = Action::Preview;

    // Exactly one of the two selects keys: explicit keys when non-empty, else patterns.
    QList<QByteArray> keys;
    QList<QByteArray> patterns; // keys matching any of them (each key reported once)
    KeyFilter filter;           // applied after the pattern match

    qint64 softTtlMs = 0;    // Expire: the TTL to set, > 0
    int rateLimit = 0;       // keys written per second at most; 0 = as fast as possible
    int batchSize = 1000;    // SCAN COUNT / pipeline depth / SQL batch; 1..100000
    int sampleSize = 100;    // keys kept in the report's sample (the first ones found)
    // A label for progress, markers and the audit log: "namespace shop:3", "page https://…".
    QString description;
};

struct InvalidationProgress
{
    qint64 scanned = 0;   // keys looked at (listed by SCAN / metadump / SQL pages)
    qint64 matched = 0;   // of those, selected by the patterns and filter
    qint64 affected = 0;  // written: deleted / expired / bumped (0 for a preview)
    qint64 elapsedMs = 0;
    double keysPerSecond = 0; // affected per second (matched per second for a preview)
    qint64 etaMs = -1;        // -1 = unknown (the total is not known while scanning)
    qint64 total = -1;        // keys the job will look at, when known up front (DB COUNT, DBSIZE)
};

struct InvalidationReport
{
    enum class Outcome : quint8
    {
        Completed,
        Cancelled, // stopped by cancelInvalidation(); the counts say exactly what was done
        Failed,    // `error` says why; the counts say what was done before it
    };
    Outcome outcome = Outcome::Completed;
    Error error;
    InvalidationProgress counts;   // the final figures
    qint64 totalBytes = -1;        // size of the matched keys when the backend knows it cheaply
    QList<QByteArray> sample;      // the first sampleSize matched keys
    QList<QString> sampleServers;  // parallel to sample for pools ("host:port"); else empty
    QString warning;               // e.g. "memcached 1.4.20 listed with capped cachedump"
};

QString invalidationActionName(InvalidationJob::Action action); // "preview", "delete", ...
QString invalidationOutcomeName(InvalidationReport::Outcome outcome); // "completed", ...

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::InvalidationJob)
Q_DECLARE_METATYPE(cachescope::InvalidationProgress)
Q_DECLARE_METATYPE(cachescope::InvalidationReport)
