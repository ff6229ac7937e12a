#pragma once
// The "Invalidate …" entries of the key list's and the namespace table's context menus.
// They only name a target; the InvalidationDialog previews and runs it.

#include "ops/invalidationplanner.h"

#include <functional>

class QMenu;

namespace cachescope {

using InvalidationChosen = std::function<void(const InvalidationTarget &)>;

// Namespace (Django "PREFIX:VERSION:" keys) and prefix targets for one key; none for a key
// without a ':'.
QList<InvalidationTarget> targetsForKey(const QByteArray &key);

// "Invalidate the N selected keys…", then for `key` (or the first selected key when null)
// "Invalidate namespace P:V…" and "Invalidate prefix P…".
void addKeyInvalidationActions(QMenu *menu, const QList<QByteArray> &selected, const QByteArray &key,
                               const InvalidationChosen &chosen);

// For a namespace table row: a prefix row offers the prefix; a version row its namespace and
// "versions older than V".
void addNamespaceInvalidationActions(QMenu *menu, const QByteArray &prefix, int version, bool versionRow,
                                     const InvalidationChosen &chosen);

} // namespace cachescope
