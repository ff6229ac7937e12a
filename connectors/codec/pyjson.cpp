#include "pyjson.h"

#include "pyaccess.h"
#include "pyformat.h"
#include "pytext.h"

#include <cmath>
#include <vector>

namespace cachescope {

namespace {

class JsonWriter
{
public:
    JsonWriter(const PyTree &tree, bool ascii, qsizetype max)
        : m_tree(tree), m_ascii(ascii), m_max(max), m_active(size_t(tree.nodes.size()), 0)
    {
    }

    bool value(int node, int depth);
    QByteArray out;

private:
    bool string(QByteArrayView utf8);
    bool key(int node);
    bool put(QByteArrayView s)
    {
        out += s;
        return out.size() <= m_max;
    }
    bool pairs(const QList<int> &flat, int depth);

    const PyTree &m_tree;
    bool m_ascii;
    qsizetype m_max;
    std::vector<char> m_active;
};

bool JsonWriter::string(QByteArrayView utf8)
{
    out += '"';
    qsizetype pos = 0;
    while (pos < utf8.size()) {
        const char32_t cp = pytext::nextCodePoint(utf8, pos);
        if (cp == char32_t(-1))
            return false;
        switch (cp) {
        case U'"':
            out += "\\\"";
            continue;
        case U'\\':
            out += "\\\\";
            continue;
        case U'\n':
            out += "\\n";
            continue;
        case U'\r':
            out += "\\r";
            continue;
        case U'\t':
            out += "\\t";
            continue;
        case U'\b':
            out += "\\b";
            continue;
        case U'\f':
            out += "\\f";
            continue;
        default:
            break;
        }
        if (cp < 0x20 || (m_ascii && cp >= 0x7f)) {
            auto u16 = [&](uint v) {
                out += QByteArray("\\u" + QByteArray::number(v, 16).rightJustified(4, '0'));
            };
            if (cp >= 0x10000) {
                u16(0xd800 + ((cp - 0x10000) >> 10));
                u16(0xdc00 + ((cp - 0x10000) & 0x3ff));
            } else {
                u16(uint(cp));
            }
        } else if (cp >= 0xd800 && cp <= 0xdfff) {
            return false; // a lone surrogate is not valid UTF-8 JSON
        } else {
            pytext::appendCodePoint(out, cp);
        }
    }
    return put("\"");
}

bool JsonWriter::key(int node)
{
    const PyNode &n = m_tree.at(node);
    switch (n.kind) {
    case PyKind::Str:
        return string(n.text);
    case PyKind::Int:
        return put(QByteArray('"' + pyformat::intRepr(n.intValue).toLatin1() + '"'));
    case PyKind::Bool:
        return put(n.boolValue ? "\"true\"" : "\"false\"");
    case PyKind::None:
        return put("\"null\"");
    case PyKind::Float:
        return std::isfinite(n.floatValue) &&
               put(QByteArray('"' + pyformat::floatRepr(n.floatValue).toLatin1() + '"'));
    default:
        return false;
    }
}

bool JsonWriter::pairs(const QList<int> &flat, int depth)
{
    out += '{';
    for (qsizetype i = 0; i + 1 < flat.size(); i += 2) {
        if (i)
            out += ", ";
        if (!m_tree.valid(flat[i]) || !key(flat[i]) || !put(": ") || !value(flat[i + 1], depth + 1))
            return false;
    }
    return put("}");
}

bool JsonWriter::value(int node, int depth)
{
    if (!m_tree.valid(node) || depth > 1000 || out.size() > m_max)
        return false;
    const PyNode &n = m_tree.at(node);
    switch (n.kind) {
    case PyKind::None:
        return put("null");
    case PyKind::Bool:
        return put(n.boolValue ? "true" : "false");
    case PyKind::Int:
        return n.intValue.toDecimal().has_value() && put(pyformat::intRepr(n.intValue).toLatin1());
    case PyKind::Float:
        return std::isfinite(n.floatValue) && put(pyformat::floatRepr(n.floatValue).toLatin1());
    case PyKind::Str:
        return string(n.text);
    case PyKind::List:
    case PyKind::Tuple:
    case PyKind::Dict:
    case PyKind::Object:
        break;
    default:
        return false;
    }
    if (m_active[size_t(node)])
        return false; // json.dumps: "Circular reference detected"
    m_active[size_t(node)] = 1;
    bool ok = false;
    if (n.kind == PyKind::Dict) {
        ok = pairs(n.items, depth);
    } else if (n.kind == PyKind::Object) {
        // dict subclasses and SafeString serialise like their base type.
        const QByteArray name = pyaccess::constructedName(m_tree, node);
        const QList<int> args = pyaccess::constructorArgs(m_tree, node);
        if ((name == "collections.OrderedDict" || name == "collections.defaultdict") && n.items.isEmpty())
            ok = pairs(n.setItems, depth);
        else if (name.startsWith("django.utils.safestring.Safe") && args.size() == 1 &&
                 pyaccess::str(m_tree, args[0]))
            ok = string(*pyaccess::str(m_tree, args[0]));
    } else {
        out += '[';
        ok = true;
        for (qsizetype i = 0; ok && i < n.items.size(); ++i) {
            if (i)
                out += ", ";
            ok = value(n.items[i], depth + 1);
        }
        ok = ok && put("]");
    }
    m_active[size_t(node)] = 0;
    return ok;
}

} // namespace

std::optional<QByteArray> toJson(const PyTree &tree, int node, bool ensureAscii, qsizetype maxBytes)
{
    JsonWriter writer(tree, ensureAscii, maxBytes);
    if (!writer.value(node, 0))
        return std::nullopt;
    return writer.out;
}

} // namespace cachescope
