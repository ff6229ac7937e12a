#pragma once
// `cachescope-cli get URL KEY`: type, TTL, size and the value of one key.
//
// Plain mode keeps stdout for the value alone, so `get ... > file` saves the exact bytes:
// the header (type, TTL, size, length) goes to stderr. A string is written raw; a
// collection is written one element per line as it is read, page by page, each element
// in the escaped key form so a newline inside a value cannot split a line
// (hash: field<TAB>value, zset: member<TAB>score, stream: id<TAB>fields).
//
// A string value that is a pickle (or msgpack) is decoded and printed as Python's repr()
// of what Django's cache.get() would return, followed by a newline; --raw prints the
// stored bytes instead. The header also names the decoding chain and the Django key parts.
//
// JSON mode prints one object once every page has arrived:
//   {"key", "key_hex", "exists", "type", "ttl", "size", "length", "truncated", "value" | "value_hex",
//    "encoding", "django", "value_type", "python", ...}   (see decodedfields.h)

#include "clicommand.h"
#include "codec/valuedecoder.h"

#include <QSet>

namespace cachescope::cli {

struct GetOptions
{
    QByteArray key;
    bool json = false;
    bool quiet = false;    // plain mode: no header on stderr
    qint64 byteLimit = -1; // strings: read at most this many bytes; < 0 = all
    bool raw = false;      // plain mode: the stored bytes even when they decode
    ValueSerializer serializer = ValueSerializer::Pickle;
    MemcachedFlavor memcachedClient = MemcachedFlavor::PyMemcache; // how memcached flags read
};

class GetCommand : public CliCommand
{
    Q_OBJECT
public:
    GetCommand(const ConnectionSpec &spec, const GetOptions &options, QObject *parent = nullptr);

protected:
    void start() override;

private:
    void onMetaReady(quint64 id, const QList<KeyMeta> &meta);
    void onValueReady(quint64 id, const KeyValue &value);
    void onRequestFailed(quint64 id, const Error &error);
    void requestPage(const QByteArray &cursor);
    void notFound();
    void printHeader(const KeyValue &first, const DecodedValue *decoded);
    void takeElements(const KeyValue &page);
    void writePlainElements(const QList<QByteArray> &elements, KeyType type);
    void writeJson();

    GetOptions m_options;
    quint64 m_metaId = 0;
    quint64 m_valueId = 0;
    KeyMeta m_meta;
    KeyValue m_value; // the first page; later pages add to m_elements
    bool m_haveFirstPage = false;
    std::optional<DecodedValue> m_decoded; // strings
    QList<QByteArray> m_elements; // JSON mode: every element, deduplicated
    QSet<QByteArray> m_seen;      // HSCAN/SSCAN/ZSCAN may return a member twice
};

} // namespace cachescope::cli
