#pragma once
// The SCAN reply on the hot path of a key listing, read straight from hiredis' reply into
// one KeyBatch (no RespValue per key). A pure function so the fuzzer and the unit tests
// reach it without a server.

#include "core/keybatch.h"

#include <QByteArray>

struct redisReply;

namespace cachescope {

// [cursor, [key, key, ...]]: true and *cursor / *batch filled (batch appended to), or
// false for any other shape (an element that is not a bulk string, a nested array, a
// cursor that is not digits), leaving *batch untouched.
bool parseScanReply(const redisReply *reply, QByteArray *cursor, KeyBatch *batch);

} // namespace cachescope
