# Writes what the value-panel GUI test browses into a redis-server: values made by real
# Python/Django (a zlib-compressed pickle as django-redis writes it, a pickled
# HttpResponse, a hostile pickle, a cut pickle) and namespaces of several sizes. Prints
# one JSON object with the reprs Python gives. Usage: python3 django_values.py PORT
import json
import os
import pickle
import sys
import zlib
from decimal import Decimal

import django
import redis
from django.conf import settings

settings.configure(DEFAULT_CHARSET="utf-8")
django.setup()
from django.http import HttpResponse  # noqa: E402

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]))


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


cart = {"items": [1, 2], "total": Decimal("9.50"), "user": "ada"}
r.set("shop:4:cart", zlib.compress(pickle.dumps(cart, 4)))
r.set("shop:4:evil", pickle.dumps(Evil(), 4))
r.set("shop:4:broken", pickle.dumps({"a": list(range(50))}, 4)[:-20])
page = HttpResponse("<h1>Hello</h1>")
page["X-Served-By"] = "cache"
r.set("shop:4:views.decorators.cache.cache_page.pages.GET.402f67185b58eb568d31893d4091ad7d"
      ".d41d8cd98f00b204e9800998ecf8427e.en-us.UTC", pickle.dumps(page, 4))
big = {"k%05d" % i: i for i in range(20000)}
r.set("shop:4:big", pickle.dumps(big, 4))
for i in range(50):
    r.set("shop:3:old:%d" % i, pickle.dumps({"id": i}, 4))
for i in range(15):
    r.setex("shop:4:item:%d" % i, 3600, pickle.dumps({"id": i}, 4))
r.set("rq:job:1", "queued")
print(json.dumps({"cart": repr(cart), "keys": r.dbsize()}))
