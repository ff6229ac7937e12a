#pragma once
// The one place that knows every backend: turns a parsed ConnectionSpec into the
// Connector that speaks its protocol.

#include "core/connector.h"

#include <memory>

namespace cachescope {

std::unique_ptr<Connector> createConnector(const ConnectionSpec &spec);

} // namespace cachescope
