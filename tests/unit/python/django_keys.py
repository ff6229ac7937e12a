# Prints real cache keys as Django builds them (default KEY_FUNCTION with a KEY_PREFIX),
# with the parts each must parse into.
import json, django
from django.conf import settings
settings.configure(
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache', 'KEY_PREFIX': 'site', 'VERSION': 3}},
    USE_I18N=True, USE_TZ=True, TIME_ZONE='Europe/Paris', LANGUAGE_CODE='en-us', ALLOWED_HOSTS=['*'],
    SESSION_ENGINE='django.contrib.sessions.backends.cache', INSTALLED_APPS=['django.contrib.sessions'],
    CACHE_MIDDLEWARE_KEY_PREFIX='mw.prefix')
django.setup()
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import _generate_cache_header_key, learn_cache_key, patch_vary_headers
from django.contrib.sessions.backends.cache import SessionStore

def out(name, key, kind, **parts):
    print(json.dumps({'name': name, 'key': key, 'kind': kind, **parts}))

request = RequestFactory().get('/articles/42/?page=2')
response = HttpResponse('x')
patch_vary_headers(response, ['Cookie'])
page_key = learn_cache_key(request, response, cache_timeout=60, key_prefix='mw.prefix', cache=cache)
header_key = _generate_cache_header_key('mw.prefix', request)
url_hash = header_key.split('.')[-3]
out('cache_page page', cache.make_key(page_key), 'cache_page page', user=page_key, prefix='site', version=3,
    keyPrefix='mw.prefix', method='GET', urlHash=url_hash, language='en-us', timeZone='Europe/Paris')
out('cache_page header', cache.make_key(header_key), 'cache_page header', user=header_key, prefix='site', version=3,
    keyPrefix='mw.prefix', urlHash=url_hash, language='en-us', timeZone='Europe/Paris')
frag = make_template_fragment_key('sidebar.menu', ['bob', 3])
out('fragment', cache.make_key(frag), 'template fragment', user=frag, prefix='site', version=3,
    fragmentName='sidebar.menu', fragmentHash=frag.split('.')[-1])
s = SessionStore(); s['x'] = 1; s.save()
out('session', cache.make_key(s.cache_key), 'session', user=s.cache_key, prefix='site', version=3, sessionKey=s.session_key)
out('plain', cache.make_key('user:42:profile'), 'plain', user='user:42:profile', prefix='site', version=3)
out('empty prefix', ':1:views.decorators.cache.cache_header..' + url_hash, 'cache_page header',
    user='views.decorators.cache.cache_header..' + url_hash, prefix='', version=1, keyPrefix='', urlHash=url_hash)
