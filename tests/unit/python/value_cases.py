# Prints one JSON line per decoding case: raw bytes as the cache holds them (written the way
# Django, django-redis, pymemcache and the database cache write them), the context to decode
# them with, and the chain and repr we must produce.
import base64, gzip, json, lzma, pickle, zlib
import lz4.frame, msgpack, zstandard
import pymemcache.serde as serde

value = {'a': 1, 'b': [1, 2.5], 'c': 'héllo'}
expected_repr = repr(value)
p5 = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

def out(name, raw, chain, rep, source='redis', serializer='pickle', flags=None, client='pymemcache', error=False):
    print(json.dumps({'name': name, 'hex': raw.hex(), 'chain': chain, 'repr': rep, 'source': source,
                      'serializer': serializer, 'flags': flags, 'client': client, 'error': error}))

out('int', b'42', ['integer'], '42')
out('negative-int', b'-7', ['integer'], '-7')
out('big-int', str(2**70).encode(), ['integer'], str(2**70))
out('pickle', p5, ['pickle v5', 'dict, 3 items'], expected_repr)
out('pickle-v0', pickle.dumps(value, 0), ['pickle v0', 'dict, 3 items'], expected_repr)
out('pickle-v2-list', pickle.dumps([1, 'x'], 2), ['pickle v2', 'list, 2 items'], repr([1, 'x']))
compressors = {'zlib': zlib.compress, 'gzip': gzip.compress, 'lzma': lzma.compress,
               'lz4': lz4.frame.compress, 'zstd': zstandard.ZstdCompressor().compress}
for name, compress in compressors.items():
    packed = compress(p5)
    out(name, packed, [name, 'pickle v5', 'dict, 3 items'], expected_repr)
    out(name + '-truncated', packed[:len(packed) // 2], [name], '', error=True)
    out(name + '-cut-tail', packed[:-3], [name], '', error=True)
out('json', json.dumps(value).encode(), ['json', 'dict, 3 items'], repr(json.loads(json.dumps(value))), serializer='json')
out('json-scalar', b'"just text"', ['json', 'str, 9 chars'], repr('just text'), serializer='json')
mp = msgpack.dumps(value)
out('msgpack', mp, ['msgpack', 'dict, 3 items'], repr(msgpack.loads(mp, raw=False)), serializer='msgpack')
mp2 = msgpack.dumps([b'\x00bin', -2**40, 2**64 - 1, None, True, 1.5])
out('msgpack-types', mp2, ['msgpack', 'list, 6 items'], repr(msgpack.loads(mp2, raw=False)), serializer='msgpack')
out('msgpack-zstd', zstandard.ZstdCompressor().compress(mp), ['zstd', 'msgpack', 'dict, 3 items'],
    repr(msgpack.loads(mp, raw=False)), serializer='msgpack')
out('dbtable', base64.b64encode(p5), ['base64', 'pickle v5', 'dict, 3 items'], expected_repr, source='dbtable')
out('dbtable-bad', b'!!not base64!!', ['base64'], '', source='dbtable', error=True)
for name, v in {'text': 'héllo', 'bytes': b'\x00raw', 'int': 42, 'dict': value}.items():
    raw, flags = serde.python_memcache_serializer('k', v)
    if isinstance(raw, str):
        raw = raw.encode()
    label = {'text': ['text, 5 chars'], 'bytes': ['binary, 4 bytes'], 'int': ['integer'],
             'dict': ['pickle v%d' % serde.DEFAULT_PICKLE_VERSION, 'dict, 3 items']}[name]
    out('pymemcache-' + name, raw, label, repr(v), source='memcached', flags=flags)
out('pymemcache-zlib', zlib.compress(p5), ['zlib', 'pickle v5', 'dict, 3 items'], expected_repr,
    source='memcached', flags=serde.FLAG_PICKLE | serde.FLAG_COMPRESSED)
out('pylibmc-bool', b'1', ['bool'], 'True', source='memcached', flags=16, client='pylibmc')
out('pylibmc-text', 'héllo'.encode(), ['text, 5 chars'], repr('héllo'), source='memcached', flags=32, client='pylibmc')
out('pylibmc-long', b'12345678901234567890', ['integer'], '12345678901234567890', source='memcached', flags=4, client='pylibmc')
out('text', 'héllo wörld'.encode(), ['text, 11 chars'], repr('héllo wörld'))
out('binary', b'\xff\xfe\x00', ['binary, 3 bytes'], repr(b'\xff\xfe\x00'))
out('pickle-truncated', p5[:20], ['pickle v5'], '', error=True)
