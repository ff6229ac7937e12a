# Prints one JSON line per Django object and protocol: pickle hex and what Django sees back.
import pickle, json, django
from django.conf import settings
settings.configure(INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth'], DEFAULT_CHARSET='utf-8',
                   USE_TZ=True)
django.setup()
from django.http import HttpResponse, JsonResponse, HttpResponseRedirect, HttpResponseNotFound
from django.contrib.auth.models import User
r = HttpResponse(b'<h1>hi</h1>'); r['X-Foo'] = 'bar'
objs = {'http': r, 'json': JsonResponse({'a': 1}), 'redirect': HttpResponseRedirect('/next/'),
        'notfound': HttpResponseNotFound('nope'), 'status': HttpResponse('x', status=418, content_type='text/plain')}
for name, o in objs.items():
    for p in (2, 4, 5):
        data = pickle.dumps(o, protocol=p)
        back = pickle.loads(data)
        print(json.dumps({'name': name, 'proto': p, 'hex': data.hex(), 'repr': repr(back),
                          'status': back.status_code, 'body': back.content.decode(),
                          'headers': [[k, v] for k, v in back.items()]}))
u = User(id=5, username='bob', email='bob@example.com')
for p in (2, 5):
    print(json.dumps({'name': 'user', 'proto': p, 'hex': pickle.dumps(u, protocol=p).hex(),
                      'repr': '<auth.User pk=5>', 'status': 0, 'body': '', 'headers': []}))
