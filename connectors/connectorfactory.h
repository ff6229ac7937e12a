#pragma once
// The one place that knows every backend: turns a parsed ConnectionSpec into the
// Connector that speaks its protocol.

#include "core/connector.h"

#include <memory>

namespace cachescope {

// nullptr when this build has no connector for spec.backend (see connectorUnavailableReason).
std::unique_ptr<Connector> createConnector(const ConnectionSpec &spec);
// Empty when createConnector() can serve the spec; otherwise a sentence for the user.
// Check it before handing the connector to a ConnectorHost (which needs a non-null one).
QString connectorUnavailableReason(const ConnectionSpec &spec);

} // namespace cachescope
