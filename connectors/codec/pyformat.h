#pragma once
// Python 3.11's repr() of scalars, character for character.

#include "pyint.h"

#include <QByteArray>
#include <QString>

namespace cachescope::pyformat {

// float.__repr__: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16.
QString floatRepr(double value);
// complex.__repr__: "2j", "(1+2j)", "(-0-1j)", "(nan+infj)".
QString complexRepr(double real, double imag);
// str.__repr__ of UTF-8 text (surrogates allowed): quote choice and escapes as CPython.
QString strRepr(QByteArrayView utf8);
// bytes.__repr__ ("b'\\x00'").
QString bytesRepr(QByteArrayView data);
// int.__repr__, or "<int of N bits>" past CPython's 4300-digit limit.
QString intRepr(const PyInt &value);
// str(timedelta) for a number of seconds and microseconds ("1 day, 2:00:00.000005").
QString timedeltaStr(qint64 days, qint64 seconds, qint64 microseconds);
// True when Python's str.isprintable() holds for the code point.
bool isPrintable(char32_t cp);

} // namespace cachescope::pyformat
