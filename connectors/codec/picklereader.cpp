#include "picklereader.h"

#include "picklemachine.h"
#include "pickleopcodes.h"

namespace cachescope {

using namespace pickleop;

PickleResult PickleReader::read(QByteArrayView data) const
{
    detail::Machine machine(data, m_limits);
    return machine.run();
}

bool PickleReader::hasProtoHeader(QByteArrayView data)
{
    return data.size() >= 3 && quint8(data[0]) == PROTO && quint8(data[1]) >= 2 && quint8(data[1]) <= 5;
}

QByteArray PickleReader::opcodeName(quint8 op)
{
    return pickleop::name(op);
}

} // namespace cachescope
