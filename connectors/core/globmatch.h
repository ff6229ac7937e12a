#pragma once
// Glob matching with Redis' MATCH semantics (stringmatchlen), on raw bytes, for backends
// that filter keys client-side (memcached, the DB cache table) and for the model's filter:
//   *        any run of bytes, also empty
//   ?        exactly one byte
//   [abc]    one of the bytes; [^abc] none of them; [a-z] a range (reversed ranges work);
//            \ escapes a byte inside the brackets; an unterminated [ runs to the end
//   \x       the byte x literally (a trailing lone \ matches a backslash)
// Bytes, not characters: "?" matches one byte of a multi-byte UTF-8 sequence, as in Redis.
// Runs in O(pattern * text) at worst (one backtracking point per *), never exponential.

#include <QByteArrayView>

namespace cachescope {

bool globMatch(QByteArrayView pattern, QByteArrayView text, bool caseInsensitive = false);
// True for patterns every key matches ("" or only stars): callers skip matching then.
bool globMatchesEverything(QByteArrayView pattern);

} // namespace cachescope
