#include "pickleint.h"

#include <limits>

namespace cachescope {

namespace {

qint64 littleEndian(QByteArrayView bytes, bool isSigned)
{
    quint64 v = 0;
    for (qsizetype i = bytes.size() - 1; i >= 0; --i)
        v = (v << 8) | quint8(bytes.at(i));
    const int bits = int(bytes.size()) * 8;
    if (isSigned && bits < 64 && bits > 0 && (v >> (bits - 1)) & 1)
        v |= ~quint64(0) << bits; // sign-extend
    return qint64(v);
}

void appendLittleEndian(QByteArray *out, quint64 v, int bytes)
{
    for (int i = 0; i < bytes; ++i, v >>= 8)
        out->append(char(v & 0xff));
}

} // namespace

std::optional<PickledInt> readPickledInt(QByteArrayView p)
{
    PickledInt result;
    qsizetype i = 0;
    if (p.size() >= 2 && quint8(p.at(0)) == 0x80) { // PROTO
        result.protocol = quint8(p.at(1));
        i = 2;
    }
    if (i < p.size() && quint8(p.at(i)) == 0x95) // FRAME <8-byte length>
        i += 9;
    if (i >= p.size())
        return std::nullopt;
    const char op = p.at(i++);
    qsizetype n = 0;
    switch (op) {
    case 'K':
        n = 1;
        break; // BININT1
    case 'M':
        n = 2;
        break; // BININT2
    case 'J':
        n = 4;
        break;   // BININT
    case '\x8a': // LONG1 <len> <two's complement, little endian>
        if (i >= p.size())
            return std::nullopt;
        n = quint8(p.at(i++));
        if (n > 8)
            return std::nullopt; // beyond 64 bits: not something to bump here
        break;
    case 'I': { // INT "<digits>\n" (protocol 0; "I01\n" / "I00\n" are True / False)
        const qsizetype end = p.indexOf('\n', i);
        if (end < 0)
            return std::nullopt;
        const QByteArrayView digits = p.sliced(i, end - i);
        if (digits == "01" || digits == "00")
            return std::nullopt;
        bool ok = false;
        result.value = digits.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        i = end + 1;
        return i + 1 == p.size() && p.at(i) == '.' ? std::optional(result) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
    if (i + n + 1 != p.size() || p.at(i + n) != '.')
        return std::nullopt;
    result.value = littleEndian(p.sliced(i, n), op == 'J' || op == '\x8a');
    return result;
}

QByteArray writePickledInt(qint64 value, int protocol)
{
    QByteArray out;
    out.append(char(0x80));
    out.append(char(qBound(2, protocol, 5)));
    if (value >= 0 && value <= 0xff) {
        out.append('K');
        appendLittleEndian(&out, quint64(value), 1);
    } else if (value >= 0 && value <= 0xffff) {
        out.append('M');
        appendLittleEndian(&out, quint64(value), 2);
    } else if (value >= std::numeric_limits<qint32>::min() && value <= std::numeric_limits<qint32>::max()) {
        out.append('J');
        appendLittleEndian(&out, quint64(value), 4);
    } else {
        // LONG1: the fewest two's-complement bytes that keep the sign, as Python's encode_long.
        int bytes = 8;
        while (bytes > 1) {
            const qint64 shifted = value >> ((bytes - 1) * 8 - 1);
            if (shifted != 0 && shifted != -1)
                break;
            --bytes;
        }
        out.append(char(0x8a));
        out.append(char(bytes));
        appendLittleEndian(&out, quint64(value), bytes);
    }
    out.append('.');
    return out;
}

} // namespace cachescope
