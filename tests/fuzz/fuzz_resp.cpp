// libFuzzer target for RESP replies as a server could send them: bytes through RespParser
// (hiredis' reader as RespClient drives it), every reply through RespValue and the SCAN
// page reader. Never a crash, a leak or a huge allocation, and the same replies whether
// the bytes arrive in one read or in many.
//
// Byte 0 picks the chunk size the bytes are fed in (1..256), the rest is the stream.

#include "fuzzcheck.h"
#include "redis/respparser.h"
#include "redis/respvalue.h"
#include "redis/scanreply.h"

#include <hiredis/hiredis.h>

#include <cstddef>
#include <cstdint>

using namespace cachescope;

namespace {

struct Outcome
{
    QList<QByteArray> replies; // debugText of each reply
    bool failed = false;
};

void checkReply(const redisReply *r)
{
    const RespValue v = RespValue::fromReply(r);
    const QByteArray text = v.debugText();
    (void)v.toInteger();
    FUZZ_CHECK(!text.isEmpty() || (v.kind == RespValue::Kind::Status && v.str.isEmpty()));

    QByteArray cursor;
    KeyBatch batch;
    if (parseScanReply(r, &cursor, &batch)) {
        FUZZ_CHECK(v.isArray() && v.elements.size() == 2);
        FUZZ_CHECK(cursor == v.elements.at(0).str && !cursor.isEmpty());
        const QList<RespValue> &keys = v.elements.at(1).elements;
        FUZZ_CHECK(batch.size() == keys.size());
        for (qsizetype i = 0; i < keys.size(); ++i)
            FUZZ_CHECK(batch.at(i) == keys.at(i).str);
    } else {
        FUZZ_CHECK(batch.isEmpty());
    }
}

Outcome run(QByteArrayView stream, qsizetype chunk)
{
    Outcome out;
    RespParser parser;
    for (qsizetype pos = 0; pos < stream.size() && !out.failed; pos += chunk) {
        if (!parser.feed(stream.sliced(pos, qMin(chunk, stream.size() - pos)))) {
            out.failed = true;
            break;
        }
        for (;;) {
            RespReplyPtr reply;
            const RespParser::Status status = parser.next(&reply);
            if (status == RespParser::Status::Error) {
                FUZZ_CHECK(!parser.errorText().isEmpty());
                out.failed = true;
                break;
            }
            if (status == RespParser::Status::NeedMore)
                break;
            FUZZ_CHECK(reply != nullptr);
            checkReply(reply.get());
            out.replies.append(RespValue::fromReply(reply.get()).debugText());
        }
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = qsizetype(data[0]) + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const Outcome whole = run(stream, qMax<qsizetype>(stream.size(), 1));
    const Outcome pieces = run(stream, chunk);
    // Splitting the stream never changes what was read before an error.
    FUZZ_CHECK(whole.failed == pieces.failed);
    if (!whole.failed)
        FUZZ_CHECK(whole.replies == pieces.replies);
    return 0;
}
