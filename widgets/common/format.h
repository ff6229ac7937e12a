#pragma once
// Human-readable numbers for labels and cells. One place, so "1,234,567 keys" and
// "1.2 MiB" look the same in the status bar, the key table and the value header.

#include <QString>

namespace cachescope {

// Grouped thousands in the user's locale ("1,234,567"); English grouping under the C locale.
QString formatCount(qint64 n);
// "1.2 MiB", "512 B"; empty for SizeUnknown.
QString formatBytes(qint64 bytes);
// "no expiry", "45 s", "1 h 2 min", "3 d 4 h"; empty while unknown, "gone" for a missing key.
QString formatTtl(qint64 ttlMs);
// "0.3 ms", "12 ms".
QString formatMs(double ms);

} // namespace cachescope
