#include "pyformat.h"

#include "pytext.h"

#include <QChar>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cachescope::pyformat {

namespace {

// Python's 'r' float format; addDotZero is what float repr does and complex repr does not.
QString shortestRepr(double value, bool addDotZero)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    // "-d.ddde+XX": split into sign, digits and decimal exponent.
    const size_t ePos = sci.find('e');
    std::string mantissa = sci.substr(0, ePos);
    const int exponent = std::atoi(sci.c_str() + ePos + 1);
    bool negative = false;
    if (!mantissa.empty() && mantissa[0] == '-') {
        negative = true;
        mantissa.erase(0, 1);
    }
    std::string digits;
    for (char c : mantissa)
        if (c != '.')
            digits.push_back(c);
    std::string out;
    if (exponent >= -5 + 1 && exponent < 16) {
        // Fixed: the decimal point goes after (exponent + 1) digits.
        const int point = exponent + 1;
        if (point <= 0) {
            out = "0." + std::string(size_t(-point), '0') + digits;
        } else if (size_t(point) >= digits.size()) {
            out = digits + std::string(size_t(point) - digits.size(), '0');
            if (addDotZero)
                out += ".0";
        } else {
            out = digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += exp;
    }
    if (negative)
        out.insert(out.begin(), '-');
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

void appendHex(QString &out, char prefix, char32_t value, int width)
{
    out += QLatin1Char('\\');
    out += QLatin1Char(prefix);
    out += QStringLiteral("%1").arg(uint(value), width, 16, QLatin1Char('0'));
}

} // namespace

QString floatRepr(double value)
{
    return shortestRepr(value, true);
}

QString complexRepr(double real, double imag)
{
    const QString im = shortestRepr(imag, false);
    if (real == 0 && !std::signbit(real))
        return im + QLatin1Char('j');
    const QString sign = (im.startsWith(QLatin1Char('-'))) ? QString() : QStringLiteral("+");
    return QLatin1Char('(') + shortestRepr(real, false) + sign + im + QStringLiteral("j)");
}

bool isPrintable(char32_t cp)
{
    if (cp == U' ')
        return true;
    if (cp > 0x10ffff)
        return false;
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

QString strRepr(QByteArrayView utf8)
{
    const bool hasSingle = utf8.contains('\'');
    const bool hasDouble = utf8.contains('"');
    const QChar quote = (hasSingle && !hasDouble) ? QLatin1Char('"') : QLatin1Char('\'');
    QString out;
    out.reserve(utf8.size() + 2);
    out += quote;
    qsizetype pos = 0;
    while (pos < utf8.size()) {
        char32_t cp = pytext::nextCodePoint(utf8, pos);
        if (cp == char32_t(-1)) { // not expected (the reader validates); show the byte
            cp = 0xfffd;
            ++pos;
        }
        if (cp == char32_t(quote.unicode()) || cp == U'\\') {
            out += QLatin1Char('\\');
            out += QChar(char16_t(cp));
        } else if (cp == U'\t') {
            out += QStringLiteral("\\t");
        } else if (cp == U'\n') {
            out += QStringLiteral("\\n");
        } else if (cp == U'\r') {
            out += QStringLiteral("\\r");
        } else if (cp < 0x20 || cp == 0x7f) {
            appendHex(out, 'x', cp, 2);
        } else if (cp < 0x7f) {
            out += QChar(char16_t(cp));
        } else if (isPrintable(cp)) {
            out += QString::fromUcs4(&cp, 1);
        } else if (cp <= 0xff) {
            appendHex(out, 'x', cp, 2);
        } else if (cp <= 0xffff) {
            appendHex(out, 'u', cp, 4);
        } else {
            appendHex(out, 'U', cp, 8);
        }
    }
    out += quote;
    return out;
}

QString bytesRepr(QByteArrayView data)
{
    const bool hasSingle = data.contains('\'');
    const bool hasDouble = data.contains('"');
    const char quote = (hasSingle && !hasDouble) ? '"' : '\'';
    QString out = QStringLiteral("b");
    out += QLatin1Char(quote);
    for (char c : data) {
        const quint8 b = quint8(c);
        if (c == quote || c == '\\') {
            out += QLatin1Char('\\');
            out += QLatin1Char(c);
        } else if (c == '\t') {
            out += QStringLiteral("\\t");
        } else if (c == '\n') {
            out += QStringLiteral("\\n");
        } else if (c == '\r') {
            out += QStringLiteral("\\r");
        } else if (b < 0x20 || b >= 0x7f) {
            appendHex(out, 'x', b, 2);
        } else {
            out += QLatin1Char(c);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

QString intRepr(const PyInt &value)
{
    if (auto s = value.toDecimal())
        return *s;
    return QStringLiteral("<int of %1 bits>").arg(value.bitLength());
}

QString timedeltaStr(qint64 days, qint64 seconds, qint64 microseconds)
{
    // timedelta normalises to 0 <= seconds < 86400 and 0 <= microseconds < 1e6.
    seconds += microseconds / 1000000;
    microseconds %= 1000000;
    if (microseconds < 0) {
        microseconds += 1000000;
        --seconds;
    }
    days += seconds / 86400;
    seconds %= 86400;
    if (seconds < 0) {
        seconds += 86400;
        --days;
    }
    QString out = QStringLiteral("%1:%2:%3")
                      .arg(seconds / 3600)
                      .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                      .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (microseconds)
        out += QStringLiteral(".%1").arg(microseconds, 6, 10, QLatin1Char('0'));
    if (days)
        out.prepend(QStringLiteral("%1 day%2, ")
                        .arg(days)
                        .arg(std::abs(days) != 1 ? QStringLiteral("s") : QString()));
    return out;
}

} // namespace cachescope::pyformat
