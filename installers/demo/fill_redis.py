#!/usr/bin/python3
"""Writes RESP for N demo keys to stdout, for `redis-cli --pipe`.

The keys look like a busy Django site's cache (KEY_PREFIX:VERSION:key): several prefixes,
an old and a current version of one namespace, cache_page-style keys, sessions, hashes and
sorted sets, a spread of TTLs, and a few awkward binary keys. Deterministic for a given N.
"""
import random
import sys


def resp(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode('utf-8')
        elif isinstance(a, int):
            a = b'%d' % a
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    rnd = random.Random(1234)
    w = sys.stdout.buffer
    namespaces = [('shop:3:product:', 0.25), ('shop:4:product:', 0.25), ('shop:4:category:', 0.05),
                  ('api:1:user:', 0.2), ('views.decorators.cache.cache_page.pages.GET.', 0.05),
                  (':1:django.contrib.sessions.cache', 0.15), ('search:2:q:', 0.05)]
    weights = [w_ for _, w_ in namespaces]
    for i in range(n):
        ns = rnd.choices(namespaces, weights)[0][0]
        key = '%s%08x' % (ns, i * 2654435761 % (1 << 32)) if 'cache' in ns else '%s%d' % (ns, i)
        r = rnd.random()
        if r < 0.9:
            value = b'\x80\x04\x95' + bytes(rnd.randrange(256) for _ in range(rnd.randrange(8, 120)))
            w.write(resp('SET', key, value))
        elif r < 0.95:
            w.write(resp('HSET', key, 'name', 'item %d' % i, 'price', '%d.99' % (i % 100)))
        elif r < 0.98:
            w.write(resp('ZADD', key, i % 1000, 'member-%d' % i, (i * 7) % 1000, 'other-%d' % i))
        else:
            w.write(resp('RPUSH', key, 'a', 'b', 'c'))
        t = rnd.random()
        if t < 0.6:
            w.write(resp('EXPIRE', key, rnd.randrange(30, 86400 * 7)))
    for key in (b'bin:\x00nul', b'bin:\xff\xfeinvalid-utf8', b'bin:line\nbreak', b'bin:glob*[chars]?', b'bin:with space'):
        w.write(resp('SET', key, b'awkward key'))
    w.flush()


if __name__ == '__main__':
    main()
