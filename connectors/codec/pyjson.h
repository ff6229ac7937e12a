#pragma once
// JSON text of a value tree, as Python's json.dumps(value) would write it (", " and ": "
// separators, int/float/bool/None dict keys converted to strings). nullopt when json.dumps
// would refuse the value (bytes, sets, datetimes, objects, recursion) or would write the
// non-standard NaN / Infinity, or when the text would exceed maxBytes.

#include "pytree.h"

#include <QByteArray>

#include <optional>

namespace cachescope {

std::optional<QByteArray> toJson(const PyTree &tree, int node, bool ensureAscii = false,
                                 qsizetype maxBytes = 4 * 1024 * 1024);

} // namespace cachescope
