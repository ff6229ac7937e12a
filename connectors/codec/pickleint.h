#pragma once
// Reads and writes the one kind of pickle a version bump touches: a pickled Python int, as
// Django's DatabaseCache stores a counter (base64 of pickle.dumps(n, HIGHEST_PROTOCOL)).
//
// Read: an optional PROTO n and FRAME, then INT ("I123\n", protocol 0), BININT1, BININT2,
// BININT or LONG1 (up to 8 bytes), then STOP, and nothing else. Anything more (a str, a
// bool, a list) is not a counter and is refused: the caller must not guess.
// Write: PROTO (the protocol read, at least 2), the shortest of BININT1 / BININT2 / BININT /
// LONG1 that Python's own pickler would pick for the value, STOP. No FRAME: unpicklers
// accept unframed data at every protocol.

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace cachescope {

struct PickledInt
{
    qint64 value = 0;
    int protocol = 0; // from PROTO; 0 when the pickle had none
};

std::optional<PickledInt> readPickledInt(QByteArrayView pickle);
QByteArray writePickledInt(qint64 value, int protocol);

} // namespace cachescope
