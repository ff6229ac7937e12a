#pragma once
// Reads Python literals as a person pastes them from a Django settings file — never runs
// anything. Understands dicts, lists, tuples, strings (all quote styles, r/b/u prefixes,
// escapes, implicit concatenation), ints, floats, True/False/None, comments, and
// `NAME = literal` statements:
//   parsePythonLiteral("{'default': {'BACKEND': '...'}}")        -> a JSON object
//   parsePythonSettings("CACHES = {...}\nUSE_TZ = True")        -> {"CACHES": ..., "USE_TZ": true}
// Anything computed (os.environ[...], BASE_DIR / "x", f-strings, calls) is an error that
// names its line and column: CacheScope reads such settings through the manage.py way
// (DjangoSettingsReader), which runs the project's own Python.
// Dict keys become JSON object keys (non-string keys in their Python repr: 1 -> "1").
// Bytes literals decode as Latin-1; integers beyond 2^53 lose precision (JSON numbers).

#include "core/error.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>

namespace cachescope {

Expected<QJsonValue> parsePythonLiteral(QStringView text);
// A sequence of `NAME = literal` lines; a text that is one bare literal is returned as
// {"CACHES": literal}, since that is what people paste.
Expected<QJsonObject> parsePythonSettings(QStringView text);

} // namespace cachescope
