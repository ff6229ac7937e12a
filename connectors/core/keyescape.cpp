#include "keyescape.h"

namespace cachescope {

namespace {

// Length of the valid UTF-8 sequence starting at p (1..4) and its code point, or 0
// when the bytes there are not valid UTF-8 (overlong, surrogate, truncated, > U+10FFFF).
int utf8Sequence(const unsigned char *p, qsizetype left, char32_t *cp)
{
    const unsigned char c = p[0];
    int len;
    char32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (left < len)
        return 0;
    for (int i = 1; i < len; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool isControl(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

void appendHex(QString &out, unsigned char b)
{
    static const char digits[] = "0123456789abcdef";
    out += u'\\';
    out += u'x';
    out += QChar(char16_t(digits[b >> 4]));
    out += QChar(char16_t(digits[b & 0xF]));
}

} // namespace

QString escapeKey(QByteArrayView key)
{
    QString out;
    out.reserve(key.size());
    const auto *p = reinterpret_cast<const unsigned char *>(key.data());
    const qsizetype n = key.size();
    for (qsizetype i = 0; i < n;) {
        char32_t cp = 0;
        const int len = utf8Sequence(p + i, n - i, &cp);
        if (len == 0) {
            appendHex(out, p[i]);
            ++i;
            continue;
        }
        switch (cp) {
        case U'\\': out += QStringLiteral("\\\\"); break;
        case U'\n': out += QStringLiteral("\\n"); break;
        case U'\r': out += QStringLiteral("\\r"); break;
        case U'\t': out += QStringLiteral("\\t"); break;
        case U'\0': out += QStringLiteral("\\0"); break;
        default:
            if (isControl(cp)) {
                for (int k = 0; k < len; ++k)
                    appendHex(out, p[i + k]);
            } else {
                out += QString::fromUcs4(&cp, 1);
            }
        }
        i += len;
    }
    return out;
}

bool keyNeedsEscaping(QByteArrayView key)
{
    const auto *p = reinterpret_cast<const unsigned char *>(key.data());
    for (qsizetype i = 0; i < key.size();) {
        char32_t cp = 0;
        const int len = utf8Sequence(p + i, key.size() - i, &cp);
        if (len == 0 || cp == U'\\' || isControl(cp))
            return true;
        i += len;
    }
    return false;
}

Expected<QByteArray> unescapeKey(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8.at(i);
        if (c != '\\') {
            out.append(c);
            continue;
        }
        if (++i >= utf8.size())
            return Error::make(ErrorKind::Usage, QStringLiteral("the key ends with a lone backslash; write \\\\ for one"));
        switch (utf8.at(i)) {
        case '\\': out.append('\\'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case '0': out.append('\0'); break;
        case 'x': {
            bool ok = false;
            const int v = i + 2 < utf8.size() ? utf8.mid(i + 1, 2).toInt(&ok, 16) : -1;
            if (!ok || v < 0)
                return Error::make(ErrorKind::Usage, QStringLiteral("\\x must be followed by two hex digits in the key"));
            out.append(char(v));
            i += 2;
            break;
        }
        default:
            return Error::make(ErrorKind::Usage,
                               QStringLiteral("unknown escape \\%1 in the key (known: \\\\ \\n \\r \\t \\0 \\xNN)")
                                   .arg(QChar::fromLatin1(utf8.at(i))));
        }
    }
    return out;
}

} // namespace cachescope
