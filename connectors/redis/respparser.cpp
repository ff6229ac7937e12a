#include "respparser.h"

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

namespace cachescope {

void RespReplyDeleter::operator()(redisReply *r) const
{
    freeReplyObject(r);
}

namespace {

// hiredis' own reply builders, with createArray wrapped; filled from the first reader.
redisReplyObjectFunctions g_defaults{};
redisReplyObjectFunctions g_checked{};

void *checkedCreateArray(const redisReadTask *task, int elements)
{
    if (elements < 0 || elements > RespParser::MaxElements) {
        if (auto *parser = static_cast<RespParser *>(task->privdata))
            parser->refuse(QStringLiteral("an array header claims %1 elements (at most %2 accepted)")
                               .arg(elements)
                               .arg(RespParser::MaxElements));
        return nullptr; // the reader turns this into an error and stops
    }
    return g_defaults.createArray(task, elements);
}

const redisReplyObjectFunctions *checkedFunctions(const redisReader *reader)
{
    // hiredis' defaults are the same for every reader: copy them once (a thread-safe
    // static initialisation; connectors run on several threads).
    static const bool ready = [reader] {
        g_defaults = *reader->fn;
        g_checked = g_defaults;
        g_checked.createArray = checkedCreateArray;
        return true;
    }();
    (void)ready;
    return &g_checked;
}

} // namespace

RespParser::RespParser()
{
    m_reader = redisReaderCreate();
    if (!m_reader)
        return;
    m_reader->fn = const_cast<redisReplyObjectFunctions *>(checkedFunctions(m_reader));
    m_reader->privdata = this;
    // Keep the reader's buffer between replies instead of freeing it every 16 KiB.
    m_reader->maxbuf = 0;
}

RespParser::~RespParser()
{
    if (m_reader)
        redisReaderFree(m_reader);
}

bool RespParser::feed(QByteArrayView bytes)
{
    if (!m_reader || !m_error.isEmpty())
        return false;
    if (bytes.isEmpty())
        return true;
    return redisReaderFeed(m_reader, bytes.data(), size_t(bytes.size())) == REDIS_OK;
}

RespParser::Status RespParser::next(RespReplyPtr *reply)
{
    reply->reset();
    if (!m_error.isEmpty())
        return Status::Error;
    if (!m_reader) {
        m_error = QStringLiteral("out of memory");
        return Status::Error;
    }
    void *out = nullptr;
    if (redisReaderGetReply(m_reader, &out) != REDIS_OK) {
        m_error = m_refused.isEmpty() ? QString::fromLatin1(m_reader->errstr) : m_refused;
        if (m_error.isEmpty())
            m_error = QStringLiteral("unreadable reply");
        return Status::Error;
    }
    if (!out)
        return Status::NeedMore;
    reply->reset(static_cast<redisReply *>(out));
    return Status::Reply;
}

} // namespace cachescope
