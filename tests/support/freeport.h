#pragma once
#include <QtGlobal>

namespace cachescope::test {
// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
quint16 freeLoopbackPort();
}
