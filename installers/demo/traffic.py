#!/usr/bin/python3
"""Live cache traffic through Django's cache API, for the demo's charts (demo.sh, screenshots.sh).

    traffic.py --redis HOST:PORT [--memcached HOST:PORT] [--sqlite PATH] [--seconds N]
    traffic.py PORT [SECONDS]                   (Redis only; the older form)

Run it with Debian's /usr/bin/python3 (python3-django, python3-django-redis, python3-pymemcache).
It behaves like a Django site's views: cache.get(key), and on a miss "render" the value and
cache.set(key, value, timeout) — with a skewed popularity (Zipf-like: a few hot products get
most reads, a long tail mostly misses), so:
  * hits and misses: the hot set stays cached, the tail misses; the hot set drifts over
    time, so the hit ratio moves instead of sitting flat;
  * expiries: values get short timeouts (5-60 s);
  * evictions: values are 1-4 KB of random text (not compressible) and demo.sh caps Redis maxmemory / memcached -m just above
    what it loaded, so the writes push older keys out;
  * every ~10 s a "deploy" invalidates a slice of keys (cache.delete_many), a dip on the chart.
The SQLite DatabaseCache alias sees a tenth of the reads (it is slower and culls on writes).
Stops after --seconds, or when killed (demo.sh's exit trap does that when the window closes).
"""
import argparse
import bisect
import itertools
import math
import os
import random
import sys
import time


def parse_args(argv):
    if argv and argv[0].isdigit():   # the older positional form: PORT [SECONDS]
        argv = ['--redis', '127.0.0.1:' + argv[0]] + (['--seconds', argv[1]] if len(argv) > 1 else [])
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--redis', help='HOST:PORT of a redis-server')
    p.add_argument('--memcached', help='HOST:PORT of a memcached')
    p.add_argument('--sqlite', help='SQLite file holding the django_cache table')
    p.add_argument('--seconds', type=float, default=24 * 3600.0)
    p.add_argument('--products', type=int, default=5000, help='size of the catalogue (key space)')
    args = p.parse_args(argv)
    if not (args.redis or args.memcached or args.sqlite):
        p.error('give at least one of --redis, --memcached, --sqlite')
    return args


def configure(args):
    from django.conf import settings
    caches = {}
    databases = {}
    if args.redis:
        caches['redis'] = {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': 'redis://%s/0' % args.redis,
                           'KEY_PREFIX': 'shop', 'VERSION': 1}
    if args.memcached:
        caches['memcached'] = {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache',
                               'LOCATION': args.memcached, 'KEY_PREFIX': 'shop', 'VERSION': 1}
    if args.sqlite:
        databases['default'] = {'ENGINE': 'django.db.backends.sqlite3', 'NAME': args.sqlite,
                                'OPTIONS': {'timeout': 5}}
        caches['db'] = {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'django_cache',
                        'KEY_PREFIX': 'shop', 'VERSION': 1, 'OPTIONS': {'MAX_ENTRIES': 5000}}
    caches['default'] = dict(next(iter(caches.values())))
    settings.configure(CACHES=caches, DATABASES=databases, USE_TZ=True, TIME_ZONE='UTC', INSTALLED_APPS=[])
    import django
    django.setup()
    if args.sqlite:
        from django.core.management import call_command
        call_command('createcachetable', verbosity=0)   # a no-op when populate.py made it


def main():
    args = parse_args(sys.argv[1:])
    configure(args)
    from django.core.cache import caches
    aliases = [a for a in ('redis', 'memcached', 'db') if getattr(args, {'db': 'sqlite'}.get(a, a))]
    rng = random.Random(7)
    n = args.products
    # Zipf-like popularity, s = 1.2: product 0 is read most, then 1, ...
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** 1.2 for i in range(n)))
    total = cumulative[-1]
    start = time.time()
    tick = 0
    while time.time() - start < args.seconds:
        tick += 1
        t = time.time() - start
        # The hot set drifts: the popular products change slowly, as a shop's front page does.
        shift = int(n * 0.5 * (1 + math.sin(t / 45.0)))
        for alias in aliases:
            cache = caches[alias]
            reads = 40 if alias != 'db' else 4
            for _ in range(reads):
                rank = bisect.bisect_left(cumulative, rng.random() * total)
                key = 'product:%d' % ((rank + shift) % n)
                try:
                    if cache.get(key) is None:   # a miss: "render" and store, like get_or_set
                        body = {'id': rank, 'html': os.urandom(rng.randrange(1000, 6000)).hex()[:4000]}
                        cache.set(key, body, timeout=rng.randrange(5, 60))
                except Exception as e:   # a server restarting: keep going, the chart shows the gap
                    print('traffic: %s: %s' % (alias, e), file=sys.stderr)
                    time.sleep(1)
            if tick % 200 == 0:   # a "deploy": one slice of the catalogue is invalidated
                first = rng.randrange(n)
                try:
                    cache.delete_many(['product:%d' % ((first + i) % n) for i in range(0, 700, 7)])
                except Exception:
                    pass
        time.sleep(0.05)


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        pass
