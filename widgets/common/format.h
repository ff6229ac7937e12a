#pragma once
// Human-readable numbers for labels and cells. One place, so "1,234,567 keys" and
// "1.2 MiB" look the same in the status bar, the key table and the value header.

#include "model/keyformat.h"   // formatBytes, formatDuration: shared with the key table

#include <QString>

namespace cachescope {

// Grouped thousands in the user's locale ("1,234,567"); English grouping under the C locale.
QString formatCount(qint64 n);
// "no expiry", "45s", "1h 2m", "3d 4h"; empty while unknown, "gone" for a missing key.
QString formatTtl(qint64 ttlMs);
// "0.3 ms", "12 ms".
QString formatMs(double ms);

} // namespace cachescope
