#pragma once
// The value tree a pickle (or msgpack / JSON payload) decodes to. Nothing in it was ever
// imported, called or constructed: a class reference is a Global node naming module and
// name; REDUCE / NEWOBJ / INST / OBJ make an Object node holding the callable, its
// arguments and whatever BUILD / SETITEMS / APPENDS later applied to it.
//
// Nodes live in one arena and refer to each other by index, because pickles may be
// recursive (a list containing itself) and containers are mutated after they are
// referenced (memo, then APPENDS). Walkers must therefore (a) guard against cycles and
// (b) bound their depth and output; PyTree::maxDepthFrom helps with the latter.
// A PyTree is immutable once returned and is shared read-only across threads.

#include "pyint.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace cachescope {

enum class PyKind : quint8
{
    None,
    Bool,
    Int,
    Float,
    Complex, // msgpack never, pickle only via builtins.complex: kept for completeness
    Str,     // text: UTF-8, lone surrogates encoded as pickle's 'surrogatepass' does
    Bytes,
    ByteArray, // BYTEARRAY8 (protocol 5)
    List,
    Tuple,
    Dict, // items = key0, value0, key1, value1, ...
    Set,
    FrozenSet,
    Global,       // text = module, name = qualified name; never imported
    Object,       // REDUCE / NEWOBJ / NEWOBJ_EX / INST / OBJ, see PyBuild
    PersistentId, // PERSID / BINPERSID: items[0] = the pid value
    Extension,    // EXT1/2/4: intValue = the extension code
    Buffer,       // NEXT_BUFFER: intValue = the out-of-band buffer index
    Ext,          // msgpack extension type: intValue = type, text = data
};

enum class PyBuild : quint8
{
    Reduce,
    NewObj,
    NewObjEx,
    Inst,
    Obj
};

struct PyNode
{
    PyKind kind = PyKind::None;
    PyBuild build = PyBuild::Reduce;
    bool boolValue = false;
    bool readOnly = false; // READONLY_BUFFER was applied
    double floatValue = 0; // Float; Complex real part
    double imagValue = 0;  // Complex imaginary part
    PyInt intValue;
    QByteArray text;     // Str / Bytes / ByteArray data, Global module, Ext data
    QByteArray name;     // Global name
    QList<int> items;    // container elements; Object: APPEND(S) applied to it
    QList<int> setItems; // Object: SETITEM(S) applied to it, key/value pairs
    int callable = -1;   // Object: the callable / class node
    int args = -1;       // Object: the argument tuple node
    int kwargs = -1;     // Object (NEWOBJ_EX): the keyword dict node
    int state = -1;      // Object: the last BUILD state
    qint64 offset = -1;  // byte offset of the opcode that made the node
};

class PyTree
{
public:
    QList<PyNode> nodes;
    int root = -1;
    int protocol = 0;        // highest PROTO seen (0 when the pickle has none)
    QByteArray format;       // "pickle", "msgpack", "json"
    qsizetype bytesUsed = 0; // up to and including STOP
    QStringList notes;       // non-fatal oddities (trailing data, out-of-band buffers)

    const PyNode &at(int index) const { return nodes.at(index); }
    bool valid(int index) const { return index >= 0 && index < nodes.size(); }
    // Longest child chain below index (cycles cut); stops counting at limit + 1.
    int maxDepthFrom(int index, int limit) const;
};

using PyTreePtr = std::shared_ptr<const PyTree>;

} // namespace cachescope
