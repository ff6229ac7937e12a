#include "metadumpparser.h"

#include "core/hexdigit.h"

namespace cachescope {

namespace {

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
    // Decoding never grows the text: write into the buffer directly, then trim.
    const qsizetype n = in.size();
    const char *src = in.data();
    const qsizetype start = out->size();
    out->resize(start + n);
    char *dst = out->data() + start;
    bool clean = true;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = src[i];
        if (c != '%') {
            *dst++ = c;
            continue;
        }
        const int hi = i + 2 < n ? hexValue(src[i + 1]) : -1;
        const int lo = i + 2 < n ? hexValue(src[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            *dst++ = '%';
            clean = false;
            continue;
        }
        *dst++ = char(hi * 16 + lo);
        i += 2;
    }
    out->resize(dst - out->constData());
    return clean;
}

bool parseMetadumpLine(QByteArrayView line, QByteArray *key, ItemFacts *facts)
{
    // Hot path (once per item of a listing): plain loops and a dispatch on the field
    // name's first letters instead of substring searches and string compares.
    const char *p = line.data();
    const char *const end = p + line.size();
    if (line.size() < 5 || p[0] != 'k' || p[1] != 'e' || p[2] != 'y' || p[3] != '=')
        return false;
    *facts = ItemFacts();
    p += 4;
    const char *keyEnd = p;
    while (keyEnd < end && *keyEnd != ' ')
        ++keyEnd;
    key->resize(0);
    percentDecode(QByteArrayView(p, keyEnd - p), key);
    p = keyEnd;
    while (p < end) {
        ++p; // the space
        const char *name = p;
        while (p < end && *p != '=' && *p != ' ')
            ++p;
        if (p >= end || *p != '=') {
            continue;
        }
        const qsizetype nameLength = p - name;
        const char *value = ++p;
        while (p < end && *p != ' ')
            ++p;
        const QByteArrayView v(value, p - value);
        qint64 number = 0;
        switch (name[0]) {
        case 'e': // exp
            if (nameLength == 3 && toInt(v, &number))
                facts->expiresAt = number < 0 ? -1 : number;
            break;
        case 'l': // la
            if (nameLength == 2 && toInt(v, &number))
                facts->lastAccess = number;
            break;
        case 'f': // fetch
            if (nameLength == 5)
                facts->fetched = v.size() == 3 && v[0] == 'y' ? 1 : v.size() == 2 && v[0] == 'n' ? 0 : -1;
            break;
        case 'c': // cls (cas is not kept)
            if (nameLength == 3 && name[1] == 'l' && toInt(v, &number))
                facts->slabClass = int(number);
            break;
        case 's': // size
            if (nameLength == 4 && toInt(v, &number))
                facts->size = number;
            break;
        default:
            break;
        }
    }
    return !key->isEmpty();
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
