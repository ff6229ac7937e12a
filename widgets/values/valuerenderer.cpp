#include "valuerenderer.h"

#include "common/format.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

namespace cachescope {

namespace {

constexpr qsizetype HexCap = 256 * 1024;

} // namespace

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString s = decoder.decode(bytes);
    Q_UNUSED(s);
    return !decoder.hasError();
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

RenderedValue renderStringValue(const KeyValue &value, const DecoderChain &chain)
{
    RenderedValue r;
    const DecodedValue decoded = chain.run(value.data, value.truncated);

    QStringList crumbs{keyTypeName(value.type), formatBytes(value.length)};
    if (value.truncated)
        crumbs.append(QStringLiteral("first %1 shown").arg(formatBytes(value.data.size())));
    r.breadcrumb = crumbs.join(QStringLiteral(", "));
    for (const QString &step : decoded.chain)
        r.breadcrumb += QStringLiteral("  ›  ") + step;

    if (!decoded.text.isEmpty()) {
        r.text = decoded.text;
    } else if (isValidUtf8(decoded.bytes)) {
        r.text = QString::fromUtf8(decoded.bytes);
    } else {
        r.text = QString::fromUtf8(decoded.bytes);
        r.textNote = QStringLiteral("Not valid UTF-8: invalid bytes are shown as \uFFFD. The Hex tab has the exact bytes.");
    }

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(decoded.bytes, &error);
    if (!doc.isNull())
        r.json = QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    else if (value.truncated)
        r.jsonProblem = QStringLiteral("Only the first %1 was read; use Load all to parse it as JSON.")
                            .arg(formatBytes(value.data.size()));
    else
        r.jsonProblem = QStringLiteral("Not JSON (%1 at byte %2).").arg(error.errorString()).arg(error.offset);

    r.hex = hexDump(decoded.bytes, HexCap);
    if (decoded.bytes.size() > HexCap)
        r.hexNote = QStringLiteral("First %1 of %2 shown.").arg(formatBytes(HexCap), formatBytes(decoded.bytes.size()));
    return r;
}

} // namespace cachescope
