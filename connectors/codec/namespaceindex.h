#pragma once
// Per-namespace counters of a keyspace, kept up to date while keys stream in: Django's
// KEY_PREFIX -> VERSION -> keys, bytes, TTL spread. Fed key by key (or a KeyBatch at a
// time) by whoever already walks the keys — the GUI's key model as it inserts a batch, the
// CLI as pages arrive — so there is no second pass over the keyspace.
//
// Cost: per key one scan for the first two ':' and one hash lookup on the prefix; no
// per-key storage at all, only counters per namespace. The caller therefore owns
// de-duplication (SCAN may repeat a key) and must undo exactly what it did: removeKey() a
// key it added, removeMeta() with the same ttl/size it gave addMeta().
//
// Grouping: "PREFIX:VERSION:rest" with an integer VERSION is a Django namespace (the
// prefix may be empty: ":1:key"). Anything else is grouped by the text before its first
// ':' (version NoVersion); keys without ':' share one group, "(no prefix)". The number of groups is
// capped (MaxPrefixes, MaxVersionsPerPrefix): keys past the cap land in an overflow group,
// so a keyspace of "user:<id>:..." keys cannot turn the index into a per-key structure.
//
// TTLs are bucketed at the moment they are given (the caller passes TTLs relative to one
// fixed reference time, so add and remove agree on the bucket).
//
// Not thread-safe; a plain value type used on one thread.

#include "core/keybatch.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cachescope {

enum class TtlBucket : quint8
{
    NoExpiry,
    UpToMinute,
    UpToHour,
    UpToDay,
    OverDay,
    Count
};

struct NamespaceStats
{
    qint64 keys = 0;
    qint64 metaKeys = 0;  // keys whose TTL and size were given (addMeta)
    qint64 sizedKeys = 0; // of those, with a known size
    qint64 bytes = 0;     // sum of the known sizes
    std::array<qint64, size_t(TtlBucket::Count)> ttl{};

    void add(const NamespaceStats &other);
    qint64 ttlCount(TtlBucket bucket) const { return ttl[size_t(bucket)]; }
};

struct NamespaceVersion
{
    int version = 0; // NamespaceIndex::NoVersion / OtherVersions for the special groups
    NamespaceStats stats;
};

struct NamespacePrefix
{
    QByteArray prefix;
    bool django = false;   // PREFIX:VERSION: keys (versions hold the real versions)
    bool overflow = false; // the group for prefixes past MaxPrefixes
    NamespaceStats total;
    std::vector<NamespaceVersion> versions; // in order of first appearance
};

// One row of a flat ranking (largest namespaces).
struct NamespaceRow
{
    int prefixIndex = -1;
    int versionIndex = -1;
    QByteArray prefix;
    bool django = false;
    int version = 0;
    NamespaceStats stats;
};

class NamespaceIndex
{
public:
    // Django versions are any int, negative ones too: the special groups use the two lowest.
    static constexpr int NoVersion = std::numeric_limits<int>::min();
    static constexpr int OtherVersions = std::numeric_limits<int>::min() + 1;
    static constexpr int MaxPrefixes = 2000;
    static constexpr int MaxVersionsPerPrefix = 200;

    void clear();
    void addBatch(const KeyBatch &batch);
    void addKey(QByteArrayView key);
    void removeKey(QByteArrayView key);
    // ttlMs: NoExpiry (-1), or >= 0; anything else (unknown, missing) is not counted as meta.
    // sizeBytes < 0 = unknown.
    void addMeta(QByteArrayView key, qint64 ttlMs, qint64 sizeBytes);
    void removeMeta(QByteArrayView key, qint64 ttlMs, qint64 sizeBytes);

    const std::vector<NamespacePrefix> &prefixes() const { return m_prefixes; }
    const NamespaceStats &total() const { return m_total; }
    // Bumped by every change; a view redraws only when it moved.
    quint64 revision() const { return m_revision; }
    // Bumped by clear(): groups are only ever appended between two clears.
    quint64 generation() const { return m_generation; }

    // Every (prefix, version) group, largest first by keys or by bytes; at most limit rows.
    std::vector<NamespaceRow> ranking(bool byBytes, qsizetype limit = -1) const;

    // How a key is grouped: its prefix, whether it is Django-shaped, its version.
    struct Split
    {
        QByteArrayView prefix;
        bool django = false;
        int version = NoVersion;
    };
    static Split split(QByteArrayView key);
    static TtlBucket bucketOf(qint64 ttlMs);
    // "no expiry", "≤ 1 min", "≤ 1 h", "≤ 1 day", "> 1 day"
    static QString bucketName(TtlBucket bucket);
    // "shop:3:*", ":1:*", "rq:*", "(no prefix)", "(other prefixes)", "shop:(other versions)"
    static QString pattern(const QByteArray &prefix, bool django, int version, bool overflow = false);

private:
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    NamespaceStats *statsFor(QByteArrayView key, NamespaceStats **prefixTotal);

    std::vector<NamespacePrefix> m_prefixes;
    // "D" or "N" + prefix -> index in m_prefixes
    std::unordered_map<std::string, int, Hash, std::equal_to<>> m_lookup;
    std::vector<QHash<int, int>> m_versionLookup; // per prefix: version -> index in versions
    std::string m_probe;                          // "D"/"N" + prefix of the last lookup
    int m_lastPrefix = -1;                        // the last group found, -1 = none
    int m_lastVersionIndex = 0;
    int m_lastVersion = 0;
    bool m_lastDjango = false;
    NamespaceStats m_total;
    quint64 m_revision = 0;
    quint64 m_generation = 0;
    int m_overflowPrefix = -1;
};

} // namespace cachescope
