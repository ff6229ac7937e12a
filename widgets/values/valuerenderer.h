#pragma once
// Turns a fetched string value into what the Text, JSON and Hex tabs show. Pure
// functions of their input, run on a worker thread so a 1 MiB value never stalls the UI.

#include "valuedecoder.h"

#include "core/keytypes.h"

#include <QString>

namespace cachescope {

struct RenderedValue
{
    QString breadcrumb;    // "string, 1.2 MiB, first 1 MiB shown › zlib › pickle"
    QString text;          // for the Text tab
    QString textNote;      // e.g. "not valid UTF-8: invalid bytes shown as �; see Hex"
    QString json;          // pretty JSON, empty when it does not parse
    QString jsonProblem;   // why the JSON tab is empty
    QString hex;           // hex dump (capped)
    QString hexNote;       // "first 256 KiB shown"
};

// Hex dump with offsets and an ASCII column, at most maxBytes of input.
QString hexDump(const QByteArray &bytes, qsizetype maxBytes);
bool isValidUtf8(const QByteArray &bytes);
RenderedValue renderStringValue(const KeyValue &value, const DecoderChain &chain);

} // namespace cachescope
