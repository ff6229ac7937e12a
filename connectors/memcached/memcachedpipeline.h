#pragma once
// Pipelined one-line commands to ONE memcached server over a plain socket, for invalidation
// jobs: `delete <key>`, `touch <key> <exptime>`, `incr <key> 1`, `mg <key> s`, a batch
// written at once and every reply read back, in order.
//
// Why not libmemcached: its pipelining (MEMCACHED_BEHAVIOR_NOREPLY / BUFFER_REQUESTS)
// throws the replies away, so a job could not say how many keys it really deleted
// (NOT_FOUND is not "deleted"). One key per libmemcached call costs a round trip each.
// Each of these commands answers exactly one line (DELETED, NOT_FOUND, TOUCHED, a number,
// HD ..., EN, or an error line), so reading N lines for N commands stays in step.
//
// Blocking, bounded by the spec's timeouts (connect, and command timeout plus a little per
// key in the batch): call it on the connector's thread only, one batch per event-loop turn.
// The connection opens on first use and stays open for the next batch; after an error it is
// dropped and reopened by the next call. With a user name in the spec it logs in the way
// memcached -Y expects (as MetadumpReader does).

#include "core/connectionspec.h"
#include "core/error.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>

class QTcpSocket;

namespace cachescope {

class MemcachedPipeline
{
public:
    MemcachedPipeline(const ServerAddress &server, const ConnectionSpec &spec);
    ~MemcachedPipeline();
    MemcachedPipeline(const MemcachedPipeline &) = delete;
    MemcachedPipeline &operator=(const MemcachedPipeline &) = delete;

    QString address() const { return m_server.toString(); }

    // Sends "<verb> <key><tail>\r\n" for each key and returns the reply line of each (CRLF
    // removed), in the same order. Keys must be valid memcached keys (the caller checks).
    Expected<QList<QByteArray>> run(QByteArrayView verb, const QList<QByteArray> &keys,
                                    QByteArrayView tail = {});

private:
    std::optional<Error> ensureConnected();
    Error dropWith(ErrorKind kind, const QString &message);
    QString who() const;

    ServerAddress m_server;
    ConnectionSpec m_spec;
    std::unique_ptr<QTcpSocket> m_socket;
};

} // namespace cachescope
