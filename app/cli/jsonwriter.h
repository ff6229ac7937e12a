#pragma once
// Hand-rolled JSON output: `keys --json` writes a line per key for millions of keys, and
// building a QJsonObject per line would cost several allocations each. These helpers
// append straight into the output buffer. Keys are shown in their escaped form
// (keyescape.h) plus key_hex, so any key, binary or not, survives a round trip.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace cachescope::cli {

namespace json {
// A JSON string literal of UTF-8 text (quotes, backslashes, control bytes escaped).
void appendString(QByteArray &out, QByteArrayView utf8);
void appendText(QByteArray &out, const QString &text);
// Lower-case hex digits of bytes, without quotes.
void appendHexDigits(QByteArray &out, QByteArrayView bytes);
// A TTL in seconds (12.5), or null for "no expiry" / unknown / missing.
void appendTtlSeconds(QByteArray &out, qint64 ttlMs);
// Bytes as a string when they are valid UTF-8, else {"hex": "..."}.
void appendBytes(QByteArray &out, QByteArrayView bytes);
} // namespace json

// Writes `{"a": 1, "b": ...}` with the commas handled: field() emits the separator and the
// name, then the caller appends the value to out().
class JsonObject
{
public:
    explicit JsonObject(QByteArray &out) : m_out(out) { m_out.append('{'); }
    QByteArray &field(QByteArrayView name)
    {
        if (!m_first)
            m_out.append(", ", 2);
        m_first = false;
        m_out.append('"').append(name.data(), name.size()).append("\": ", 3);
        return m_out;
    }
    void close() { m_out.append('}'); }
    QByteArray &out() { return m_out; }

private:
    QByteArray &m_out;
    bool m_first = true;
};

} // namespace cachescope::cli
