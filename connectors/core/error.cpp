#include "error.h"

namespace cachescope {

QString Error::kindName() const
{
    switch (kind) {
    case ErrorKind::Usage: return QStringLiteral("usage");
    case ErrorKind::Connect: return QStringLiteral("connect");
    case ErrorKind::Auth: return QStringLiteral("auth");
    case ErrorKind::Timeout: return QStringLiteral("timeout");
    case ErrorKind::Protocol: return QStringLiteral("protocol");
    case ErrorKind::Server: return QStringLiteral("server");
    case ErrorKind::NotFound: return QStringLiteral("not-found");
    case ErrorKind::ReadOnly: return QStringLiteral("read-only");
    case ErrorKind::Cancelled: return QStringLiteral("cancelled");
    case ErrorKind::Internal: break;
    }
    return QStringLiteral("internal");
}

} // namespace cachescope
