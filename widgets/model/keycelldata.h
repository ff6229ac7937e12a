#pragma once
// What KeyTreeModel::data() returns for a namespace row and for a key row: the only
// place strings are made from the raw key bytes, and only for the rows asked about.

#include "core/connectionspec.h"
#include "keylayout.h"
#include "keystore.h"

#include <QVariant>

namespace cachescope {

QVariant namespaceCellData(const KeyLayout &layout, quint32 node, int column, int role);
// nowMs: the model clock, against which TTL deadlines count down.
QVariant keyCellData(const KeyStore &store, const KeyLayout &layout, quint32 id, int column, int role,
                     qint64 nowMs);

// Header text and tooltips of the key table; the backend decides what size means.
QVariant keyHeaderData(BackendKind backend, int section, int role);

} // namespace cachescope
