#pragma once
// The byte side of RESP, without a socket: bytes go in with feed(), whole replies come out
// of next(). RespClient feeds it from its socket; the fuzzer (tests/fuzz/fuzz_resp.cpp) and
// the unit tests feed it directly, so what a server can send is tested without a server.
//
// hiredis' redisReader does the parsing. hiredis 0.14 trusts a multi-bulk header up to
// INT_MAX: for "*2000000000\r\n" it callocs 16 GB before a single element has arrived.
// The parser installs its own createArray that refuses counts past MaxElements, so a
// broken or hostile server gets a Protocol error instead of our memory.

#include <QByteArrayView>
#include <QString>

#include <memory>

struct redisReader;
struct redisReply;

namespace cachescope {

struct RespReplyDeleter
{
    void operator()(redisReply *r) const;
};
using RespReplyPtr = std::unique_ptr<redisReply, RespReplyDeleter>;

class RespParser
{
public:
    // Far beyond any reply CacheScope asks for (SCAN pages, MGET of a screen of keys).
    static constexpr int MaxElements = 4 * 1024 * 1024;

    enum class Status
    {
        Reply,    // *reply holds the next reply
        NeedMore, // no complete reply buffered yet
        Error     // the stream is not RESP; errorText() says why. The parser is dead after this.
    };

    RespParser();
    ~RespParser();
    RespParser(const RespParser &) = delete;
    RespParser &operator=(const RespParser &) = delete;

    // False when the reader cannot buffer the bytes (out of memory) or is already dead.
    bool feed(QByteArrayView bytes);
    Status next(RespReplyPtr *reply);
    QString errorText() const { return m_error; }
    // Set by the reader's createArray hook when it refuses a count.
    void refuse(QString why) { m_refused = std::move(why); }

private:
    redisReader *m_reader = nullptr;
    QString m_error;
    QString m_refused;
};

} // namespace cachescope
