#pragma once
// Redis glob matching (the MATCH of SCAN, Redis' stringmatchlen) on raw key bytes, for
// backends that filter on the client side: memcached's metadump, the DB cache table.
//   *        any run of bytes, also none
//   ?        exactly one byte
//   [abc]    one byte of the set; [^abc] not of the set; [a-z] a range (either order)
//   \x       the byte x itself (also inside a class)
// An unclosed class runs to the end of the pattern, as in Redis. Unlike Redis, "*"
// also matches the empty key.

#include <QByteArrayView>

namespace cachescope {

bool globMatch(QByteArrayView pattern, QByteArrayView key);

} // namespace cachescope
