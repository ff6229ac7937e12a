#include "pytext.h"

#include "core/hexdigit.h"

#include <array>

namespace cachescope::pytext {

char32_t nextCodePoint(QByteArrayView data, qsizetype &pos)
{
    const auto byte = [&](qsizetype i) { return quint8(data[i]); };
    const quint8 b0 = byte(pos);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    int len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xe0) == 0xc0) {
        len = 2, cp = b0 & 0x1f, min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
        len = 3, cp = b0 & 0x0f, min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        return char32_t(-1);
    }
    if (pos + len > data.size())
        return char32_t(-1);
    for (int i = 1; i < len; ++i) {
        const quint8 b = byte(pos + i);
        if ((b & 0xc0) != 0x80)
            return char32_t(-1);
        cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff)
        return char32_t(-1);
    pos += len;
    return cp;
}

bool isUtf8SurrogatePass(QByteArrayView data)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (nextCodePoint(data, pos) == char32_t(-1))
            return false;
    }
    return true;
}

void appendCodePoint(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xc0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out.append(char(0xe0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3f)));
        out.append(char(0x80 | (cp & 0x3f)));
    } else {
        out.append(char(0xf0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3f)));
        out.append(char(0x80 | ((cp >> 6) & 0x3f)));
        out.append(char(0x80 | (cp & 0x3f)));
    }
}

std::optional<QByteArray> decodeRawUnicodeEscape(QByteArrayView data)
{
    QByteArray out;
    qsizetype i = 0;
    while (i < data.size()) {
        if (data[i] != '\\') {
            appendCodePoint(out, char32_t(quint8(data[i++])));
            continue;
        }
        // \u escapes count only after an odd run of backslashes (CPython's rule).
        qsizetype run = 0;
        while (i < data.size() && data[i] == '\\') {
            ++run;
            ++i;
        }
        const bool escape = (run % 2 == 1) && i < data.size() && (data[i] == 'u' || data[i] == 'U');
        out.append(QByteArray(run - (escape ? 1 : 0), '\\'));
        if (!escape)
            continue;
        const int digits = data[i] == 'u' ? 4 : 8;
        ++i;
        if (i + digits > data.size())
            return std::nullopt;
        char32_t cp = 0;
        for (int k = 0; k < digits; ++k) {
            const int h = hexValue(data[i + k]);
            if (h < 0)
                return std::nullopt;
            cp = (cp << 4) | char32_t(h);
        }
        if (cp > 0x10ffff)
            return std::nullopt;
        appendCodePoint(out, cp);
        i += digits;
    }
    return out;
}

std::optional<QByteArray> decodeQuotedString(QByteArrayView line)
{
    if (line.size() < 2 || (line.front() != '\'' && line.front() != '"') || line.back() != line.front())
        return std::nullopt;
    const QByteArrayView s = line.sliced(1, line.size() - 2);
    QByteArray out;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out.append(s[i]);
            continue;
        }
        const char c = s[++i];
        switch (c) {
        case '\n':
            break;
        case '\\':
            out.append('\\');
            break;
        case '\'':
            out.append('\'');
            break;
        case '"':
            out.append('"');
            break;
        case 'a':
            out.append('\a');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'v':
            out.append('\v');
            break;
        case 'x': {
            const int h1 = i + 1 < s.size() ? hexValue(s[i + 1]) : -1;
            const int h2 = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
            if (h1 < 0 || h2 < 0)
                return std::nullopt;
            out.append(char(h1 * 16 + h2));
            i += 2;
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k)
                    v = v * 8 + (s[++i] - '0');
                out.append(char(v & 0xff));
            } else {
                out.append('\\');
                out.append(c);
            }
        }
    }
    return out;
}

bool isAscii(QByteArrayView data)
{
    for (char c : data)
        if (quint8(c) >= 0x80)
            return false;
    return true;
}

void mapPython2Name(QByteArray &module, QByteArray &name)
{
    struct NameMap
    {
        const char *module2, *name2, *module3, *name3;
    };
    static constexpr std::array names{
        NameMap{"__builtin__", "xrange", "builtins", "range"},
        NameMap{"__builtin__", "unicode", "builtins", "str"},
        NameMap{"__builtin__", "basestring", "builtins", "str"},
        NameMap{"__builtin__", "long", "builtins", "int"},
        NameMap{"__builtin__", "unichr", "builtins", "chr"},
        NameMap{"__builtin__", "raw_input", "builtins", "input"},
        NameMap{"__builtin__", "reduce", "functools", "reduce"},
        NameMap{"__builtin__", "intern", "sys", "intern"},
        NameMap{"__builtin__", "execfile", "builtins", "exec"},
        NameMap{"itertools", "izip", "builtins", "zip"},
        NameMap{"itertools", "imap", "builtins", "map"},
        NameMap{"UserDict", "UserDict", "collections", "UserDict"},
        NameMap{"UserList", "UserList", "collections", "UserList"},
        NameMap{"UserString", "UserString", "collections", "UserString"},
        NameMap{"string", "maketrans", "bytes", "maketrans"},
    };
    for (const auto &m : names) {
        if (module == m.module2 && name == m.name2) {
            module = m.module3;
            name = m.name3;
            return;
        }
    }
    struct ModuleMap
    {
        const char *from, *to;
    };
    static constexpr std::array modules{
        ModuleMap{"__builtin__", "builtins"}, ModuleMap{"copy_reg", "copyreg"},
        ModuleMap{"exceptions", "builtins"},  ModuleMap{"cPickle", "pickle"},
        ModuleMap{"Queue", "queue"},          ModuleMap{"StringIO", "io"},
        ModuleMap{"cStringIO", "io"},         ModuleMap{"repr", "reprlib"},
        ModuleMap{"commands", "subprocess"},  ModuleMap{"urlparse", "urllib.parse"},
        ModuleMap{"httplib", "http.client"},  ModuleMap{"Cookie", "http.cookies"},
    };
    for (const auto &m : modules) {
        if (module == m.from) {
            module = m.to;
            return;
        }
    }
}

} // namespace cachescope::pytext
