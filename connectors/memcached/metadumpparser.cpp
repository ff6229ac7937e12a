#include "metadumpparser.h"

namespace cachescope {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Signed decimal; false when there are no digits or junk follows.
bool toInt(QByteArrayView v, qint64 *out)
{
    if (v.isEmpty())
        return false;
    qsizetype i = 0;
    const bool negative = v[0] == '-';
    if (negative)
        i = 1;
    if (i == v.size())
        return false;
    qint64 n = 0;
    for (; i < v.size(); ++i) {
        const char c = v[i];
        if (c < '0' || c > '9' || n > (qint64(1) << 58))
            return false;
        n = n * 10 + (c - '0');
    }
    *out = negative ? -n : n;
    return true;
}

} // namespace

bool percentDecode(QByteArrayView in, QByteArray *out)
{
    const qsizetype n = in.size();
    const char *s = in.data();
    // Most keys carry few escapes: copy runs between them in one go.
    bool clean = true;
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < n; ++i) {
        if (s[i] != '%')
            continue;
        out->append(s + runStart, i - runStart);
        const int hi = i + 2 < n ? hexValue(s[i + 1]) : -1;
        const int lo = i + 2 < n ? hexValue(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            out->append('%');
            clean = false;
            runStart = i + 1;
            continue;
        }
        out->append(char(hi * 16 + lo));
        i += 2;
        runStart = i + 1;
    }
    out->append(s + runStart, n - runStart);
    return clean;
}

bool parseMetadumpLine(QByteArrayView line, QByteArray *key, ItemFacts *facts)
{
    if (!line.startsWith("key="))
        return false;
    key->resize(0);
    *facts = ItemFacts();
    qsizetype pos = 0;
    const qsizetype n = line.size();
    bool haveKey = false;
    while (pos < n) {
        qsizetype end = pos;
        while (end < n && line[end] != ' ')
            ++end;
        const QByteArrayView field = line.sliced(pos, end - pos);
        const qsizetype eq = field.indexOf('=');
        if (eq > 0) {
            const QByteArrayView name = field.first(eq);
            const QByteArrayView value = field.sliced(eq + 1);
            qint64 number = 0;
            if (name == "key") {
                percentDecode(value, key);
                haveKey = true;
            } else if (name == "exp") {
                if (toInt(value, &number))
                    facts->expiresAt = number < 0 ? -1 : number;
            } else if (name == "la") {
                if (toInt(value, &number))
                    facts->lastAccess = number;
            } else if (name == "fetch") {
                facts->fetched = value == "yes" ? 1 : value == "no" ? 0 : -1;
            } else if (name == "cls") {
                if (toInt(value, &number))
                    facts->slabClass = int(number);
            } else if (name == "size") {
                if (toInt(value, &number))
                    facts->size = number;
            }
        }
        pos = end + 1;
    }
    return haveKey && !key->isEmpty();
}

bool parseCachedumpLine(QByteArrayView line, QByteArray *key, ItemFacts *facts)
{
    // ITEM <key> [<bytes> b; <exptime> s]  (exptime 0 = never)
    if (!line.startsWith("ITEM "))
        return false;
    const qsizetype open = line.lastIndexOf('[');
    if (open < 6 || !line.endsWith(" s]"))
        return false;
    key->resize(0);
    key->append(line.data() + 5, open - 6);
    *facts = ItemFacts();
    const QByteArrayView inside = line.sliced(open + 1, line.size() - open - 4); // between "[" and " s]"
    const qsizetype semi = inside.indexOf(';');
    if (semi < 0)
        return false;
    qint64 number = 0;
    if (toInt(inside.first(semi).chopped(2), &number))
        facts->size = number;
    if (toInt(inside.sliced(semi + 2), &number))
        facts->expiresAt = number == 0 ? -1 : number;
    return !key->isEmpty();
}

bool parseMetaGetLine(QByteArrayView line, qint64 serverNow, ItemFacts *facts)
{
    if (!line.startsWith("HD") && !line.startsWith("VA"))
        return false;
    *facts = ItemFacts();
    qsizetype pos = line.indexOf(' ');
    while (pos >= 0 && pos < line.size()) {
        qsizetype end = line.indexOf(' ', pos + 1);
        if (end < 0)
            end = line.size();
        const QByteArrayView flag = line.sliced(pos + 1, end - pos - 1);
        qint64 number = 0;
        if (flag.size() >= 2 && toInt(flag.sliced(1), &number)) {
            switch (flag[0]) {
            case 't':
                facts->expiresAt = number < 0 ? -1 : serverNow + number;
                break;
            case 's':
                facts->size = number;
                break;
            case 'l':
                facts->lastAccess = serverNow - number;
                break;
            case 'h':
                facts->fetched = number ? 1 : 0;
                break;
            default:
                break;
            }
        }
        pos = end;
    }
    return true;
}

} // namespace cachescope
