#pragma once
// Read-only helpers to look into a PyTree the way the renderers need: "is this node a call
// of datetime.datetime, and what are its arguments?". They never recurse without bound.

#include "pytree.h"

#include <optional>
#include <utility>

namespace cachescope::pyaccess {

// "module.name" of a Global, also for getattr(Global, 'attr') (how protocols < 4 spell
// nested names such as zoneinfo.ZoneInfo._unpickle). Empty for anything else.
QByteArray qualifiedName(const PyTree &tree, int node);
// True for the getattr(Global, 'plainName') form above, which is harmless.
bool isPlainAttributeLookup(const PyTree &tree, int node);
// Name of what an Object node calls/instantiates; copyreg._reconstructor, __newobj__ and
// __newobj_ex__ are looked through to the class they build.
QByteArray constructedName(const PyTree &tree, int node);
// Positional arguments of an Object node (after looking through copyreg helpers).
QList<int> constructorArgs(const PyTree &tree, int node);
// Elements of a Tuple or List node.
std::optional<QList<int>> sequence(const PyTree &tree, int node);
std::optional<QByteArray> str(const PyTree &tree, int node);
std::optional<PyInt> integer(const PyTree &tree, int node);
std::optional<double> number(const PyTree &tree, int node);
// Bytes, including protocol < 3 spellings: _codecs.encode(str, 'latin1') and bytes().
std::optional<QByteArray> bytes(const PyTree &tree, int node);
// Key/value pairs of a Dict node.
QList<std::pair<int, int>> dictPairs(const PyTree &tree, int node);
// The instance dict an Object's BUILD state sets (dict state, or the two dicts of a
// (dict, slots) tuple).
QList<std::pair<int, int>> stateDict(const PyTree &tree, int node);
// Value for a str key in pairs, -1 when absent.
int lookup(const PyTree &tree, const QList<std::pair<int, int>> &pairs, QByteArrayView key);

} // namespace cachescope::pyaccess
