#pragma once
// Python's arbitrary-precision int, as far as a pickle viewer needs it: built from the
// encodings pickle uses (LONG1/LONG4 two's complement bytes, decimal text of INT/LONG) and
// printed in decimal or hex. Like CPython 3.11, decimal conversion refuses more than 4300
// digits, which also bounds the quadratic conversion cost on hostile input.

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace cachescope {

class PyInt
{
public:
    static constexpr int MaxDecimalDigits = 4300;

    PyInt() = default;
    static PyInt fromInt64(qint64 value);
    // Little-endian two's complement, as LONG1/LONG4 store it (empty = 0).
    static PyInt fromTwosComplement(QByteArrayView bytes);
    // Optional sign, digits, optional underscores are not accepted (pickle never writes them).
    static std::optional<PyInt> fromDecimal(QByteArrayView text);

    bool isNegative() const { return m_negative; }
    bool isZero() const { return m_mag.empty(); }
    bool fitsInt64() const;
    qint64 toInt64() const; // only meaningful when fitsInt64()
    int bitLength() const;
    // nullopt past MaxDecimalDigits (CPython raises ValueError there too).
    std::optional<QString> toDecimal() const;
    // Magnitude in lower-case hex, zero-padded to minDigits.
    QString toHex(int minDigits = 1) const;
    bool operator==(const PyInt &other) const = default;

private:
    void trim();
    bool m_negative = false;
    std::vector<quint32> m_mag; // little-endian 32-bit limbs, no leading zero limbs
};

} // namespace cachescope
