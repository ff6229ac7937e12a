#include "freeport.h"

#include <QTcpServer>

namespace cachescope::test {

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot bind a loopback port: %s", qPrintable(probe.errorString()));
    return probe.serverPort();
}

} // namespace cachescope::test
