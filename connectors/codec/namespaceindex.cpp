#include "namespaceindex.h"

#include <algorithm>
#include <charconv>

namespace cachescope {

void NamespaceStats::add(const NamespaceStats &o)
{
    keys += o.keys;
    metaKeys += o.metaKeys;
    sizedKeys += o.sizedKeys;
    bytes += o.bytes;
    for (size_t i = 0; i < ttl.size(); ++i)
        ttl[i] += o.ttl[i];
}

void NamespaceIndex::clear()
{
    m_prefixes.clear();
    m_lookup.clear();
    m_versionLookup.clear();
    m_total = NamespaceStats();
    m_overflowPrefix = -1;
    m_lastPrefix = -1;
    ++m_revision;
    ++m_generation;
}

NamespaceIndex::Split NamespaceIndex::split(QByteArrayView key)
{
    Split s;
    const qsizetype first = key.indexOf(':');
    if (first < 0)
        return s; // no prefix at all
    s.prefix = key.first(first);
    const qsizetype second = key.indexOf(':', first + 1);
    if (second < 0)
        return s;
    const char *begin = key.data() + first + 1;
    const char *end = key.data() + second;
    int v = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (begin == end || ec != std::errc() || ptr != end || v == NoVersion || v == OtherVersions)
        return s;
    s.django = true;
    s.version = v;
    return s;
}

NamespaceStats *NamespaceIndex::statsFor(QByteArrayView key, NamespaceStats **prefixTotal)
{
    const Split s = split(key);
    ++m_revision;
    // Keyspaces are dominated by a few namespaces: the last group found usually matches.
    if (m_lastPrefix >= 0 && s.version == m_lastVersion && m_lastDjango == s.django &&
        std::string_view(m_probe).substr(1) == std::string_view(s.prefix.data(), size_t(s.prefix.size()))) {
        NamespacePrefix &prefix = m_prefixes[size_t(m_lastPrefix)];
        *prefixTotal = &prefix.total;
        return &prefix.versions[size_t(m_lastVersionIndex)].stats;
    }
    m_probe.assign(1, s.django ? 'D' : 'N');
    m_probe.append(s.prefix.data(), size_t(s.prefix.size()));
    int p;
    if (const auto it = m_lookup.find(std::string_view(m_probe)); it != m_lookup.end()) {
        p = it->second;
    } else if (int(m_prefixes.size()) < MaxPrefixes) {
        p = int(m_prefixes.size());
        NamespacePrefix entry;
        entry.prefix = s.prefix.toByteArray();
        entry.django = s.django;
        m_prefixes.push_back(std::move(entry));
        m_versionLookup.emplace_back();
        m_lookup.emplace(m_probe, p);
    } else {
        if (m_overflowPrefix < 0) {
            m_overflowPrefix = int(m_prefixes.size());
            NamespacePrefix entry;
            entry.overflow = true;
            m_prefixes.push_back(std::move(entry));
            m_versionLookup.emplace_back();
        }
        p = m_overflowPrefix;
    }
    NamespacePrefix &prefix = m_prefixes[size_t(p)];
    *prefixTotal = &prefix.total;
    const int version = prefix.overflow ? OtherVersions : s.version;
    QHash<int, int> &versions = m_versionLookup[size_t(p)];
    auto it = versions.constFind(version);
    if (it == versions.constEnd()) {
        if (prefix.versions.size() >= size_t(MaxVersionsPerPrefix)) {
            it = versions.constFind(OtherVersions);
            if (it == versions.constEnd()) {
                it = versions.insert(OtherVersions, int(prefix.versions.size()));
                prefix.versions.push_back(NamespaceVersion{OtherVersions, {}});
            }
        } else {
            it = versions.insert(version, int(prefix.versions.size()));
            prefix.versions.push_back(NamespaceVersion{version, {}});
        }
    }
    // Remember only exact groups (not the overflow ones, which stand for many prefixes).
    const bool exact = !prefix.overflow && prefix.versions[size_t(*it)].version == s.version;
    m_lastPrefix = exact ? p : -1;
    m_lastVersion = s.version;
    m_lastDjango = s.django;
    m_lastVersionIndex = *it;
    return &prefix.versions[size_t(*it)].stats;
}

void NamespaceIndex::addBatch(const KeyBatch &batch)
{
    for (qsizetype i = 0; i < batch.size(); ++i)
        addKey(batch.at(i));
}

void NamespaceIndex::addKey(QByteArrayView key)
{
    NamespaceStats *total = nullptr;
    NamespaceStats *stats = statsFor(key, &total);
    ++stats->keys;
    ++total->keys;
    ++m_total.keys;
}

void NamespaceIndex::removeKey(QByteArrayView key)
{
    NamespaceStats *total = nullptr;
    NamespaceStats *stats = statsFor(key, &total);
    --stats->keys;
    --total->keys;
    --m_total.keys;
}

namespace {

void applyMeta(NamespaceStats &s, qint64 sign, TtlBucket bucket, qint64 sizeBytes)
{
    s.metaKeys += sign;
    s.ttl[size_t(bucket)] += sign;
    if (sizeBytes >= 0) {
        s.sizedKeys += sign;
        s.bytes += sign * sizeBytes;
    }
}

} // namespace

void NamespaceIndex::addMeta(QByteArrayView key, qint64 ttlMs, qint64 sizeBytes)
{
    if (ttlMs < -1)
        return;
    NamespaceStats *total = nullptr;
    NamespaceStats *stats = statsFor(key, &total);
    const TtlBucket bucket = bucketOf(ttlMs);
    for (NamespaceStats *s : {stats, total, &m_total})
        applyMeta(*s, +1, bucket, sizeBytes);
}

void NamespaceIndex::removeMeta(QByteArrayView key, qint64 ttlMs, qint64 sizeBytes)
{
    if (ttlMs < -1)
        return;
    NamespaceStats *total = nullptr;
    NamespaceStats *stats = statsFor(key, &total);
    const TtlBucket bucket = bucketOf(ttlMs);
    for (NamespaceStats *s : {stats, total, &m_total})
        applyMeta(*s, -1, bucket, sizeBytes);
}

TtlBucket NamespaceIndex::bucketOf(qint64 ttlMs)
{
    if (ttlMs < 0)
        return TtlBucket::NoExpiry;
    if (ttlMs <= 60 * 1000)
        return TtlBucket::UpToMinute;
    if (ttlMs <= 3600 * 1000)
        return TtlBucket::UpToHour;
    if (ttlMs <= 86400 * 1000)
        return TtlBucket::UpToDay;
    return TtlBucket::OverDay;
}

QString NamespaceIndex::bucketName(TtlBucket bucket)
{
    switch (bucket) {
    case TtlBucket::NoExpiry:
        return QStringLiteral("no expiry");
    case TtlBucket::UpToMinute:
        return QStringLiteral("≤ 1 min");
    case TtlBucket::UpToHour:
        return QStringLiteral("≤ 1 h");
    case TtlBucket::UpToDay:
        return QStringLiteral("≤ 1 day");
    case TtlBucket::OverDay:
    case TtlBucket::Count:
        break;
    }
    return QStringLiteral("> 1 day");
}

QString NamespaceIndex::pattern(const QByteArray &prefix, bool django, int version, bool overflow)
{
    if (overflow)
        return QStringLiteral("(other prefixes)");
    const QString p = QString::fromUtf8(prefix);
    if (!django && version == NoVersion)
        return prefix.isEmpty() ? QStringLiteral("(no prefix)") : p + QStringLiteral(":*");
    if (version == OtherVersions)
        return p + QStringLiteral(":(other versions)");
    if (version == NoVersion)
        return p + QStringLiteral(":*");
    return p + QLatin1Char(':') + QString::number(version) + QStringLiteral(":*");
}

std::vector<NamespaceRow> NamespaceIndex::ranking(bool byBytes, qsizetype limit) const
{
    std::vector<NamespaceRow> rows;
    for (size_t p = 0; p < m_prefixes.size(); ++p) {
        const NamespacePrefix &prefix = m_prefixes[p];
        for (size_t v = 0; v < prefix.versions.size(); ++v) {
            const NamespaceVersion &version = prefix.versions[v];
            if (version.stats.keys <= 0)
                continue;
            rows.push_back(
                NamespaceRow{int(p), int(v), prefix.prefix, prefix.django, version.version, version.stats});
        }
    }
    const auto key = [byBytes](const NamespaceRow &r) { return byBytes ? r.stats.bytes : r.stats.keys; };
    std::stable_sort(rows.begin(), rows.end(),
                     [&key](const NamespaceRow &a, const NamespaceRow &b) { return key(a) > key(b); });
    if (limit >= 0 && rows.size() > size_t(limit))
        rows.resize(size_t(limit));
    return rows;
}

} // namespace cachescope
