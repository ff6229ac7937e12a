#include "operationmarker.h"

namespace cachescope {

QString OperationMarker::text() const
{
    QString t = label;
    if (keyCount >= 0)
        t += keyCount == 1 ? QStringLiteral(" (1 key)") : QStringLiteral(" (%1 keys)").arg(keyCount);
    if (!server.isEmpty() && !isOperatorAction())
        t = QStringLiteral("%1 %2").arg(server, t);
    return t;
}

QString OperationMarker::longText() const
{
    return detail.isEmpty() ? text() : QStringLiteral("%1: %2").arg(text(), detail);
}

} // namespace cachescope
