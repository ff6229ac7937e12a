#pragma once
// The escaped form of a key (keyescape.h) appended to an output buffer, with a fast path:
// most keys are printable ASCII and go out as their own bytes, without the QString round
// trip escapeKey() needs for the rare binary key.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace cachescope::cli {

void appendEscapedKey(QByteArray &out, QByteArrayView key);
// True when every byte is printable ASCII other than a backslash: such keys (and a whole
// page of them) are their own escaped form.
bool isPlainAscii(QByteArrayView key);
// "12.5 s", "none" (no expiry), "-" (unknown): for the human-readable header of `get`.
QString describeTtl(qint64 ttlMs);

} // namespace cachescope::cli
