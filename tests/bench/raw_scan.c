/* The reference `cachescope-cli keys` is benchmarked against: the fastest plain way to
 * list a Redis keyspace, a blocking hiredis loop of SCAN cursor COUNT n until the cursor
 * is back to 0. It only counts the keys (no output), so it measures the server and the
 * wire, not a terminal.
 *
 *   raw_scan HOST PORT [COUNT]      prints "<keys> keys in <ms> ms (<pages> pages)"
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

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s HOST PORT [COUNT]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    const int port = atoi(argv[2]);
    const char *count = argc == 4 ? argv[3] : "1000";
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
    char cursor[32] = "0";
    long long keys = 0, pages = 0;
    do {
        redisReply *r = redisCommand(c, "SCAN %s COUNT %s", cursor, count);
        if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements != 2
            || r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_ARRAY
            || r->element[0]->len >= sizeof cursor) {
            fprintf(stderr, "%s: SCAN failed: %s\n", argv[0],
                    r == NULL ? c->errstr : r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply");
            if (r)
                freeReplyObject(r);
            redisFree(c);
            return 3;
        }
        memcpy(cursor, r->element[0]->str, r->element[0]->len);
        cursor[r->element[0]->len] = '\0';
        keys += (long long)r->element[1]->elements;
        ++pages;
        freeReplyObject(r);
    } while (strcmp(cursor, "0") != 0);
    const double elapsed = nowMs() - start;

    printf("%lld keys in %.1f ms (%lld pages)\n", keys, elapsed, pages);
    redisFree(c);
    return 0;
}
