#include "keyformat.h"

#include "core/keyescape.h"
#include "core/keytypes.h"

#include <cstring>

namespace cachescope::cli {

namespace {

// Whether any byte of the word is below n (n <= 128), or equal to zero; exact, no false hits
// (the "determine if a word has a byte less than n" bit trick).
constexpr quint64 Ones = 0x0101010101010101ULL;
constexpr quint64 Highs = 0x8080808080808080ULL;
constexpr quint64 hasLess(quint64 x, quint64 n)
{
    return (x - Ones * n) & ~x & Highs;
}
constexpr quint64 hasZero(quint64 x)
{
    return hasLess(x, 1);
}

} // namespace

bool isPlainAscii(QByteArrayView key)
{
    // Eight bytes at a time: this runs over every byte of a listing of millions of keys.
    const char *p = key.data();
    qsizetype n = key.size();
    for (; n >= 8; p += 8, n -= 8) {
        quint64 x;
        std::memcpy(&x, p, 8);
        if ((x & Highs) | hasLess(x, 0x20) | hasZero(x ^ (Ones * 0x7F)) | hasZero(x ^ (Ones * '\\')))
            return false;
    }
    for (; n > 0; ++p, --n) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c >= 0x7F || c == '\\')
            return false;
    }
    return true;
}

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
