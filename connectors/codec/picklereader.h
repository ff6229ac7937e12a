#pragma once
// A pickle reader that never imports, calls or constructs anything (see pytree.h). It runs
// CPython's unpickling machine over protocols 0-5 (every opcode pickletools lists for
// Python 3.11) but pushes tree nodes instead of objects.
//
// Hostile input is expected: every length is checked against the bytes that remain before
// anything is allocated, the stack, MARK nesting, memo and node count are bounded, and any
// malformed or truncated input ends in an error naming the opcode and its byte offset
// ("truncated SHORT_BINUNICODE at offset 17"), with the nodes built so far kept for
// inspection (a dangerous GLOBAL before the damage is still reported).

#include "pytree.h"

#include <QByteArray>
#include <QString>

namespace cachescope {

struct PickleLimits
{
    int maxDepth = 1000; // MARK nesting and nesting of the finished value
    qsizetype maxStack = 1 << 20;
    qsizetype maxMemo = 1 << 20;
    qsizetype maxNodes = 1 << 22;
};

struct PickleResult
{
    std::shared_ptr<PyTree> tree; // always set; tree->root is -1 on failure
    QString error;                // empty on success
    qint64 errorOffset = -1;
    bool ok() const { return error.isEmpty(); }
};

class PickleReader
{
public:
    explicit PickleReader(PickleLimits limits = {}) : m_limits(limits) {}
    PickleResult read(QByteArrayView data) const;

    // Starts with PROTO 2..5 (what Django writes: pickle.HIGHEST_PROTOCOL by default).
    static bool hasProtoHeader(QByteArrayView data);
    // Pickletools name of an opcode byte ("SHORT_BINUNICODE"), or empty when unknown.
    static QByteArray opcodeName(quint8 op);

private:
    PickleLimits m_limits;
};

} // namespace cachescope
