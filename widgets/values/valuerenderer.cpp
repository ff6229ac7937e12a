#include "valuerenderer.h"

#include "common/format.h"

#include <QStringDecoder>

namespace cachescope {

namespace {

constexpr qsizetype HexCap = 256 * 1024;
// A QPlainTextEdit lays out one block at a time; a multi-megabyte single line freezes it.
constexpr qsizetype ShowCap = 256 * 1024;

QString capped(const QString &s, QString *note, const QString &what)
{
    if (s.size() <= ShowCap)
        return s;
    *note = QStringLiteral("The first %1 characters of the %2 (%3 characters) are shown.")
                .arg(formatCount(ShowCap), what, formatCount(s.size()));
    return s.left(ShowCap) + QStringLiteral(" …");
}

QString responseText(const DjangoResponse &r)
{
    QString out = QStringLiteral("HTTP %1 %2    (%3)\n")
                      .arg(r.statusCode)
                      .arg(r.reasonPhrase.isEmpty() ? httpReasonPhrase(r.statusCode) : r.reasonPhrase, r.className);
    for (const auto &[name, value] : r.headers)
        out += name + QStringLiteral(": ") + value + QLatin1Char('\n');
    out += QLatin1Char('\n');
    if (isValidUtf8(r.body))
        out += QString::fromUtf8(r.body.left(ShowCap));
    else
        out += QStringLiteral("(%1 bytes of binary body: see the Tree tab)").arg(r.body.size());
    return out;
}

QString dangerHeadline(const DecodedValue &d)
{
    if (d.dangerNames.isEmpty())
        return QStringLiteral("This pickle would run code if unpickled — CacheScope did not run it.");
    QStringList calls;
    for (const QString &name : d.dangerNames.mid(0, 3))
        calls.append(name + QStringLiteral("(...)"));
    QString list = calls.join(QStringLiteral(", "));
    if (d.dangerNames.size() > 3)
        list += QStringLiteral(" and %1 more").arg(d.dangerNames.size() - 3);
    return QStringLiteral("This pickle would call %1 if unpickled — CacheScope did not run it.").arg(list);
}

} // namespace

bool isValidUtf8(const QByteArray &bytes)
{
    return QByteArrayView(bytes).isValidUtf8();
}

QString hexDump(const QByteArray &bytes, qsizetype maxBytes)
{
    const qsizetype n = qMin(bytes.size(), maxBytes);
    QString out;
    out.reserve((n / 16 + 1) * 78);
    static const char digits[] = "0123456789abcdef";
    for (qsizetype line = 0; line < n; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (line + i < n) {
                const auto b = uchar(bytes.at(line + i));
                out += QLatin1Char(digits[b >> 4]);
                out += QLatin1Char(digits[b & 0xf]);
                out += QLatin1Char(' ');
                ascii += (b >= 0x20 && b < 0x7f) ? QLatin1Char(char(b)) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    return out;
}

QString prettyJson(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&out](int level) {
        out.append('\n');
        out.append(QByteArray(level * 2, ' '));
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < json.size())
                out.append(json[++i]);
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out.append(c);
            break;
        case '{':
        case '[': {
            // Keep empty containers on one line.
            const char close = c == '{' ? '}' : ']';
            if (i + 1 < json.size() && json[i + 1] == close) {
                out.append(c).append(close);
                ++i;
                break;
            }
            out.append(c);
            newline(++depth);
            break;
        }
        case '}':
        case ']':
            newline(--depth);
            out.append(c);
            break;
        case ',':
            out.append(c);
            newline(depth);
            break;
        case ' ':
        case '\n':
        case '\t':
        case '\r':
            break; // the separators' own spaces; a ": " is re-added below
        case ':':
            out.append(": ");
            break;
        default:
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

RenderedValue renderStringValue(const KeyValue &value, const DecodeContext &context)
{
    RenderedValue r;
    DecodeContext ctx = context;
    ctx.inputTruncated = value.truncated;
    r.decoded = ValueDecoder::decode(value.data, ctx);
    const DecodedValue &d = r.decoded;

    r.breadcrumb = d.chain.join(QStringLiteral(" → "));
    if (value.truncated)
        r.readNote = QStringLiteral("Only the first %1 of %2 was read: use Load all to decode the whole value.")
                         .arg(formatBytes(value.data.size()), formatBytes(value.length));

    r.repr = capped(d.repr, &r.reprNote, QStringLiteral("repr"));
    if (d.reprTruncated)
        r.reprNote = QStringLiteral("The repr was cut at %1 characters.").arg(formatCount(d.repr.size()));

    const PyTree *tree = d.tree.get();
    const bool rootIsStr = tree && tree->valid(tree->root) && tree->at(tree->root).kind == PyKind::Str &&
                           (d.format == ValueFormat::Pickle || d.format == ValueFormat::Msgpack);
    if (rootIsStr) {
        r.text = capped(QString::fromUtf8(tree->at(tree->root).text), &r.textNote, QStringLiteral("text"));
    } else {
        r.text = capped(QString::fromUtf8(d.payload), &r.textNote, QStringLiteral("text"));
        if (d.format == ValueFormat::Pickle || d.format == ValueFormat::Msgpack)
            r.textNote = QStringLiteral("The stored bytes are a %1, not text: the Python tab shows the value.")
                             .arg(d.format == ValueFormat::Pickle ? QStringLiteral("pickle") : QStringLiteral("msgpack"));
        else if (!isValidUtf8(d.payload))
            r.textNote = QStringLiteral("Not valid UTF-8: invalid bytes are shown as \uFFFD. The Hex tab has the exact bytes.");
    }

    if (d.json)
        r.json = prettyJson(*d.json);
    else if (value.truncated)
        r.jsonProblem = QStringLiteral("Only the first %1 was read; use Load all.").arg(formatBytes(value.data.size()));
    else if (!d.ok())
        r.jsonProblem = QStringLiteral("The value could not be decoded completely.");
    else
        r.jsonProblem = QStringLiteral("This value has no JSON form (json.dumps would refuse a %1).")
                            .arg(d.valueType.isEmpty() ? QStringLiteral("value") : d.valueType);

    r.hex = hexDump(d.payload, HexCap);
    if (d.payload.size() > HexCap)
        r.hexNote = QStringLiteral("First %1 of %2 shown.").arg(formatBytes(HexCap), formatBytes(d.payload.size()));
    if (d.payload != value.data && !d.chain.isEmpty())
        r.hexNote = QString(QStringLiteral("After %1: %2 bytes decoded from %3 stored bytes. ")
                                .arg(d.chain.first())
                                .arg(d.payload.size())
                                .arg(value.data.size()) +
                            r.hexNote)
                        .trimmed();

    if (d.response)
        r.response = responseText(*d.response);
    if (d.dangerous) {
        r.danger = dangerHeadline(d);
        r.dangerDetails = d.dangerReasons.join(QLatin1Char('\n'));
    }
    if (!d.ok())
        r.decodeError = d.errors.join(QLatin1Char('\n'));
    return r;
}

} // namespace cachescope
