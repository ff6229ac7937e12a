#include "scanreply.h"

#include <hiredis/hiredis.h>

#include <limits>

namespace cachescope {

bool parseScanReply(const redisReply *r, QByteArray *cursor, KeyBatch *batch)
{
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2)
        return false;
    const redisReply *next = r->element[0];
    const redisReply *keys = r->element[1];
    if (!next || next->type != REDIS_REPLY_STRING || next->len == 0 || !keys || keys->type != REDIS_REPLY_ARRAY)
        return false;
    for (size_t i = 0; i < next->len; ++i) {
        if (next->str[i] < '0' || next->str[i] > '9')
            return false;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < keys->elements; ++i) {
        const redisReply *k = keys->element[i];
        if (!k || k->type != REDIS_REPLY_STRING)
            return false;
        bytes += k->len;
    }
    // KeyBatch keeps 32-bit offsets: a page past 4 GiB cannot be one batch (no server sends that).
    if (bytes > std::numeric_limits<quint32>::max() - quint64(batch->blob().size()))
        return false;
    batch->reserve(batch->size() + qsizetype(keys->elements), batch->blob().size() + qsizetype(bytes));
    for (size_t i = 0; i < keys->elements; ++i)
        batch->append(QByteArrayView(keys->element[i]->str, qsizetype(keys->element[i]->len)));
    *cursor = QByteArray(next->str, qsizetype(next->len));
    return true;
}

} // namespace cachescope
