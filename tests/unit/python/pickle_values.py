# Prints one JSON line per (value, protocol): pickle hex, repr(pickle.loads(...)), json.dumps.
import pickle, json, datetime, decimal, uuid, collections, zoneinfo, pytz
from datetime import timedelta, timezone
rl = []; rl.append(rl)
rd = {}; rd['self'] = rd
shared = [1]
rt = ([],); rt[0].append(rt)
V = {
 'unicode': 'héllo wörld', 'quote': "it's", 'both_quotes': 'a\'b"c', 'nul': '\x00',
 'controls': '\t\n\r\x7f\x85\xa0\u2028\\', 'surrogate': '\ud800x', 'emoji': '😀 ok',
 'nonprint': '\u200b\U000e0001\uffff', 'empty_str': '',
 'bytes': b'\x00\x01\x02\xffraw', 'bytes_quote': b"it's", 'empty_bytes': b'',
 'int': 42, 'neg': -5, 'big': 2**70, 'bigneg': -2**70, 'i64max': 2**63 - 1, 'i32': 2**31,
 'i32neg': -2**31 - 1, 'huge': 10**100, 'zero': 0, 'byte255': 255, 'minus256': -256,
 'true': True, 'false': False, 'none': None,
 'floats': [3.25, 1e16, 1e-300, float('inf'), float('-inf'), float('nan'), -0.0, 0.1, 1.5e16,
            123456789012345678.0, 1e-05, 0.0001, 1.0, 2.5e-07, 1e22, 5e-324, 1.7976931348623157e308],
 'dict': {'a': 1, 'b': [1, 2], 'c': (1,)}, 'tuple1': (1,), 'tuple0': (), 'tuple3': (1, 'a', None),
 'nested': {'x': [{'y': (1, 2.5, None)}], 'z': {}}, 'list0': [],
 'set': {1, 2, 3}, 'emptyset': set(), 'frozenset': frozenset({1, 2}), 'emptyfrozen': frozenset(),
 'strset': {'a'},
 'datetime': datetime.datetime(2024, 2, 29, 13, 37, 42, 123456),
 'dt_utc': datetime.datetime(2024, 2, 29, 13, 37, 42, tzinfo=timezone.utc),
 'dt_minute': datetime.datetime(2024, 1, 1, 0, 0),
 'dt_fold': datetime.datetime(2024, 1, 1, 1, 30, fold=1),
 'dt_offset': datetime.datetime(2024, 1, 1, 1, 30, 5, tzinfo=timezone(timedelta(hours=5, minutes=30))),
 'dt_named': datetime.datetime(2024, 1, 1, 1, 30, tzinfo=timezone(timedelta(hours=-3), 'BRT')),
 'date': datetime.date(2024, 2, 29), 'time': datetime.time(13, 37, 42, 5), 'time_min': datetime.time(1, 2),
 'time_tz': datetime.time(1, 2, 3, tzinfo=timezone.utc),
 'timedelta': timedelta(days=1, seconds=5, microseconds=3), 'td0': timedelta(0), 'tdneg': timedelta(days=-1, seconds=30),
 'tz_utc': timezone.utc, 'tz_named': timezone(timedelta(hours=1), 'CET'),
 'pytz_utc': pytz.utc, 'dt_pytz_utc': datetime.datetime(2024, 2, 29, 13, 37, tzinfo=pytz.utc),
 'dt_pytz_paris': pytz.timezone('Europe/Paris').localize(datetime.datetime(2024, 2, 29, 13, 37)),
 'dt_pytz_ny': pytz.timezone('America/New_York').localize(datetime.datetime(2024, 7, 1, 9, 0)),
 'dt_zoneinfo': datetime.datetime(2024, 2, 29, 13, 37, tzinfo=zoneinfo.ZoneInfo('Europe/Paris')),
 'zoneinfo': zoneinfo.ZoneInfo('Europe/Paris'),
 'decimal': decimal.Decimal('1234.5600'), 'decimal_neg': decimal.Decimal('-1E+3'),
 'uuid': uuid.UUID('12345678-1234-5678-1234-567812345678'), 'uuid0': uuid.UUID(int=1),
 'odict': collections.OrderedDict([('a', 1), ('b', 2)]), 'odict_empty': collections.OrderedDict(),
 'ddict': collections.defaultdict(list, {'a': [1]}), 'ddict_none': collections.defaultdict(None),
 'ddict_int': collections.defaultdict(int, {1: 2}),
 'bytearray': bytearray(b'\x00ab\xff'), 'bytearray0': bytearray(),
 'complex': complex(1, 2), 'complex_imag': 2j, 'complex_neg': complex(-0.0, -1.5), 'complex_inf': complex(float('nan'), float('inf')),
 'recursive_list': rl, 'recursive_dict': rd, 'shared': [shared, shared], 'recursive_tuple': rt,
 'range': range(0, 10), 'range_step': range(1, 10, 3),
}
for name, v in V.items():
    for p in range(0, 6):
        data = pickle.dumps(v, protocol=p)
        try:
            j = json.dumps(v)
        except (TypeError, ValueError):
            j = None
        print(json.dumps({'name': name, 'proto': p, 'hex': data.hex(), 'repr': repr(pickle.loads(data)), 'json': j}))
