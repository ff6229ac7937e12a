#pragma once
// Keys are bytes end to end; only display escapes them. The escaped form is
// reversible (unescapeKey(escapeKey(k)) == k), so a key copied from the UI or the
// CLI output can be typed back in.
//   printable ASCII and valid UTF-8 -> as is;  backslash -> \\ ;
//   \n \r \t \0 -> those escapes;  any other byte (control, invalid UTF-8) -> \xNN

#include "error.h"

#include <QByteArray>
#include <QString>

namespace cachescope {

QString escapeKey(QByteArrayView key);
Expected<QByteArray> unescapeKey(const QString &text);
// True when the key shows differently from its raw bytes (binary, control characters, ...).
bool keyNeedsEscaping(QByteArrayView key);

} // namespace cachescope
