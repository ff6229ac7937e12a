/* The reference for `cachescope-cli keys memcached://...`: a blocking C loop that sends
 * `lru_crawler metadump <hash|all>` and reads the reply to END, counting item lines.
 * No parsing, no decoding: the cost of the bytes alone.
 * Usage: raw_metadump HOST PORT [hash|all] */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: raw_metadump HOST PORT [hash|all]\n");
        return 2;
    }
    const char *walk = argc > 3 ? argv[3] : "hash";
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[1], argv[2], &hints, &res) != 0 || !res) {
        fprintf(stderr, "cannot resolve %s\n", argv[1]);
        return 1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        perror("connect");
        return 1;
    }
    freeaddrinfo(res);
    char command[64];
    const int len = snprintf(command, sizeof command, "lru_crawler metadump %s\r\n", walk);
    if (write(fd, command, (size_t)len) != len) {
        perror("write");
        return 1;
    }
    static char buf[1 << 20];
    long long lines = 0;
    /* The last bytes seen, to spot "END\r\n" / "END\n" across reads. */
    char tail[8] = {0};
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i)
            lines += buf[i] == '\n';
        const size_t keep = n >= 5 ? 5 : (size_t)n;
        memmove(tail, tail + keep, sizeof tail - keep);
        memcpy(tail + sizeof tail - keep, buf + n - (ssize_t)keep, keep);
        if (memcmp(tail + 3, "END\r\n", 5) == 0 || memcmp(tail + 4, "END\n", 4) == 0)
            break;
    }
    close(fd);
    printf("%lld\n", lines - 1); /* minus END */
    return 0;
}
