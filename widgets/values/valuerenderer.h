#pragma once
// Turns a fetched string value into what the value tabs show: the codec's decoding
// (connectors/codec/valuedecoder.h: compression, pickle, JSON, ...) plus the texts of the
// Python / JSON / Text / Hex / Response tabs. A pure function of its input, run on a worker
// thread (QtConcurrent) so a 1 MiB pickle never stalls the UI; the result crosses back by
// value through the QFuture (the value tree is shared read-only).

#include "codec/valuedecoder.h"
#include "core/keytypes.h"

#include <QString>

namespace cachescope {

struct RenderedValue
{
    DecodedValue decoded;
    QString breadcrumb;  // "zlib → pickle v4 → dict, 3 items"
    QString readNote;    // "only the first 1 MiB of 1.2 MiB was read"
    QString repr;        // Python tab (capped for display)
    QString reprNote;    // why it is cut
    QString text;        // Text tab
    QString textNote;    // e.g. "not valid UTF-8: invalid bytes shown as �; see Hex"
    QString json;        // pretty JSON, empty when the value has no JSON form
    QString jsonProblem; // why the JSON tab is empty
    QString hex;         // hex dump (capped)
    QString hexNote;     // "first 256 KiB shown", "after zlib"
    QString response;    // Response tab: status line, headers, body; empty unless a Django response
    QString danger;      // the red banner: "This pickle would call posix.system(...) ..."
    QString dangerDetails;
    QString decodeError; // where decoding stopped (offset, opcode)
};

// Hex dump with offsets and an ASCII column, at most maxBytes of input.
QString hexDump(const QByteArray &bytes, qsizetype maxBytes);
bool isValidUtf8(const QByteArray &bytes);
// Re-indents compact JSON text (json.dumps output) without reordering or re-encoding anything.
QString prettyJson(QByteArrayView json);
RenderedValue renderStringValue(const KeyValue &value, const DecodeContext &context);

} // namespace cachescope
