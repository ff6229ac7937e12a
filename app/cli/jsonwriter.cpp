#include "jsonwriter.h"

namespace cachescope::cli::json {

namespace {
const char HexDigits[] = "0123456789abcdef";
}

void appendString(QByteArray &out, QByteArrayView utf8)
{
    out.append('"');
    const char *p = utf8.data();
    const char *end = p + utf8.size();
    const char *run = p; // start of the bytes that need no escaping
    for (; p < end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default: {
            const char esc[6] = {'\\', 'u', '0', '0', HexDigits[c >> 4], HexDigits[c & 0xF]};
            out.append(esc, 6);
        }
        }
    }
    out.append(run, p - run);
    out.append('"');
}

void appendText(QByteArray &out, const QString &text)
{
    appendString(out, QByteArrayView(text.toUtf8()));
}

void appendHexDigits(QByteArray &out, QByteArrayView bytes)
{
    const qsizetype start = out.size();
    out.resize(start + 2 * bytes.size());
    char *d = out.data() + start;
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        *d++ = HexDigits[b >> 4];
        *d++ = HexDigits[b & 0xF];
    }
}

void appendTtlSeconds(QByteArray &out, qint64 ttlMs)
{
    if (ttlMs < 0) { // NoExpiry, KeyMissing, TtlUnknown
        out.append("null", 4);
        return;
    }
    out.append(QByteArray::number(ttlMs / 1000));
    qint64 frac = ttlMs % 1000;
    if (frac == 0)
        return;
    char digits[4] = {'.', char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
    int len = 4;
    while (digits[len - 1] == '0')
        --len;
    out.append(digits, len);
}

void appendBytes(QByteArray &out, QByteArrayView bytes)
{
    if (bytes.isValidUtf8()) {
        appendString(out, bytes);
        return;
    }
    out.append("{\"hex\": \"", 9);
    appendHexDigits(out, bytes);
    out.append("\"}", 2);
}

} // namespace cachescope::cli::json
