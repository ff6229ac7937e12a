#pragma once
// Text encodings a pickle uses, decoded the way CPython's unpickler decodes them.
// Strings stay in "UTF-8 with surrogates" (what pickle's 'surrogatepass' writes) so that a
// lone surrogate survives to the repr exactly as Python would show it.

#include <QByteArray>

#include <optional>

namespace cachescope::pytext {

// True when data is UTF-8, allowing encoded surrogates (U+D800..U+DFFF) as 'surrogatepass'.
bool isUtf8SurrogatePass(QByteArrayView data);
// Decodes one code point at pos (advancing it); -1 on invalid input. Accepts surrogates.
char32_t nextCodePoint(QByteArrayView data, qsizetype &pos);
void appendCodePoint(QByteArray &out, char32_t cp);
// Protocol 0 UNICODE argument ('raw-unicode-escape'). nullopt: truncated \u escape.
std::optional<QByteArray> decodeRawUnicodeEscape(QByteArrayView data);
// Protocol 0 STRING argument: quoted, then codecs.escape_decode. nullopt: badly quoted.
std::optional<QByteArray> decodeQuotedString(QByteArrayView line);
bool isAscii(QByteArrayView data);
// Python 2 module/name to Python 3, as _compat_pickle does for protocols < 3.
void mapPython2Name(QByteArray &module, QByteArray &name);

} // namespace cachescope::pytext
