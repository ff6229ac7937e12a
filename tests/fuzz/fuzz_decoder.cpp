// libFuzzer target for the value codec: arbitrary bytes through the pickle reader and the
// whole decoding chain, the way each backend hands them over (Redis, memcached with flags
// from both clients, the DB cache table as base64 text and as raw bytes). The decoder
// must never crash, hang, leak or read out of bounds, whatever a cache holds.
//
// The first input byte picks the context, the rest is the value.

#include "codec/picklereader.h"
#include "codec/valuedecoder.h"

#include <cstddef>
#include <cstdint>

using namespace cachescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t selector = data[0];
    const QByteArrayView value(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    // The pickle reader on its own, as the decoder's main consumer of untrusted bytes.
    const PickleResult parsed = PickleReader(PickleLimits{}).read(value);
    (void)parsed.ok();

    DecodeContext ctx;
    ctx.maxDecompressed = 4 * 1024 * 1024; // keep zip bombs inside the fuzzer's memory limit
    ctx.maxReprChars = 256 * 1024;
    switch (selector % 5) {
    case 0:
        ctx.source = ValueSource::Redis;
        break;
    case 1:
        ctx.source = ValueSource::Raw;
        break;
    case 2:
        ctx.source = ValueSource::DbTable;
        break;
    default:
        ctx.source = ValueSource::Memcached;
        ctx.memcachedClient = selector % 5 == 3 ? MemcachedFlavor::PyMemcache : MemcachedFlavor::PyLibMc;
        ctx.memcachedFlags = quint32(selector >> 3) & 0x3f; // 0..63: every flag combination
        break;
    }
    ctx.serializer = (selector & 0x80) ? ValueSerializer::Msgpack : ValueSerializer::Pickle;
    const DecodedValue decoded = ValueDecoder::decode(value, ctx);
    (void)decoded.ok();
    return 0;
}
