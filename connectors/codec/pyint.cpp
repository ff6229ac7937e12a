#include "pyint.h"

#include <algorithm>

namespace cachescope {

PyInt PyInt::fromInt64(qint64 value)
{
    PyInt r;
    r.m_negative = value < 0;
    quint64 mag = r.m_negative ? quint64(0) - quint64(value) : quint64(value);
    while (mag) {
        r.m_mag.push_back(quint32(mag & 0xffffffffu));
        mag >>= 32;
    }
    return r;
}

PyInt PyInt::fromTwosComplement(QByteArrayView bytes)
{
    PyInt r;
    if (bytes.isEmpty())
        return r;
    const bool negative = (quint8(bytes.back()) & 0x80) != 0;
    r.m_mag.assign((size_t(bytes.size()) + 3) / 4, 0);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        quint8 b = quint8(bytes[i]);
        r.m_mag[size_t(i / 4)] |= quint32(b) << (8 * (i % 4));
    }
    if (negative) {
        // Sign-extend the top limb, then negate (invert + 1) to get the magnitude.
        const int used = int(bytes.size() % 4);
        if (used)
            r.m_mag.back() |= ~quint32(0) << (8 * used);
        quint64 carry = 1;
        for (auto &limb : r.m_mag) {
            quint64 v = quint64(quint32(~limb)) + carry;
            limb = quint32(v);
            carry = v >> 32;
        }
        r.m_negative = true;
    }
    r.trim();
    return r;
}

std::optional<PyInt> PyInt::fromDecimal(QByteArrayView text)
{
    QByteArrayView t = text.trimmed();
    bool negative = false;
    if (!t.isEmpty() && (t.front() == '-' || t.front() == '+')) {
        negative = t.front() == '-';
        t = t.sliced(1);
    }
    if (t.isEmpty() || t.size() > MaxDecimalDigits)
        return std::nullopt;
    PyInt r;
    for (char c : t) {
        if (c < '0' || c > '9')
            return std::nullopt;
        quint64 carry = quint64(c - '0');
        for (auto &limb : r.m_mag) {
            quint64 v = quint64(limb) * 10 + carry;
            limb = quint32(v);
            carry = v >> 32;
        }
        if (carry)
            r.m_mag.push_back(quint32(carry));
    }
    r.m_negative = negative;
    r.trim();
    return r;
}

void PyInt::trim()
{
    while (!m_mag.empty() && m_mag.back() == 0)
        m_mag.pop_back();
    if (m_mag.empty())
        m_negative = false;
}

bool PyInt::fitsInt64() const
{
    if (m_mag.size() > 2)
        return false;
    quint64 mag = m_mag.empty() ? 0 : m_mag[0];
    if (m_mag.size() == 2)
        mag |= quint64(m_mag[1]) << 32;
    return m_negative ? mag <= (quint64(1) << 63) : mag < (quint64(1) << 63);
}

qint64 PyInt::toInt64() const
{
    quint64 mag = m_mag.empty() ? 0 : m_mag[0];
    if (m_mag.size() >= 2)
        mag |= quint64(m_mag[1]) << 32;
    return m_negative ? qint64(quint64(0) - mag) : qint64(mag);
}

int PyInt::bitLength() const
{
    if (m_mag.empty())
        return 0;
    int bits = int(m_mag.size() - 1) * 32;
    quint32 top = m_mag.back();
    while (top) {
        ++bits;
        top >>= 1;
    }
    return bits;
}

std::optional<QString> PyInt::toDecimal() const
{
    // 4300 digits need at most 14284 bits; anything larger is certainly over the limit.
    if (bitLength() > 14300)
        return std::nullopt;
    if (m_mag.empty())
        return QStringLiteral("0");
    std::vector<quint32> work = m_mag;
    std::string digits; // reversed
    while (!work.empty()) {
        quint64 rem = 0;
        for (size_t i = work.size(); i-- > 0;) {
            quint64 cur = (rem << 32) | work[i];
            work[i] = quint32(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (!work.empty() && work.back() == 0)
            work.pop_back();
        for (int k = 0; k < 9; ++k) {
            digits.push_back(char('0' + rem % 10));
            rem /= 10;
            if (work.empty() && rem == 0)
                break;
        }
    }
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    if (digits.size() > size_t(MaxDecimalDigits))
        return std::nullopt;
    if (m_negative)
        digits.push_back('-');
    std::reverse(digits.begin(), digits.end());
    return QString::fromLatin1(digits.data(), qsizetype(digits.size()));
}

QString PyInt::toHex(int minDigits) const
{
    QString out;
    for (size_t i = m_mag.size(); i-- > 0;)
        out += QStringLiteral("%1").arg(m_mag[i], 8, 16, QLatin1Char('0'));
    while (out.size() > 1 && out.front() == QLatin1Char('0'))
        out.remove(0, 1);
    if (out.isEmpty())
        out = QStringLiteral("0");
    while (out.size() < minDigits)
        out.prepend(QLatin1Char('0'));
    return out;
}

} // namespace cachescope
