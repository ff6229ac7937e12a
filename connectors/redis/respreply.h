#pragma once
// What a RespClient callback receives: either a reply from the server (possibly an
// error reply such as WRONGTYPE) or a transport failure (timeout, connection lost).
//
// raw() points into memory the client frees right after the callback returns: read it
// there, never keep it. It lets a hot path (SCAN pages) copy keys straight from the
// reader's buffers into a KeyBatch without building a RespValue first.

#include "core/error.h"
#include "respvalue.h"

#include <optional>

struct redisReply;

namespace cachescope {

class RespReply
{
public:
    explicit RespReply(const redisReply *raw) : m_raw(raw) {}
    explicit RespReply(Error transportError) : m_error(std::move(transportError)) {}

    // True when the server answered (even with an error reply); false on a transport failure.
    bool ok() const { return !m_error.has_value(); }
    const Error &transportError() const { return *m_error; }
    const redisReply *raw() const { return m_raw; }
    RespValue value() const { return RespValue::fromReply(m_raw); }

private:
    const redisReply *m_raw = nullptr;
    std::optional<Error> m_error;
};

} // namespace cachescope
