/* The reference a CacheScope invalidation is benchmarked against: the fastest plain way to
 * delete keys by pattern, a blocking hiredis loop of SCAN cursor MATCH p COUNT n where
 * each page's UNLINK (all its keys in one command) is pipelined with the next SCAN, so
 * there is one round trip per page.
 *
 *   raw_unlink HOST PORT PATTERN [COUNT]   prints "<deleted> keys deleted in <ms> ms (<pages> pages)"
 */
#include <hiredis/hiredis.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double nowMs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int isScanReply(const redisReply *r)
{
    return r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements == 2 && r->element[0]->type == REDIS_REPLY_STRING
        && r->element[1]->type == REDIS_REPLY_ARRAY && r->element[0]->len < 32;
}

static void appendScan(redisContext *c, const char *cursor, const char *pattern, const char *count)
{
    redisAppendCommand(c, "SCAN %s MATCH %s COUNT %s", cursor, pattern, count);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s HOST PORT PATTERN [COUNT]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    const int port = atoi(argv[2]);
    const char *pattern = argv[3];
    const char *count = argc == 5 ? argv[4] : "1000";
    if (port <= 0 || port > 65535 || atoi(count) <= 0) {
        fprintf(stderr, "%s: bad port or count\n", argv[0]);
        return 2;
    }
    redisContext *c = redisConnect(host, port);
    if (c == NULL || c->err) {
        fprintf(stderr, "%s: cannot connect to %s:%d: %s\n", argv[0], host, port, c ? c->errstr : "out of memory");
        return 3;
    }

    const double start = nowMs();
    long long deleted = 0, pages = 0;
    char cursor[32] = "0";
    appendScan(c, cursor, pattern, count);
    for (;;) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK || !isScanReply(r)) {
            fprintf(stderr, "%s: SCAN failed: %s\n", argv[0], r == NULL ? c->errstr : r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply");
            return 3;
        }
        ++pages;
        memcpy(cursor, r->element[0]->str, r->element[0]->len);
        cursor[r->element[0]->len] = '\0';
        const redisReply *keys = r->element[1];
        const int unlink = keys->elements > 0;
        if (unlink) {
            const char **args = malloc((keys->elements + 1) * sizeof *args);
            size_t *lens = malloc((keys->elements + 1) * sizeof *lens);
            args[0] = "UNLINK";
            lens[0] = 6;
            for (size_t i = 0; i < keys->elements; ++i) {
                args[i + 1] = keys->element[i]->str;
                lens[i + 1] = keys->element[i]->len;
            }
            redisAppendCommandArgv(c, (int)keys->elements + 1, args, lens);
            free(args);
            free(lens);
        }
        freeReplyObject(r);
        const int more = strcmp(cursor, "0") != 0;
        if (more)
            appendScan(c, cursor, pattern, count); /* the server lists the next page right after this UNLINK */
        if (unlink) {
            redisReply *u = NULL;
            if (redisGetReply(c, (void **)&u) != REDIS_OK || u == NULL || u->type != REDIS_REPLY_INTEGER) {
                fprintf(stderr, "%s: UNLINK failed: %s\n", argv[0], u == NULL ? c->errstr : u->type == REDIS_REPLY_ERROR ? u->str : "unexpected reply");
                return 3;
            }
            deleted += u->integer;
            freeReplyObject(u);
        }
        if (!more)
            break;
    }
    const double elapsed = nowMs() - start;
    printf("%lld keys deleted in %.1f ms (%lld pages)\n", deleted, elapsed, pages);
    redisFree(c);
    return 0;
}
