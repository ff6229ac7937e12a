#include "keyformat.h"

#include "core/keyescape.h"
#include "core/keytypes.h"

namespace cachescope::cli {

namespace {
bool isPlainAscii(QByteArrayView key)
{
    for (const char ch : key) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7F || c == '\\')
            return false;
    }
    return true;
}
} // namespace

void appendEscapedKey(QByteArray &out, QByteArrayView key)
{
    if (isPlainAscii(key) || !keyNeedsEscaping(key))
        out.append(key.data(), key.size());
    else
        out.append(escapeKey(key).toUtf8());
}

QString describeTtl(qint64 ttlMs)
{
    if (ttlMs == NoExpiry)
        return QStringLiteral("none (never expires)");
    if (ttlMs < 0)
        return QStringLiteral("-");
    return QStringLiteral("%1 s").arg(double(ttlMs) / 1000.0, 0, 'f', ttlMs % 1000 == 0 ? 0 : 3);
}

} // namespace cachescope::cli
