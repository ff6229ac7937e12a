#pragma once
// JSON (django-redis JSONSerializer, or a plain JSON string someone cached) into the value
// tree, as json.loads would: objects keep key order, integers keep full precision,
// NaN / Infinity are accepted like Python does.

#include "picklereader.h"

namespace cachescope {

class JsonReader
{
public:
    explicit JsonReader(PickleLimits limits = {}) : m_limits(limits) {}
    // Fails unless the whole input (surrounding whitespace allowed) is one JSON value.
    PickleResult read(QByteArrayView data) const;

private:
    PickleLimits m_limits;
};

} // namespace cachescope
