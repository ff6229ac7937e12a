// libFuzzer target for what memcached prints about its items (metadump, cachedump, mg),
// split into lines the way MetadumpReader does. Never a crash or an out-of-bounds read,
// and a key written by memcached's percent-encoding always comes back byte for byte.
//
// Byte 0: the low bits pick serverNow for mg lines; the rest is the text.

#include "fuzzcheck.h"
#include "memcached/metadumpparser.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

using namespace cachescope;

namespace {

// memcached's uriencode: everything but unreserved characters as %XX.
QByteArray uriEncode(QByteArrayView key)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    for (const char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
            u == '.' || u == '_' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

void checkLine(QByteArrayView line, qint64 serverNow)
{
    QByteArray key;
    ItemFacts facts;
    if (parseMetadumpLine(line, &key, &facts)) {
        FUZZ_CHECK(!key.isEmpty());
        FUZZ_CHECK(key.size() <= line.size());
        FUZZ_CHECK(facts.expiresAt >= -1);
    }
    if (parseCachedumpLine(line, &key, &facts)) {
        FUZZ_CHECK(!key.isEmpty());
        FUZZ_CHECK(key.size() <= line.size());
    }
    (void)parseMetaGetLine(line, serverNow, &facts);

    QByteArray decoded = "keep";
    percentDecode(line, &decoded);
    FUZZ_CHECK(decoded.startsWith("keep") && decoded.size() <= line.size() + 4);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qint64 serverNow = qint64(data[0] & 3) * 1700000000;
    const char *text = reinterpret_cast<const char *>(data + 1);
    const qsizetype n = qsizetype(size - 1);
    qsizetype pos = 0;
    while (pos < n) {
        const void *newline = std::memchr(text + pos, '\n', size_t(n - pos));
        const qsizetype end = newline ? static_cast<const char *>(newline) - text : n;
        qsizetype lineEnd = end;
        if (lineEnd > pos && text[lineEnd - 1] == '\r')
            --lineEnd;
        checkLine(QByteArrayView(text + pos, lineEnd - pos), serverNow);
        pos = end + 1;
    }

    // The whole input as a key: memcached encodes it, the parser must give it back.
    const QByteArrayView raw(text, n);
    if (!raw.isEmpty()) {
        QByteArray line("key=");
        line.append(uriEncode(raw)).append(" exp=-1 la=1700000000 cas=1 fetch=no cls=1 size=70");
        QByteArray key;
        ItemFacts facts;
        FUZZ_CHECK(parseMetadumpLine(line, &key, &facts));
        FUZZ_CHECK(key == raw);
        FUZZ_CHECK(facts.expiresAt == -1 && facts.lastAccess == 1700000000 && facts.size == 70 &&
                   facts.slabClass == 1 && facts.fetched == 0);
    }
    return 0;
}
