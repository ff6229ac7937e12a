# For each absolute URL in the JSON list argv[1]: the request a browser sends for it (WHATWG
# percent-encoding, Host header), what real Django computes from it (md5 of
# build_absolute_uri()) and the cache_page keys it writes: the header key and the page key
# for GET and HEAD, with a Vary header, a language and a time zone active, under every
# middleware key prefix of argv[2], stored through cache.make_key() with a KEY_PREFIX full of
# glob characters. One JSON line per URL and middleware prefix.
import json, sys, django
from urllib.parse import urlsplit, quote, unquote_to_bytes
from django.conf import settings
settings.configure(
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache',
                        'KEY_PREFIX': 'site[1]*', 'VERSION': 7}},
    USE_I18N=True, USE_TZ=True, TIME_ZONE='UTC', LANGUAGE_CODE='en-us', ALLOWED_HOSTS=['*'])
django.setup()
import hashlib
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.cache import _generate_cache_header_key, learn_cache_key, patch_vary_headers


def browser_request(url, method):
    u = urlsplit(url)
    host = u.hostname
    host = '[%s]' % host if ':' in host else host.encode('idna').decode('ascii')
    if u.port and u.port != (443 if u.scheme == 'https' else 80):
        host += ':%d' % u.port
    # WHATWG path and special-query percent-encode sets.
    path = quote(u.path or '/', safe="!$%&'()*+,-./:;=@[\\]^_|~")
    query = quote(u.query, safe="!$%&()*+,-./:;=?@[\\]^_`{|}~")
    factory = RequestFactory()
    make = factory.get if method == 'GET' else factory.head
    # PATH_INFO and QUERY_STRING as a WSGI server sets them (given directly: RequestFactory
    # would read a path starting with "//" as a host).
    return make('/', secure=u.scheme == 'https', HTTP_HOST=host, HTTP_COOKIE='sessionid=abc',
                PATH_INFO=unquote_to_bytes(path).decode('iso-8859-1'), QUERY_STRING=query)


urls = json.loads(sys.argv[1])
prefixes = json.loads(sys.argv[2])
translation.activate('de')
timezone.activate('America/New_York')
for url in urls:
    for prefix in prefixes:
        keys = []
        absolute = None
        for method in ('GET', 'HEAD'):
            request = browser_request(url, method)
            absolute = request.build_absolute_uri()
            response = HttpResponse('x')
            patch_vary_headers(response, ['Cookie', 'Accept-Language'])
            keys.append(cache.make_key(learn_cache_key(request, response, 60, prefix, cache=cache)))
            keys.append(cache.make_key(_generate_cache_header_key(prefix, request)))
        print(json.dumps({'url': url, 'prefix': prefix, 'absolute': absolute,
                          'hash': hashlib.md5(absolute.encode('ascii')).hexdigest(),
                          'keys': sorted(set(keys))}))
