#pragma once
// Human forms of the key table's TTL and size cells.

#include <QString>

namespace cachescope {

// Remaining time, rounded up to the second, two units at most: "42s", "4m 12s", "3h 5m",
// "1d 3h", "2d". ms must be > 0 (the caller shows "never", "expired", "—").
QString formatDuration(qint64 ms);
// "512 B", "1.5 KiB", "12.3 MiB" (binary units, one decimal).
QString formatBytes(qint64 bytes);

} // namespace cachescope
