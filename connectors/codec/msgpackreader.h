#pragma once
// msgpack (django-redis MsgPackSerializer: msgpack.loads(raw=False)) into the same value
// tree the pickle reader builds: str, bytes, int, float, list, dict, ExtType.

#include "picklereader.h"

namespace cachescope {

class MsgpackReader
{
public:
    explicit MsgpackReader(PickleLimits limits = {}) : m_limits(limits) {}
    // Fails unless the whole input is exactly one msgpack value.
    PickleResult read(QByteArrayView data) const;

private:
    PickleLimits m_limits;
};

} // namespace cachescope
