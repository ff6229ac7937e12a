#include "pyaccess.h"

#include "pytext.h"

namespace cachescope::pyaccess {

namespace {

bool isGlobal(const PyTree &tree, int node, QByteArrayView qualified)
{
    return tree.valid(node) && tree.at(node).kind == PyKind::Global && qualifiedName(tree, node) == qualified;
}

} // namespace

bool isPlainAttributeLookup(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return false;
    const PyNode &n = tree.at(node);
    if (n.kind != PyKind::Object || n.build != PyBuild::Reduce ||
        !isGlobal(tree, n.callable, "builtins.getattr"))
        return false;
    const auto args = sequence(tree, n.args);
    if (!args || args->size() != 2 || !tree.valid(args->at(0)) || tree.at(args->at(0)).kind != PyKind::Global)
        return false;
    const auto attr = str(tree, args->at(1));
    return attr && !attr->startsWith("__") && !attr->isEmpty();
}

QByteArray qualifiedName(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return {};
    const PyNode &n = tree.at(node);
    if (n.kind == PyKind::Global)
        return n.text + '.' + n.name;
    if (isPlainAttributeLookup(tree, node)) {
        const auto args = *sequence(tree, n.args);
        return qualifiedName(tree, args.at(0)) + '.' + *str(tree, args.at(1));
    }
    return {};
}

QByteArray constructedName(const PyTree &tree, int node)
{
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Object)
        return {};
    const PyNode &n = tree.at(node);
    const QByteArray callee = qualifiedName(tree, n.callable);
    if (callee == "copyreg._reconstructor" || callee == "copyreg.__newobj__" ||
        callee == "copyreg.__newobj_ex__") {
        const auto args = sequence(tree, n.args);
        if (args && !args->isEmpty())
            return qualifiedName(tree, args->at(0));
    }
    return callee;
}

QList<int> constructorArgs(const PyTree &tree, int node)
{
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Object)
        return {};
    const PyNode &n = tree.at(node);
    const auto args = sequence(tree, n.args).value_or(QList<int>{});
    const QByteArray callee = qualifiedName(tree, n.callable);
    if (callee == "copyreg.__newobj__")
        return args.mid(1);
    if (callee == "copyreg.__newobj_ex__")
        return args.size() >= 2 ? sequence(tree, args.at(1)).value_or(QList<int>{}) : QList<int>{};
    if (callee == "copyreg._reconstructor") {
        // (cls, base, state): base(state) when base is not object.
        if (args.size() == 3 && tree.valid(args.at(2)) && tree.at(args.at(2)).kind != PyKind::None)
            return {args.at(2)};
        return {};
    }
    return args;
}

std::optional<QList<int>> sequence(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return std::nullopt;
    const PyNode &n = tree.at(node);
    if (n.kind != PyKind::Tuple && n.kind != PyKind::List)
        return std::nullopt;
    return n.items;
}

std::optional<QByteArray> str(const PyTree &tree, int node)
{
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Str)
        return std::nullopt;
    return tree.at(node).text;
}

std::optional<PyInt> integer(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return std::nullopt;
    const PyNode &n = tree.at(node);
    if (n.kind == PyKind::Int)
        return n.intValue;
    if (n.kind == PyKind::Bool)
        return PyInt::fromInt64(n.boolValue ? 1 : 0);
    return std::nullopt;
}

std::optional<double> number(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return std::nullopt;
    const PyNode &n = tree.at(node);
    if (n.kind == PyKind::Float)
        return n.floatValue;
    if (auto i = integer(tree, node); i && i->fitsInt64())
        return double(i->toInt64());
    return std::nullopt;
}

std::optional<QByteArray> bytes(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return std::nullopt;
    const PyNode &n = tree.at(node);
    if (n.kind == PyKind::Bytes)
        return n.text;
    if (n.kind != PyKind::Object || n.build != PyBuild::Reduce || n.state >= 0)
        return std::nullopt;
    const QByteArray callee = qualifiedName(tree, n.callable);
    const auto args = sequence(tree, n.args);
    if (!args)
        return std::nullopt;
    if (callee == "builtins.bytes" && args->isEmpty())
        return QByteArray();
    if (callee == "_codecs.encode" && args->size() == 2) {
        const auto text = str(tree, args->at(0));
        const auto encoding = str(tree, args->at(1));
        if (!text || !encoding || (*encoding != "latin1" && *encoding != "latin-1"))
            return std::nullopt;
        QByteArray out;
        qsizetype pos = 0;
        while (pos < text->size()) {
            const char32_t cp = pytext::nextCodePoint(*text, pos);
            if (cp > 0xff)
                return std::nullopt;
            out.append(char(cp));
        }
        return out;
    }
    return std::nullopt;
}

QList<std::pair<int, int>> dictPairs(const PyTree &tree, int node)
{
    QList<std::pair<int, int>> out;
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Dict)
        return out;
    const auto &items = tree.at(node).items;
    for (qsizetype i = 0; i + 1 < items.size(); i += 2)
        out.append({items[i], items[i + 1]});
    return out;
}

QList<std::pair<int, int>> stateDict(const PyTree &tree, int node)
{
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Object)
        return {};
    const int state = tree.at(node).state;
    if (!tree.valid(state))
        return {};
    if (tree.at(state).kind == PyKind::Dict)
        return dictPairs(tree, state);
    if (tree.at(state).kind == PyKind::Tuple && tree.at(state).items.size() == 2) {
        auto out = dictPairs(tree, tree.at(state).items[0]);
        out.append(dictPairs(tree, tree.at(state).items[1]));
        return out;
    }
    return {};
}

int lookup(const PyTree &tree, const QList<std::pair<int, int>> &pairs, QByteArrayView key)
{
    for (const auto &[k, v] : pairs) {
        const auto s = str(tree, k);
        if (s && *s == key)
            return v;
    }
    return -1;
}

} // namespace cachescope::pyaccess
