// PyRepr for the types Django sites keep in caches: datetime family and time zones,
// Decimal, UUID, collections, protocol < 4 spellings of builtins, Django objects.
#include "djangoobjects.h"
#include "pyaccess.h"
#include "pyformat.h"
#include "pyrepr.h"
#include "pytext.h"

namespace cachescope {

using namespace pyaccess;

namespace {

int byteAt(const QByteArray &b, int i)
{
    return int(quint8(b.at(i)));
}

qint64 smallInt(const PyTree &tree, int node, qint64 fallback = 0)
{
    const auto v = integer(tree, node);
    return v && v->fitsInt64() ? v->toInt64() : fallback;
}

} // namespace

bool PyRepr::writeTzInfo(int node)
{
    text(QStringLiteral(", tzinfo="));
    write(node);
    return true;
}

bool PyRepr::writeDateTime(int node, const QByteArray &type)
{
    const QList<int> args = constructorArgs(m_tree, node);
    if (args.isEmpty())
        return false;
    const auto state = bytes(m_tree, args[0]);
    const int tz = args.size() > 1 ? args[1] : -1;
    const bool hasTz = m_tree.valid(tz) && m_tree.at(tz).kind != PyKind::None;
    if (!state)
        return false;
    if (type == "date" && state->size() == 4) {
        text(QStringLiteral("datetime.date(%1, %2, %3)")
                 .arg(byteAt(*state, 0) * 256 + byteAt(*state, 1))
                 .arg(byteAt(*state, 2))
                 .arg(byteAt(*state, 3)));
        return true;
    }
    QList<int> parts;
    bool fold = false;
    if (type == "datetime" && state->size() == 10) {
        fold = byteAt(*state, 2) & 0x80;
        parts = {byteAt(*state, 0) * 256 + byteAt(*state, 1),
                 byteAt(*state, 2) & 0x7f,
                 byteAt(*state, 3),
                 byteAt(*state, 4),
                 byteAt(*state, 5),
                 byteAt(*state, 6),
                 (byteAt(*state, 7) << 16) | (byteAt(*state, 8) << 8) | byteAt(*state, 9)};
    } else if (type == "time" && state->size() == 6) {
        fold = byteAt(*state, 0) & 0x80;
        parts = {byteAt(*state, 0) & 0x7f, byteAt(*state, 1), byteAt(*state, 2),
                 (byteAt(*state, 3) << 16) | (byteAt(*state, 4) << 8) | byteAt(*state, 5)};
    } else {
        return false;
    }
    // Trailing zero microsecond, then a trailing zero second, are left out (CPython's rule).
    if (parts.last() == 0) {
        parts.removeLast();
        if (parts.last() == 0)
            parts.removeLast();
    }
    QStringList shown;
    for (int p : parts)
        shown.append(QString::number(p));
    text(QStringLiteral("datetime.%1(%2").arg(QString::fromLatin1(type), shown.join(QStringLiteral(", "))));
    if (hasTz)
        writeTzInfo(tz);
    if (fold)
        text(QStringLiteral(", fold=1"));
    text(QStringLiteral(")"));
    return true;
}

bool PyRepr::writeKnown(int node)
{
    const PyNode &n = m_tree.at(node);
    const QByteArray name = constructedName(m_tree, node);
    const QList<int> args = constructorArgs(m_tree, node);
    const bool plain = n.items.isEmpty() && n.setItems.isEmpty();

    if (auto response = djangoResponse(m_tree, node)) {
        text(response->repr);
        return true;
    }
    if (auto model = djangoModel(m_tree, node)) {
        text(model->repr);
        return true;
    }
    if (name.startsWith("datetime.") && plain) {
        const QByteArray type = name.mid(9);
        if (type == "datetime" || type == "date" || type == "time")
            return writeDateTime(node, type);
        if (type == "timedelta" && args.size() == 3) {
            QStringList parts;
            const char *labels[] = {"days", "seconds", "microseconds"};
            for (int i = 0; i < 3; ++i)
                if (const qint64 v = smallInt(m_tree, args[i]))
                    parts.append(QStringLiteral("%1=%2").arg(QLatin1String(labels[i])).arg(v));
            text(QStringLiteral("datetime.timedelta(%1)")
                     .arg(parts.isEmpty() ? QStringLiteral("0") : parts.join(QStringLiteral(", "))));
            return true;
        }
        if (type == "timezone" && !args.isEmpty()) {
            const auto delta = constructorArgs(m_tree, args[0]);
            bool zero = true;
            for (int d : delta)
                zero = zero && smallInt(m_tree, d) == 0;
            if (args.size() == 1 && zero) {
                text(QStringLiteral("datetime.timezone.utc"));
                return true;
            }
            text(QStringLiteral("datetime.timezone("));
            writeArgs(args);
            text(QStringLiteral(")"));
            return true;
        }
        return false;
    }
    if (name == "pytz._UTC") {
        text(QStringLiteral("<UTC>"));
        return true;
    }
    if (name == "pytz._p" && !args.isEmpty()) {
        const QString zone = QString::fromUtf8(str(m_tree, args[0]).value_or(QByteArray()));
        const QString zoneRepr = pyformat::strRepr(zone.toUtf8());
        if (args.size() == 1) {
            text(zone == QLatin1String("UTC") ? QStringLiteral("<UTC>")
                                              : QStringLiteral("<StaticTzInfo %1>").arg(zoneRepr));
            return true;
        }
        if (args.size() == 4) {
            const qint64 offset = smallInt(m_tree, args[1]);
            const qint64 dst = smallInt(m_tree, args[2]);
            const QString tzname = QString::fromUtf8(str(m_tree, args[3]).value_or(QByteArray()));
            text(QStringLiteral("<DstTzInfo %1 %2%3%4 %5>")
                     .arg(zoneRepr, tzname, offset > 0 ? QStringLiteral("+") : QString(),
                          pyformat::timedeltaStr(0, offset, 0),
                          dst ? QStringLiteral("DST") : QStringLiteral("STD")));
            return true;
        }
        return false;
    }
    if (name == "zoneinfo.ZoneInfo._unpickle" && !args.isEmpty() && str(m_tree, args[0])) {
        text(QStringLiteral("zoneinfo.ZoneInfo(key=%1)").arg(pyformat::strRepr(*str(m_tree, args[0]))));
        return true;
    }
    if (name == "decimal.Decimal" && args.size() == 1 && str(m_tree, args[0])) {
        text(QStringLiteral("Decimal(%1)").arg(pyformat::strRepr(*str(m_tree, args[0]))));
        return true;
    }
    if (name == "uuid.UUID") {
        const auto value = integer(m_tree, lookup(m_tree, stateDict(m_tree, node), "int"));
        if (!value || value->isNegative() || value->bitLength() > 128)
            return false;
        const QString hex = value->toHex(32);
        text(QStringLiteral("UUID('%1-%2-%3-%4-%5')")
                 .arg(hex.left(8), hex.mid(8, 4), hex.mid(12, 4), hex.mid(16, 4), hex.mid(20)));
        return true;
    }
    if (name == "collections.OrderedDict" && n.items.isEmpty()) {
        if (n.setItems.isEmpty()) {
            text(QStringLiteral("OrderedDict()"));
            return true;
        }
        text(QStringLiteral("OrderedDict(["));
        for (qsizetype i = 0; i + 1 < n.setItems.size() && !m_truncated; i += 2) {
            text(i ? QStringLiteral(", (") : QStringLiteral("("));
            write(n.setItems[i]);
            text(QStringLiteral(", "));
            write(n.setItems[i + 1]);
            text(QStringLiteral(")"));
        }
        text(QStringLiteral("])"));
        return true;
    }
    if (name == "collections.defaultdict" && n.items.isEmpty()) {
        text(QStringLiteral("defaultdict("));
        if (args.isEmpty())
            text(QStringLiteral("None"));
        else
            write(args[0]);
        text(QStringLiteral(", {"));
        writePairs(n.setItems);
        text(QStringLiteral("})"));
        return true;
    }
    if (!plain || m_tree.valid(n.state))
        return false;
    if ((name == "builtins.set" || name == "builtins.frozenset") && args.size() <= 1) {
        const auto elements = args.isEmpty() ? QList<int>{} : sequence(m_tree, args[0]);
        if (!elements)
            return false;
        const bool frozen = name == "builtins.frozenset";
        if (elements->isEmpty()) {
            text(frozen ? QStringLiteral("frozenset()") : QStringLiteral("set()"));
            return true;
        }
        text(frozen ? QStringLiteral("frozenset({") : QStringLiteral("{"));
        writeArgs(*elements);
        text(frozen ? QStringLiteral("})") : QStringLiteral("}"));
        return true;
    }
    if (name == "builtins.bytearray") {
        std::optional<QByteArray> data;
        if (args.isEmpty())
            data = QByteArray();
        else if (args.size() == 1)
            data = bytes(m_tree, args[0]);
        else if (args.size() == 2 && str(m_tree, args[0])) {
            // (str, 'latin-1'): how bytearray pickles itself for protocols < 3
            data = QByteArray();
            const QByteArray utf8 = *str(m_tree, args[0]);
            qsizetype pos = 0;
            while (data && pos < utf8.size()) {
                const char32_t cp = pytext::nextCodePoint(utf8, pos);
                if (cp > 0xff)
                    data.reset();
                else
                    data->append(char(cp));
            }
        }
        if (!data)
            return false;
        text(QStringLiteral("bytearray(%1)").arg(pyformat::bytesRepr(*data)));
        return true;
    }
    if (name == "builtins.bytes" || name == "_codecs.encode") {
        if (auto data = bytes(m_tree, node)) {
            text(pyformat::bytesRepr(*data));
            return true;
        }
        return false;
    }
    if (name == "builtins.complex" && args.size() == 2 && number(m_tree, args[0]) &&
        number(m_tree, args[1])) {
        text(pyformat::complexRepr(*number(m_tree, args[0]), *number(m_tree, args[1])));
        return true;
    }
    if (name == "builtins.range" && args.size() == 3) {
        text(QStringLiteral("range("));
        writeArgs(smallInt(m_tree, args[2], 0) == 1 ? args.mid(0, 2) : args);
        text(QStringLiteral(")"));
        return true;
    }
    if (name.startsWith("django.utils.safestring.Safe") && args.size() == 1 && str(m_tree, args[0])) {
        write(args[0]); // SafeString is a str subclass without its own __repr__
        return true;
    }
    return false;
}

} // namespace cachescope
