#include "pytypename.h"

#include "djangoobjects.h"
#include "pyaccess.h"

namespace cachescope {

namespace {

QString builtin(const char *name)
{
    return QStringLiteral("builtins.") + QLatin1StringView(name);
}

} // namespace

QString pyTypeName(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return {};
    const PyNode &n = tree.at(node);
    switch (n.kind) {
    case PyKind::None:
        return builtin("NoneType");
    case PyKind::Bool:
        return builtin("bool");
    case PyKind::Int:
        return builtin("int");
    case PyKind::Float:
        return builtin("float");
    case PyKind::Complex:
        return builtin("complex");
    case PyKind::Str:
        return builtin("str");
    case PyKind::Bytes:
        return builtin("bytes");
    case PyKind::ByteArray:
        return builtin("bytearray");
    case PyKind::List:
        return builtin("list");
    case PyKind::Tuple:
        return builtin("tuple");
    case PyKind::Dict:
        return builtin("dict");
    case PyKind::Set:
        return builtin("set");
    case PyKind::FrozenSet:
        return builtin("frozenset");
    case PyKind::Global:
        return builtin("type"); // a class (or function) reference
    case PyKind::Ext:
        return QStringLiteral("msgpack.ExtType");
    case PyKind::PersistentId:
    case PyKind::Extension:
    case PyKind::Buffer:
        return {};
    case PyKind::Object:
        break;
    }
    if (auto m = djangoModel(tree, node))
        return m->appLabel + QLatin1Char('.') + m->modelName;
    QByteArray name = pyaccess::constructedName(tree, node);
    // Protocol < 3 spellings of bytes, and alternate constructors that name a method.
    if (name == "_codecs.encode")
        return builtin("bytes");
    if (name == "zoneinfo.ZoneInfo._unpickle")
        return QStringLiteral("zoneinfo.ZoneInfo");
    if (name == "pytz._UTC")
        return QStringLiteral("pytz.UTC");
    if (name == "pytz._p")
        return QStringLiteral("pytz.tzinfo.DstTzInfo");
    if (name == "datetime.timezone")
        return QStringLiteral("datetime.timezone");
    if (name.startsWith("__builtin__."))
        name = "builtins." + name.mid(12);
    return QString::fromUtf8(name);
}

} // namespace cachescope
