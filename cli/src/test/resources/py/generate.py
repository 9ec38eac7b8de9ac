#!/usr/bin/env python3
"""Regenerates python.cases, the oracle of PyCasesTest, with CPython 3.11 (aws-cli's Python):

    python3 cli/src/test/resources/py/generate.py

Random but reproducible (seeded) inputs for each function of org.bridgekeeper.cli.py.Py, with
what Python makes of them. One JSON line a case: {"f": function, "in": text, "out": result} or
{"f": ..., "in": ..., "error": str(ValueError)}:

- loads: json.loads(in), shown as repr(value) + " " + type(value).__name__; in is either made
  of JSON's tokens at random (mostly errors) or a json.dumps of a random value
- dumps, dumps_indent, dumps_compact: json.dumps(json.loads(in)) with no arguments, with
  indent=4, ensure_ascii=False, and with separators=(',', ':')
- repr: repr(in); float: repr(float(in)); int: repr(int(in))

Characters unassigned in Python's Unicode tables are left out of the strings: the JDK's tables
are newer, and repr() escapes an unassigned character.
"""
import json
import os
import random
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "aws-cli runs on CPython 3.11"

random.seed(11)

JSON_TOKENS = ['\\ud83d', '\\u12', '\\ude00', '\\u', '\\udc00', '\\n', '\\x', '{', '}', '[', ']', '"', ',', ':',
               '0', '1', '9', '-', '+', '.', 'e', 'E', ' ', '\t', '\n', 'a', '\\', 'u', 'd83d', '12', 'null',
               'true', 'false', 'NaN', 'Infinity', '-Infinity', '/', '"x"', '\x01', 'é', '😀', '1e400',
               '1e9999999999', '-0.0', '00', '1.', '.5']
NUMBER_TOKENS = ['1', '0', '9', '_', '.', 'e', 'E', '+', '-', ' ', '\xa0', '\x85', '\u2003', 'inf', 'nan',
                 'infinity', 'INF', 'x', '\u0663', '\uff11', '\t', '\n', '5']
SPECIAL = [0x27, 0x22, 0x5c, 0x7f, 0xa0, 0xad, 0x85, 0x2028, 0x200b, 0xfeff, 0xe000, 0x1f600, 0xf0000,
           0x10ffff, 0x378, 0xd7ff, 0x1b, 0x0a, 0x09]


def char():
    r = random.random()
    c = random.randint(0, 0x3000) if r < 0.3 else random.choice(SPECIAL) if r < 0.5 else random.randint(0, 0x10ffff)
    if 0xd800 <= c <= 0xdfff or (unicodedata.category(chr(c)) == 'Cn' and c != 0x378):
        c = 0x41
    return chr(c)


def text():
    return ''.join(char() for _ in range(random.randint(0, 6)))


def value(depth=0):
    r = random.random()
    if depth < 3 and r < 0.2:
        return [value(depth + 1) for _ in range(random.randint(0, 3))]
    if depth < 3 and r < 0.4:
        return {text(): value(depth + 1) for _ in range(random.randint(0, 3))}
    if r < 0.55:
        return text()
    if r < 0.7:
        return random.choice([0, -1, 2 ** 70, True, False, None])
    return random.choice([0.0, -0.0, 1e16, 1e-5, 5e-324, float('nan'), float('inf'), 1.5,
                          random.random() * 10 ** random.randint(-30, 30)])


def json_ish():
    if random.random() < 0.3:
        return json.dumps(value(), ensure_ascii=random.random() < 0.5, indent=random.choice([None, 0, 2]))
    return ''.join(random.choice(JSON_TOKENS) for _ in range(random.randint(0, 8)))


def number_ish():
    return ''.join(random.choice(NUMBER_TOKENS) for _ in range(random.randint(0, 6)))


FUNCTIONS = {
    'loads': (json_ish, lambda s: (lambda v: repr(v) + ' ' + type(v).__name__)(json.loads(s))),
    'dumps': (lambda: json.dumps(value()), lambda s: json.dumps(json.loads(s))),
    'dumps_indent': (lambda: json.dumps(value()), lambda s: json.dumps(json.loads(s), indent=4, ensure_ascii=False)),
    'dumps_compact': (lambda: json.dumps(value()), lambda s: json.dumps(json.loads(s), separators=(',', ':'))),
    'repr': (text, repr),
    'float': (number_ish, lambda s: repr(float(s))),
    'int': (number_ish, lambda s: repr(int(s))),
}
COUNTS = {'loads': 1000, 'dumps': 100, 'dumps_indent': 100, 'dumps_compact': 100, 'repr': 400, 'float': 400, 'int': 300}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'python.cases'), 'w', encoding='utf-8') as out:
    for name, count in COUNTS.items():
        make, apply = FUNCTIONS[name]
        seen = set()
        while len(seen) < count:
            s = make()
            if s in seen:
                continue
            seen.add(s)
            try:
                case = {'f': name, 'in': s, 'out': apply(s)}
            except ValueError as e:
                case = {'f': name, 'in': s, 'error': str(e)}
            out.write(json.dumps(case) + '\n')
