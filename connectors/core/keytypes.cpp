#include "keytypes.h"

namespace cachescope {

QString keyTypeName(KeyType type)
{
    switch (type) {
    case KeyType::String: return QStringLiteral("string");
    case KeyType::Hash: return QStringLiteral("hash");
    case KeyType::List: return QStringLiteral("list");
    case KeyType::Set: return QStringLiteral("set");
    case KeyType::ZSet: return QStringLiteral("zset");
    case KeyType::Stream: return QStringLiteral("stream");
    case KeyType::Missing: return QStringLiteral("none");
    case KeyType::Other: return QStringLiteral("other");
    case KeyType::Unknown: break;
    }
    return QString();
}

KeyType keyTypeFromName(QByteArrayView name)
{
    if (name == "string") return KeyType::String;
    if (name == "hash") return KeyType::Hash;
    if (name == "list") return KeyType::List;
    if (name == "set") return KeyType::Set;
    if (name == "zset") return KeyType::ZSet;
    if (name == "stream") return KeyType::Stream;
    if (name == "none") return KeyType::Missing;
    return name.isEmpty() ? KeyType::Unknown : KeyType::Other;
}

} // namespace cachescope
