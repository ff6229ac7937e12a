#pragma once
// TTL, size and last access of keys that no listing has shown yet (e.g. `cachescope-cli get`
// without a scan): memcached 1.6's meta get, `mg <key> t s l h`, over a plain socket,
// pipelined. libmemcached has no meta commands.
//
// Blocking, bounded by the spec's timeouts: call it on the connector's thread only.
// Keys must be valid memcached keys (1-250 bytes, no space or control byte): the caller
// checks, since an invalid key would break the text protocol.

#include "core/connectionspec.h"
#include "core/error.h"
#include "metadumpparser.h"

#include <QList>

#include <optional>

namespace cachescope {

// One entry per key: nullopt = not on this server. ErrorKind::Server when the server has
// no meta commands (before 1.6); the caller then falls back to a plain get.
Expected<QList<std::optional<ItemFacts>>> probeItems(const ServerAddress &server, const ConnectionSpec &spec,
                                                     const QList<QByteArray> &keys, qint64 serverNow);

// After a failure libmemcached cannot explain: connects once more and reads the greeting a
// full server sends before hanging up ("ERROR Too many open connections", memcached's -c
// limit). The error to show instead, or nullopt when that is not what happened.
std::optional<Error> probeConnectionLimit(const ServerAddress &server, int timeoutMs);

// 1-250 bytes, none of them a space, a control byte or DEL.
bool isValidMemcachedKey(QByteArrayView key);

} // namespace cachescope
