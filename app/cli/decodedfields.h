#pragma once
// The codec's part of `get --json`: how Django's key scheme reads the key and what
// Django's cache.get() would return for the value, decoded without running anything.
//   "encoding": ["zlib", "pickle v4", "dict, 3 items"]   (empty for collections)
//   "django": {"prefix", "version", "key", "kind"} | null
//   "value_type": "builtins.dict" | null,  "python": "{'a': 1}" | null  (repr())
//   "python_truncated", "dangerous", "danger", "decode_errors"
// Plain `get` uses describe() for its stderr header.

#include "codec/decodecontextfor.h"
#include "jsonwriter.h"

namespace cachescope::cli {

// Decoding options for a value read by the CLI (source and memcached flags from the
// backend, see decodeContextFor): no repr cap short of 64 MiB, so "python" is the
// complete repr of any value that fits in memory.
DecodeContext cliDecodeContext(BackendKind backend, const KeyValue &value, const DecodeSettings &settings);
void appendDjangoKey(JsonObject &obj, QByteArrayView key);
// decoded == nullptr for collections (nothing to decode).
void appendDecodedFields(JsonObject &obj, const DecodedValue *decoded);
// Lines for the plain header: "django: prefix 'app', version 1, key 'str' (plain)".
QString describeDjangoKey(QByteArrayView key);

} // namespace cachescope::cli
