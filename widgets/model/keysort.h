#pragma once
// Orders a container's rows for KeyTreeModel::sort(). Fast enough for one namespace of
// 1M keys on the GUI thread: names are compared 8 bytes at a time as integers (an MSD
// sort on 64-bit digits), not by memcmp per comparison.
//   Key column: byte order of the names (leaves) or segments (namespaces).
//   Type / TTL / Size: by that value with unknown values last in both orders, ties by name;
//   namespaces by key count, ties by name.

#include "keylayout.h"
#include "keystore.h"

#include <vector>

namespace cachescope {

void sortKeys(std::vector<quint32> &ids, const KeyStore &store, quint32 skip, int column,
              Qt::SortOrder order);
void sortNamespaces(std::vector<quint32> &nodes, const KeyLayout::NodeList &all, int column,
                    Qt::SortOrder order);

} // namespace cachescope
