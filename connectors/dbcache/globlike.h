#pragma once
// Redis glob (SCAN MATCH) -> SQL LIKE, for listing the Django cache table.
//
// The LIKE pattern selects a superset of what the glob matches; the connector then keeps
// only the rows globMatch() accepts. A superset, not an exact translation, because:
//  - a glob works on bytes (`?` and `[...]` match one byte, as in Redis) and LIKE's `_`
//    on characters, so `?` and classes become `%` (`a?` vs "aé" would differ otherwise);
//  - SQLite's and MySQL's default LIKE ignore ASCII case, the glob does not.
// Literal `%`, `_` and the escape character `!` are escaped with `!` (ESCAPE '!'), which
// needs no backslash in any dialect: MySQL would read '\' in a literal as an escape itself.

#include <QByteArrayView>
#include <QString>

namespace cachescope {

struct LikePattern
{
    QString like;            // bind to `cache_key LIKE ? ESCAPE '!'`; empty = no LIKE clause
    bool everything = false; // the glob matches every key: no filtering at all
};

inline constexpr char LikeEscapeChar = '!';

LikePattern likeFromGlob(QByteArrayView glob);

} // namespace cachescope
