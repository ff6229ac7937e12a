#include "pyrepr.h"

#include "pyaccess.h"
#include "pyformat.h"

namespace cachescope {

PyRepr::PyRepr(const PyTree &tree, ReprOptions options)
    : m_tree(tree), m_options(options), m_active(size_t(tree.nodes.size()), 0)
{
}

QString PyRepr::render(int node)
{
    m_out.clear();
    m_truncated = false;
    write(node);
    if (m_truncated)
        m_out += QStringLiteral("…");
    return m_out;
}

void PyRepr::text(const QString &s)
{
    if (m_truncated)
        return;
    if (m_out.size() + s.size() > m_options.maxChars) {
        m_out += QStringView(s).left(std::max<qsizetype>(0, m_options.maxChars - m_out.size()));
        m_truncated = true;
        return;
    }
    m_out += s;
}

QString PyRepr::globalRepr(const PyNode &g)
{
    static const QList<QByteArray> builtinTypes{
        "int",  "str",       "bytes",     "list",   "dict",    "set",  "tuple", "float",
        "bool", "frozenset", "bytearray", "object", "complex", "type", "range", "slice"};
    const QString name = QString::fromUtf8(g.name);
    if (g.text == "builtins" && builtinTypes.contains(g.name))
        return QStringLiteral("<class '%1'>").arg(name);
    const QString qualified = QString::fromUtf8(g.text) + QLatin1Char('.') + name;
    const QString last = name.section(QLatin1Char('.'), -1);
    if (!last.isEmpty() && last.front().isUpper())
        return QStringLiteral("<class '%1'>").arg(qualified);
    return QStringLiteral("<function %1>").arg(qualified);
}

void PyRepr::write(int node)
{
    if (m_truncated)
        return;
    if (!m_tree.valid(node)) {
        text(QStringLiteral("<missing>"));
        return;
    }
    const PyNode &n = m_tree.at(node);
    switch (n.kind) {
    case PyKind::None:
        text(QStringLiteral("None"));
        return;
    case PyKind::Bool:
        text(n.boolValue ? QStringLiteral("True") : QStringLiteral("False"));
        return;
    case PyKind::Int:
        text(pyformat::intRepr(n.intValue));
        return;
    case PyKind::Float:
        text(pyformat::floatRepr(n.floatValue));
        return;
    case PyKind::Complex:
        text(pyformat::complexRepr(n.floatValue, n.imagValue));
        return;
    case PyKind::Str:
        text(pyformat::strRepr(n.text));
        return;
    case PyKind::Bytes:
        text(pyformat::bytesRepr(n.text));
        return;
    case PyKind::ByteArray:
        text(QStringLiteral("bytearray(%1)").arg(pyformat::bytesRepr(n.text)));
        return;
    case PyKind::Global:
        text(globalRepr(n));
        return;
    case PyKind::PersistentId:
        text(QStringLiteral("<persistent id "));
        write(n.items.value(0, -1));
        text(QStringLiteral(">"));
        return;
    case PyKind::Extension:
        text(QStringLiteral("<extension code %1>").arg(pyformat::intRepr(n.intValue)));
        return;
    case PyKind::Buffer:
        text(QStringLiteral("<out-of-band buffer %1>").arg(pyformat::intRepr(n.intValue)));
        return;
    case PyKind::Ext:
        text(QStringLiteral("ExtType(code=%1, data=%2)")
                 .arg(pyformat::intRepr(n.intValue), pyformat::bytesRepr(n.text)));
        return;
    case PyKind::List:
    case PyKind::Tuple:
    case PyKind::Dict:
    case PyKind::Set:
    case PyKind::FrozenSet:
    case PyKind::Object:
        break;
    }
    // Containers and objects: guard cycles and depth.
    if (m_active[size_t(node)]) {
        const PyKind k = n.kind;
        text(k == PyKind::List                         ? QStringLiteral("[...]")
             : k == PyKind::Tuple                      ? QStringLiteral("(...)")
             : (k == PyKind::Dict || k == PyKind::Set) ? QStringLiteral("{...}")
                                                       : QStringLiteral("..."));
        return;
    }
    if (m_depth >= m_options.maxDepth) {
        text(QStringLiteral("..."));
        m_truncated = true;
        return;
    }
    m_active[size_t(node)] = 1;
    ++m_depth;
    if (n.kind == PyKind::Object)
        writeObject(node);
    else
        writeContainer(n);
    --m_depth;
    m_active[size_t(node)] = 0;
}

void PyRepr::writePairs(const QList<int> &flat)
{
    for (qsizetype i = 0; i + 1 < flat.size() && !m_truncated; i += 2) {
        if (i)
            text(QStringLiteral(", "));
        write(flat[i]);
        text(QStringLiteral(": "));
        write(flat[i + 1]);
    }
}

void PyRepr::writeArgs(const QList<int> &args)
{
    for (qsizetype i = 0; i < args.size() && !m_truncated; ++i) {
        if (i)
            text(QStringLiteral(", "));
        write(args[i]);
    }
}

void PyRepr::writeContainer(const PyNode &n)
{
    switch (n.kind) {
    case PyKind::List:
        text(QStringLiteral("["));
        writeArgs(n.items);
        text(QStringLiteral("]"));
        break;
    case PyKind::Tuple:
        text(QStringLiteral("("));
        writeArgs(n.items);
        text(n.items.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
        break;
    case PyKind::Dict:
        text(QStringLiteral("{"));
        writePairs(n.items);
        text(QStringLiteral("}"));
        break;
    case PyKind::Set:
    case PyKind::FrozenSet: {
        const bool frozen = n.kind == PyKind::FrozenSet;
        if (n.items.isEmpty()) {
            text(frozen ? QStringLiteral("frozenset()") : QStringLiteral("set()"));
            break;
        }
        text(frozen ? QStringLiteral("frozenset({") : QStringLiteral("{"));
        writeArgs(n.items);
        text(frozen ? QStringLiteral("})") : QStringLiteral("}"));
        break;
    }
    default:
        break;
    }
}

void PyRepr::writeCallee(int node)
{
    const QByteArray name = pyaccess::qualifiedName(m_tree, node);
    if (!name.isEmpty())
        text(QString::fromUtf8(name));
    else
        write(node);
}

void PyRepr::writeObject(int node)
{
    if (!writeKnown(node))
        writeGeneric(node);
}

// module.Class(args..., state, [appended items], {set items}) — enough to see what the
// object holds, and for a plain REDUCE exactly the call the unpickler would have made.
void PyRepr::writeGeneric(int node)
{
    const PyNode &n = m_tree.at(node);
    const QByteArray constructed = pyaccess::constructedName(m_tree, node);
    const bool viaCopyreg = constructed != pyaccess::qualifiedName(m_tree, n.callable);
    if (viaCopyreg)
        text(QString::fromUtf8(constructed));
    else
        writeCallee(n.callable);
    text(QStringLiteral("("));
    QList<int> parts = viaCopyreg ? pyaccess::constructorArgs(m_tree, node)
                                  : pyaccess::sequence(m_tree, n.args).value_or(QList<int>{});
    const bool argsUnknown = !viaCopyreg && !pyaccess::sequence(m_tree, n.args);
    if (argsUnknown && n.args >= 0) {
        text(QStringLiteral("*"));
        parts = {n.args};
    }
    writeArgs(parts);
    bool any = !parts.isEmpty();
    const auto sep = [&] {
        if (any)
            text(QStringLiteral(", "));
        any = true;
    };
    if (m_tree.valid(n.kwargs)) {
        const auto kw = pyaccess::dictPairs(m_tree, n.kwargs);
        for (const auto &[k, v] : kw) {
            sep();
            const auto key = pyaccess::str(m_tree, k);
            text(key ? QString::fromUtf8(*key) : QStringLiteral("?"));
            text(QStringLiteral("="));
            write(v);
        }
    }
    if (m_tree.valid(n.state)) {
        sep();
        write(n.state);
    }
    if (!n.items.isEmpty()) {
        sep();
        text(QStringLiteral("["));
        writeArgs(n.items);
        text(QStringLiteral("]"));
    }
    if (!n.setItems.isEmpty()) {
        sep();
        text(QStringLiteral("{"));
        writePairs(n.setItems);
        text(QStringLiteral("}"));
    }
    text(QStringLiteral(")"));
}

} // namespace cachescope
