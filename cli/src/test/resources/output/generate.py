#!/usr/bin/python3
"""Regenerates the golden files of the output tests from the real AWS CLI 2.9.19.

Run with Debian bookworm's python3 (`apt-get install awscli` gives awscli 2.9.19,
ruamel.yaml 0.17.21 with its C emitter, jmespath 1.0.1, colorama 0.4.6):

    /usr/bin/python3 cli/src/test/resources/output/generate.py

It drives awscli's own formatter classes in-process, so the expected bytes are what
`aws ... --output X [--query Q] [--color on]` prints with stdout redirected. Each case
becomes formats/<name>.case:

    format: <json|text|table|yaml|yaml-stream>
    operation: <title>
    query: <expression>           (optional)
    color: <on|off>
    width: <terminal columns>
    input:
    <one line of JSON, or EMPTY for a response without body>
    expected:                     (or "error:" + the message of the exception raised)
    <the remaining bytes of the file, exactly>

transcripts/<name>.case hold the stdout of aws-cli-transcripts/<name>.txt (the script checks that
the oracle reproduces each); floats.cases pairs doubles (hex bits) with Python's repr().

jmespath.cases (JSON lines) holds expression tests: {"expr", "input", "result"} where
result is json.dumps(python result, ensure_ascii=False), or {"expr", "input", "error"}
with str(exception) (for a compile error: the full `Bad value for --query` text).
"""
import io
import json
import os
import re
import sys
from argparse import Namespace

import jmespath
from colorama.ansitowin32 import AnsiToWin32

import awscli.table
from awscli.formatter import get_formatter

HERE = os.path.dirname(os.path.abspath(__file__))
EMPTY = object()

ARN = 'arn:aws:events:us-east-1:123456789012:connection/c/uuid'
CREATE = {'ConnectionArn': ARN, 'ConnectionState': 'AUTHORIZED',
          'CreationTime': '2023-11-14T22:13:20+00:00',
          'LastModifiedTime': '2023-11-14T22:13:20.123000+00:00'}
CREATE_WIRE = {'ConnectionArn': ARN, 'ConnectionState': 'AUTHORIZED',
               'CreationTime': 1700000000.0, 'LastModifiedTime': 1700000000.123}
DELETE = {'ConnectionArn': ARN, 'ConnectionState': 'DELETING',
          'CreationTime': '2023-11-14T22:13:20+00:00',
          'LastModifiedTime': '2023-11-14T22:15:00+00:00',
          'LastAuthorizedTime': '2023-11-14T22:14:10+00:00'}
DEAUTH = dict(DELETE, ConnectionState='DEAUTHORIZING')
DESCRIBE = {
    'ConnectionArn': ARN, 'Name': 'c', 'Description': 'my conn',
    'ConnectionState': 'AUTHORIZED', 'AuthorizationType': 'OAUTH_CLIENT_CREDENTIALS',
    'SecretArn': 'arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/c/abc',
    'AuthParameters': {
        'OAuthParameters': {
            'ClientParameters': {'ClientID': 'cid'},
            'AuthorizationEndpoint': 'https://auth.example.com/token',
            'HttpMethod': 'POST',
            'OAuthHttpParameters': {
                'HeaderParameters': [
                    {'Key': 'h1', 'Value': 'v1', 'IsValueSecret': False},
                    {'Key': 'h2', 'IsValueSecret': True}],
                'BodyParameters': [{'Key': 'b1', 'Value': 'bv', 'IsValueSecret': False}]}},
        'InvocationHttpParameters': {
            'QueryStringParameters': [{'Key': 'q', 'Value': 'qv', 'IsValueSecret': False}]}},
    'CreationTime': '2023-11-14T22:13:20+00:00',
    'LastModifiedTime': '2023-11-14T22:13:21.500000+00:00',
    'LastAuthorizedTime': '2023-11-14T22:13:22+00:00'}
LIST = {'Connections': [
    {'ConnectionArn': 'arn:aws:events:us-east-1:123456789012:connection/a/1', 'Name': 'a',
     'ConnectionState': 'AUTHORIZED', 'AuthorizationType': 'BASIC',
     'CreationTime': '2023-11-14T22:13:20+00:00', 'LastModifiedTime': '2023-11-14T22:13:20+00:00',
     'LastAuthorizedTime': '2023-11-14T22:13:20+00:00'},
    {'ConnectionArn': 'arn:aws:events:us-east-1:123456789012:connection/b/2', 'Name': 'b',
     'ConnectionState': 'DEAUTHORIZED', 'StateReason': 'bad creds', 'AuthorizationType': 'API_KEY',
     'CreationTime': '2023-11-14T22:13:20+00:00', 'LastModifiedTime': '2023-11-14T22:13:20+00:00'}],
    'NextToken': 'tok'}
LIST_EMPTY = {'Connections': []}

UNICODE = {'Name': 'ü日本語', 'Description': 'naïve café ☃ – emoji 😀', 'Wide': '表',
           'Ambiguous': '°±×', 'Combining': 'e\u0301'}
ODD_STRINGS = {
    'empty': '', 'int': '123', 'float': '1.5', 'exp': '1e3', 'hex': '0x1F', 'oct': '0o17',
    'under': '1_000', 'bool': 'true', 'True': 'True', 'yes': 'yes', 'no': 'NO', 'on': 'on',
    'null': 'null', 'Null': 'Null', 'tilde': '~', 'date': '2023-11-14', 'ts': '2023-11-14 22:13:20',
    'inf': '.inf', 'nan': '.NaN', 'dash': '-', 'dashsp': '- x', 'colon': 'a: b', 'colon2': 'a:b',
    'hash': 'a #b', 'hash2': 'a#b', 'lead': ' x', 'trail': 'x ', 'quote': "it's", 'dq': 'say "hi"',
    'tab': 'tab\there', 'nl': 'line1\nline2', 'nlend': 'x\n', 'cr': 'a\rb', 'bs': 'back\\slash',
    'star': '*x', 'amp': '&x', 'bang': '!x', 'pct': '%x', 'at': '@x', 'tick': '`x', 'brace': '{x}',
    'bracket': '[x]', 'comma': 'a,b', 'q': '?x', 'qsp': '? x', 'pipe': '|x', 'gt': '>x',
    'docstart': '---', 'docend': '...', 'eq': '=', 'merge': '<<', 'plus': '+1', 'minus': '-1.5',
    'dot5': '.5', 'del': 'a\x7fb', 'nbsp': 'a\xa0b', 'nel': 'a\x85b', 'ls': 'a\u2028b',
    'bom': '\ufeffx', 'ctrl': 'a\x01b', 'esc': 'a\x1bb', 'zero': '0', 'neg0': '-0',
    'multi sp': 'a  b', 'http': 'https://example.com/a?b=c#d',
}
NUMBERS = {'i': 1, 'neg': -7, 'big': 123456789012345678901234567890, 'f': 1.5, 'f0': 1700000000.0,
           'f3': 1700000000.123, 'small': 1e-05, 'tiny': 0.0001, 'large': 1e16, 'l15': 1234567890123456.0,
           'third': 1 / 3, 'negf': -2.5, 'zero': 0, 'fzero': 0.0, 't': True, 'f_': False, 'n': None}
LONG = {
    'short': 'x',
    'longplain': ' '.join(['word%d' % i for i in range(40)]),
    'longword': 'y' * 120,
    'longquoted': '2023 ' + ' '.join(['z%d' % i for i in range(40)]) + ':',
    'longdq': 'tab\t' + ' '.join(['w%d' % i for i in range(40)]),
    'nested': {'deeper': {'text': ' '.join(['v%d' % i for i in range(30)])}},
    'list': [' '.join(['item%d' % i for i in range(25)])],
}
NESTED = {
    'Top': 'x',
    'Items': [
        {'Name': 'one', 'Tags': [{'Key': 'k', 'Value': 'v'}], 'Count': 1},
        {'Name': 'two', 'Extra': True, 'Tags': [], 'Sub': {'A': 1, 'B': [1, 2]}},
        {'Name': 'three', 'Scalars': ['s1', 's2'], 'Lists': [[1, 2], [3]]}],
    'Empty': {}, 'EmptyList': [], 'Matrix': [[1, 'a'], [2, 'b']],
    'Mixed': ['a', ['b', 'c'], {'d': 1}],
    'Only': {'One': 1},
}
NESTED_OK = {
    'Top': 'x', 'Count': 3,
    'Items': [
        {'Name': 'one', 'Tags': [{'Key': 'k', 'Value': 'v'}, {'Key': 'k2', 'Value': 'v2'}], 'Count': 1},
        {'Name': 'two', 'Extra': True, 'Tags': [], 'Sub': {'A': 1, 'B': [1, 2]}},
        {'Name': 'three', 'Scalars': ['s1', 's2'], 'Lists': [[1, 2], [3, 4]]}],
    'Empty': {}, 'EmptyList': [], 'Matrix': [[1, 'a'], [2, 'b']],
    'Only': {'One': 1}, 'Deep': {'L1': {'L2': {'L3': [{'K': 'v', 'N': None}]}}},
}
QUOTES = {'a': "'quoted'", 'b': "it's 'x'", 'c': '"dq"', 'd': "'" + ' '.join(['q%d' % i for i in range(40)]) + "'",
          'e': 'a\\b', 'f': ' lead and trail ', 'g': '#comment', 'h': 'x\n y', 'i': 'x \ny'}
MIXED_COLUMN = {'Rows': [{'A': 1, 'B': {'x': 1}}, {'A': 2, 'B': 'plain'}]}
WIDE = {'Key': 'k' * 30, 'Value': 'v' * 30, 'Other': 'o' * 20}

FORMAT_CASES = [
    # name, format, operation, input, query
    ('create-json', 'json', 'CreateConnection', CREATE, None),
    ('create-text', 'text', 'CreateConnection', CREATE, None),
    ('create-table', 'table', 'CreateConnection', CREATE, None),
    ('create-yaml', 'yaml', 'CreateConnection', CREATE, None),
    ('create-yaml-stream', 'yaml-stream', 'CreateConnection', CREATE, None),
    ('create-wire-text', 'text', 'CreateConnection', CREATE_WIRE, None),
    ('create-wire-json', 'json', 'CreateConnection', CREATE_WIRE, None),
    ('create-wire-yaml', 'yaml', 'CreateConnection', CREATE_WIRE, None),
    ('create-query-missing-text', 'text', 'CreateConnection', CREATE, 'Nope'),
    ('create-query-missing-json', 'json', 'CreateConnection', CREATE, 'Nope'),
    ('create-query-missing-yaml', 'yaml', 'CreateConnection', CREATE, 'Nope'),
    ('create-query-missing-yaml-stream', 'yaml-stream', 'CreateConnection', CREATE, 'Nope'),
    ('create-query-missing-table', 'table', 'CreateConnection', CREATE, 'Nope'),
    ('create-query-scalar-text', 'text', 'CreateConnection', CREATE, 'ConnectionState'),
    ('create-query-scalar-json', 'json', 'CreateConnection', CREATE, 'ConnectionState'),
    ('create-query-scalar-yaml', 'yaml', 'CreateConnection', CREATE, 'ConnectionState'),
    ('create-query-scalar-table', 'table', 'CreateConnection', CREATE, 'ConnectionState'),
    ('create-query-multi-table', 'table', 'CreateConnection', CREATE, '{arn:ConnectionArn,state:ConnectionState}'),
    ('create-query-multi-json', 'json', 'CreateConnection', CREATE, '{state:ConnectionState,arn:ConnectionArn}'),
    ('create-query-multi-text', 'text', 'CreateConnection', CREATE, '{state:ConnectionState,arn:ConnectionArn}'),
    ('create-query-multi-yaml', 'yaml', 'CreateConnection', CREATE, '{state:ConnectionState,arn:ConnectionArn}'),
    ('create-query-number-json', 'json', 'CreateConnection', CREATE, 'length(ConnectionArn)'),
    ('create-query-number-table', 'table', 'CreateConnection', CREATE, 'length(ConnectionArn)'),
    ('create-query-true-text', 'text', 'CreateConnection', CREATE, "ConnectionState == 'AUTHORIZED'"),
    ('create-query-false-table', 'table', 'CreateConnection', CREATE, "ConnectionState == 'x'"),
    ('create-query-zero-table', 'table', 'CreateConnection', CREATE, 'length(``)'),
    ('create-query-empty-string-json', 'json', 'CreateConnection', CREATE, "''"),
    ('create-query-empty-list-json', 'json', 'CreateConnection', CREATE, '[]'),
    ('create-query-empty-object-json', 'json', 'CreateConnection', CREATE, '`{}`'),
    ('create-query-empty-object-yaml', 'yaml', 'CreateConnection', CREATE, '`{}`'),
    ('create-query-empty-list-yaml', 'yaml', 'CreateConnection', CREATE, '`[]`'),
    ('create-query-empty-list-text', 'text', 'CreateConnection', CREATE, '`[]`'),
    ('create-query-empty-list-yaml-stream', 'yaml-stream', 'CreateConnection', CREATE, '`[]`'),
    ('create-query-empty-object-yaml-stream', 'yaml-stream', 'CreateConnection', CREATE, '`{}`'),
    ('create-table-color', 'table', 'CreateConnection', CREATE, None, 'on'),
    ('describe-json', 'json', 'DescribeConnection', DESCRIBE, None),
    ('describe-text', 'text', 'DescribeConnection', DESCRIBE, None),
    ('describe-table', 'table', 'DescribeConnection', DESCRIBE, None),
    ('describe-table-wide', 'table', 'DescribeConnection', DESCRIBE, None, 'off', 200),
    ('describe-table-color', 'table', 'DescribeConnection', DESCRIBE, None, 'on'),
    ('describe-yaml', 'yaml', 'DescribeConnection', DESCRIBE, None),
    ('describe-yaml-stream', 'yaml-stream', 'DescribeConnection', DESCRIBE, None),
    ('describe-query-list-table', 'table', 'DescribeConnection', DESCRIBE,
     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters[].Key'),
    ('describe-query-list-text', 'text', 'DescribeConnection', DESCRIBE,
     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters[].Key'),
    ('describe-query-list-json', 'json', 'DescribeConnection', DESCRIBE,
     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters[].Key'),
    ('describe-query-list-yaml', 'yaml', 'DescribeConnection', DESCRIBE,
     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters[].Key'),
    ('describe-query-headers-table', 'table', 'DescribeConnection', DESCRIBE,
     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters'),
    ('describe-query-headers-text', 'text', 'DescribeConnection', DESCRIBE,
     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters'),
    ('describe-query-alias-yaml', 'yaml', 'DescribeConnection', DESCRIBE,
     '[AuthParameters.InvocationHttpParameters, AuthParameters.InvocationHttpParameters, AuthParameters]'),
    ('delete-json', 'json', 'DeleteConnection', DELETE, None),
    ('deauth-json', 'json', 'DeauthorizeConnection', DEAUTH, None),
    ('empty-body-json', 'json', 'DeleteConnection', EMPTY, None),
    ('empty-body-text', 'text', 'DeleteConnection', EMPTY, None),
    ('empty-body-table', 'table', 'DeleteConnection', EMPTY, None),
    ('empty-body-yaml', 'yaml', 'DeleteConnection', EMPTY, None),
    ('empty-body-yaml-stream', 'yaml-stream', 'DeleteConnection', EMPTY, None),
    ('empty-body-query-text', 'text', 'DeleteConnection', EMPTY, 'ConnectionArn'),
    ('empty-body-query-json', 'json', 'DeleteConnection', EMPTY, 'ConnectionArn'),
    ('list-json', 'json', 'ListConnections', LIST, None),
    ('list-text', 'text', 'ListConnections', LIST, None),
    ('list-table', 'table', 'ListConnections', LIST, None),
    ('list-table-color', 'table', 'ListConnections', LIST, None, 'on'),
    ('list-yaml', 'yaml', 'ListConnections', LIST, None),
    ('list-yaml-stream', 'yaml-stream', 'ListConnections', LIST, None),
    ('list-query-table', 'table', 'ListConnections', LIST, 'Connections[].[Name,ConnectionState]'),
    ('list-query-text', 'text', 'ListConnections', LIST, 'Connections[].[Name,ConnectionState]'),
    ('list-query-yaml', 'yaml', 'ListConnections', LIST, 'Connections[].[Name,ConnectionState]'),
    ('list-query-names-table', 'table', 'ListConnections', LIST, 'Connections[].Name'),
    ('list-query-hash-table', 'table', 'ListConnections', LIST,
     'Connections[].{N:Name,S:ConnectionState,R:StateReason}'),
    ('list-query-hash-text', 'text', 'ListConnections', LIST,
     'Connections[].{N:Name,S:ConnectionState,R:StateReason}'),
    ('list-empty-json', 'json', 'ListConnections', LIST_EMPTY, None),
    ('list-empty-text', 'text', 'ListConnections', LIST_EMPTY, None),
    ('list-empty-table', 'table', 'ListConnections', LIST_EMPTY, None),
    ('list-empty-yaml', 'yaml', 'ListConnections', LIST_EMPTY, None),
    ('list-empty-yaml-stream', 'yaml-stream', 'ListConnections', LIST_EMPTY, None),
    ('unicode-json', 'json', 'Op', UNICODE, None),
    ('unicode-text', 'text', 'Op', UNICODE, None),
    ('unicode-table', 'table', 'Op', UNICODE, None),
    ('unicode-table-narrow', 'table', 'Op', {'A': '日本語', 'B': 'x'}, None),
    ('unicode-yaml', 'yaml', 'Op', UNICODE, None),
    ('strings-json', 'json', 'Op', ODD_STRINGS, None),
    ('strings-yaml', 'yaml', 'Op', ODD_STRINGS, None),
    ('strings-text', 'text', 'Op', ODD_STRINGS, None),
    ('strings-table', 'table', 'Op', ODD_STRINGS, None, 'off', 400),
    ('strings-keys-yaml', 'yaml', 'Op', {v: k for k, v in ODD_STRINGS.items() if v}, None),
    ('numbers-json', 'json', 'Op', NUMBERS, None),
    ('numbers-text', 'text', 'Op', NUMBERS, None),
    ('numbers-table', 'table', 'Op', NUMBERS, None),
    ('numbers-yaml', 'yaml', 'Op', NUMBERS, None),
    ('numbers-list-yaml', 'yaml', 'Op', list(NUMBERS.values()), None),
    ('numbers-list-text', 'text', 'Op', list(NUMBERS.values()), None),
    ('long-yaml', 'yaml', 'Op', LONG, None),
    ('long-yaml-stream', 'yaml-stream', 'Op', LONG, None),
    ('long-text', 'text', 'Op', LONG, None),
    ('nested-json', 'json', 'Op', NESTED, None),
    ('nested-text', 'text', 'Op', NESTED, None),
    ('nested-table', 'table', 'Op', NESTED, None),
    ('nested-table-wide', 'table', 'Op', NESTED, None, 'off', 300),
    ('nested-yaml', 'yaml', 'Op', NESTED, None),
    ('nested-items-table', 'table', 'Op', NESTED, 'Items'),
    ('nested-items-text', 'text', 'Op', NESTED, 'Items'),
    ('nested-mixed-table', 'table', 'Op', NESTED, 'Mixed'),
    ('nested-mixed-text', 'text', 'Op', NESTED, 'Mixed'),
    ('nested-matrix-table', 'table', 'Op', NESTED, 'Matrix'),
    ('nested-matrix-text', 'text', 'Op', NESTED, 'Matrix'),
    ('nested-only-table', 'table', 'Op', NESTED, 'Only'),
    ('mixed-column-text', 'text', 'Op', MIXED_COLUMN, None),
    ('mixed-column-table', 'table', 'Op', MIXED_COLUMN, None),
    ('wide-table', 'table', 'Op', WIDE, None),
    ('wide-table-40', 'table', 'Op', WIDE, None, 'off', 40),
    ('long-title-table', 'table', 'AVeryLongOperationNameThatIsWiderThanTheTable', {'A': 'b'}, None),
    ('nested-table-color', 'table', 'Op', NESTED, None, 'on'),
    ('nested-ok-json', 'json', 'Op', NESTED_OK, None),
    ('nested-ok-text', 'text', 'Op', NESTED_OK, None),
    ('nested-ok-table', 'table', 'Op', NESTED_OK, None),
    ('nested-ok-table-wide', 'table', 'Op', NESTED_OK, None, 'off', 200),
    ('nested-ok-table-color', 'table', 'Op', NESTED_OK, None, 'on'),
    ('nested-ok-yaml', 'yaml', 'Op', NESTED_OK, None),
    ('nested-ok-yaml-stream', 'yaml-stream', 'Op', NESTED_OK, None),
    ('nested-ok-items-table', 'table', 'Op', NESTED_OK, 'Items'),
    ('nested-ok-items-text', 'text', 'Op', NESTED_OK, 'Items'),
    ('nested-ok-tags-table', 'table', 'Op', NESTED_OK, 'Items[].Tags[]'),
    ('nested-ok-lists-table', 'table', 'Op', NESTED_OK, 'Items[2].Lists'),
    ('nested-ok-deep-table', 'table', 'Op', NESTED_OK, 'Deep'),
    ('nested-ok-deep-text', 'text', 'Op', NESTED_OK, 'Deep'),
    ('nested-ok-keys-table', 'table', 'Op', NESTED_OK, 'Items[0]'),
    ('nested-ok-hash-yaml', 'yaml', 'Op', NESTED_OK, '{z: Top, a: Items[0].Tags, m: Matrix}'),
    ('nested-ok-to-string-text', 'text', 'Op', NESTED_OK, 'to_string(Items[0])'),
    ('nested-ok-sort-by-json', 'json', 'Op', NESTED_OK, 'sort_by(Items, &Name)[].Name'),
    ('nested-ok-alias-yaml', 'yaml', 'Op', NESTED_OK, '{a: Only, b: Only, c: [Only, Empty, Empty]}'),
    ('nested-ok-alias-stream', 'yaml-stream', 'Op', NESTED_OK, '[Items[0].Tags, Items[0].Tags]'),
    ('nested-ok-projection-alias-yaml', 'yaml', 'Op', NESTED_OK, 'map(&`{"lit": [1]}`, Items)'),
    ('quotes-yaml', 'yaml', 'Op', QUOTES, None),
    ('quotes-json', 'json', 'Op', QUOTES, None),
    ('quotes-table', 'table', 'Op', QUOTES, None, 'off', 300),
    ('expref-json', 'json', 'Op', NESTED_OK, '&Top'),
    ('expref-type-text', 'text', 'Op', NESTED_OK, 'type(&Top)'),
    ('query-type-error', 'json', 'Op', NESTED_OK, 'length(Count)'),
    ('query-compare-error', 'json', 'Op', NESTED_OK, 'Top < Count'),
    ('top-list-scalars-json', 'json', 'Op', ['a', 1, None, True], None),
    ('top-list-scalars-text', 'text', 'Op', ['a', 1, None, True], None),
    ('top-list-scalars-table', 'table', 'Op', ['a', 1, None, True], None),
    ('top-list-scalars-yaml', 'yaml', 'Op', ['a', 1, None, True], None),
    ('top-list-dicts-text', 'text', 'Op', [{'b': 1, 'a': 2}, {'c': 3}], None),
    ('top-list-dicts-table', 'table', 'Op', [{'b': 1, 'a': 2}, {'c': 3}], None),
    ('list-dict-after-scalar-table', 'table', 'Op', ['x', {'k1': 1, 'k2': 2}], None),
    ('list-row-mismatch-table', 'table', 'Op', [['a', 'b'], ['c']], None),
    ('dict-in-list-text', 'text', 'Op', {'L': [{'a': {'x': 1}}, {'a': 'y'}]}, None),
    ('repr-text', 'text', 'Op', {'L': [{'a': {'x': "it's", 'y': [True, None, 1.5, 'q"\'']}}, {'a': 'y'}]}, None),
    ('repr-table', 'table', 'Op', {'L': [{'a': {'x': "it's", 'y': [True, None, 1.5]}}, {'a': 'y'}]}, None),
    ('null-in-dict-text', 'text', 'Op', {'a': None, 'b': [None, 'x']}, None),
    ('null-in-dict-table', 'table', 'Op', {'a': None, 'b': 'x'}, None),
    ('null-in-dict-yaml', 'yaml', 'Op', {'a': None, 'b': [None, 'x'], 'c': {}}, None),
    ('empty-strings-table', 'table', 'Op', {'a': '', 'b': ''}, None),
    ('multiline-table', 'table', 'Op', {'a': 'line1\nline2', 'b': 'x'}, None),
    ('key-long-yaml', 'yaml', 'Op', {'k' * 130: 'v', 'short': 'x'}, None),
    ('key-multiline-yaml', 'yaml', 'Op', {'a\nb': 'v'}, None),
    ('top-list-yaml-stream', 'yaml-stream', 'Op', [{'a': 1}, [1, 2], 'x'], None),
    ('nested-empty-yaml', 'yaml', 'Op', {'a': [[], {}, [[]], [{}]], 'b': [{'c': []}]}, None),
    ('nested-lists-yaml', 'yaml', 'Op', [[1, [2, 3]], {'a': [{'b': [4]}]}], None),
    ('float-edge-json', 'json', 'Op', {'a': 1e300, 'b': 1.7976931348623157e308, 'c': 5e-324,
                                        'd': 123456789.123456789, 'e': 0.1, 'f': 100.0, 'g': -0.0}, None),
    ('float-edge-yaml', 'yaml', 'Op', {'a': 1e300, 'c': 5e-324, 'd': 123456789.123456789, 'g': -0.0, 'h': 1e16}, None),
    ('control-json', 'json', 'Op', {'s': 'a\x00b\x1fc\x7f\u2028"\\/\b\f\n\r\t'}, None),
]

QUERY_FORMAT_ERRORS = []


def render(fmt, op, data, query, color='off', width=80):
    awscli.table.determine_terminal_width = lambda default_width=80: width
    args = Namespace(query=jmespath.compile(query) if query else None, color=color)
    formatter = get_formatter(fmt, args)
    buf = io.StringIO()
    stream = buf
    if color == 'on':
        # What colorama.init(autoreset=True, strip=False) does to sys.stdout.
        stream = AnsiToWin32(buf, convert=False, strip=False, autoreset=True).stream
    value = {} if data is EMPTY else json.loads(json.dumps(data))
    formatter(op, value, stream)
    return buf.getvalue()


def write_format_cases():
    out_dir = os.path.join(HERE, 'formats')
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, old))
    for case in FORMAT_CASES:
        name, fmt, op, data, query = case[:5]
        color = case[5] if len(case) > 5 else 'off'
        width = case[6] if len(case) > 6 else 80
        header = ['format: ' + fmt, 'operation: ' + op]
        if query is not None:
            header.append('query: ' + query)
        header += ['color: ' + color, 'width: %d' % width, 'input:',
                   'EMPTY' if data is EMPTY else json.dumps(data, ensure_ascii=False)]
        try:
            body = 'expected:\n' + render(fmt, op, data, query, color, width)
        except Exception as e:  # the CLI prints str(e) and exits 255
            body = 'error:\n' + str(e)
        with open(os.path.join(out_dir, name + '.case'), 'w', encoding='utf-8', newline='') as f:
            f.write('\n'.join(header) + '\n' + body)


# Transcript (aws-cli-transcripts/<name>.txt) -> (format, operation, input, query): the input is the
# canned server response with its epoch timestamps already turned into ISO strings, as the
# caller hands it over.
TRANSCRIPTS = {
    'ok-create-bad-enum-passthrough': ('json', 'CreateConnection', CREATE, None),
    'ok-create-cli-input-yaml': ('json', 'CreateConnection', CREATE, None),
    'ok-create-file-args': ('json', 'CreateConnection', CREATE, None),
    'ok-create-headers-list': ('json', 'CreateConnection', CREATE, None),
    'ok-create-json-arg': ('json', 'CreateConnection', CREATE, None),
    'ok-create-query-missing-text': ('text', 'CreateConnection', CREATE, 'Nope'),
    'ok-create-query-multi': ('table', 'CreateConnection', CREATE, '{arn:ConnectionArn,state:ConnectionState}'),
    'ok-create-query-scalar-text': ('text', 'CreateConnection', CREATE, 'ConnectionState'),
    'ok-create-table': ('table', 'CreateConnection', CREATE, None),
    'ok-create-text': ('text', 'CreateConnection', CREATE, None),
    'ok-create-wire-profile': ('text', 'CreateConnection', CREATE_WIRE, None),
    'ok-create-yaml-stream': ('yaml-stream', 'CreateConnection', CREATE, None),
    'ok-deauth': ('json', 'DeauthorizeConnection', DEAUTH, None),
    'ok-delete': ('json', 'DeleteConnection', DELETE, None),
    'ok-describe-json': ('json', 'DescribeConnection', DESCRIBE, None),
    'ok-describe-query-list-table': ('table', 'DescribeConnection', DESCRIBE,
                                     'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters[].Key'),
    'ok-describe-query-list-text': ('text', 'DescribeConnection', DESCRIBE,
                                    'AuthParameters.OAuthParameters.OAuthHttpParameters.HeaderParameters[].Key'),
    'ok-describe-table': ('table', 'DescribeConnection', DESCRIBE, None),
    'ok-describe-yaml': ('yaml', 'DescribeConnection', DESCRIBE, None),
    'ok-empty-body-table': ('table', 'DeleteConnection', EMPTY, None),
    'ok-empty-body-text': ('text', 'DeleteConnection', EMPTY, None),
    'ok-list-empty-table': ('table', 'ListConnections', LIST_EMPTY, None),
    'ok-list-empty-yaml': ('yaml', 'ListConnections', LIST_EMPTY, None),
    'ok-list-empty': ('json', 'ListConnections', LIST_EMPTY, None),
    'ok-list-json': ('json', 'ListConnections', LIST, None),
    'ok-list-query-table': ('table', 'ListConnections', LIST, 'Connections[].[Name,ConnectionState]'),
    'ok-list-text': ('text', 'ListConnections', LIST, None),
    'ok-list-yaml-stream': ('yaml-stream', 'ListConnections', LIST, None),
    'ok-list-yaml': ('yaml', 'ListConnections', LIST, None),
}


def transcript_stdout(path):
    data = open(path, 'rb').read()
    m = re.search(rb'--- stdout \((\d+) bytes\):\n', data)
    start = m.end()
    return data[start:start + int(m.group(1))].decode('utf-8')


def write_transcript_cases(transcript_dir):
    """Copies the stdout of the golden transcripts, checking that the oracle agrees with them."""
    out_dir = os.path.join(HERE, 'transcripts')
    os.makedirs(out_dir, exist_ok=True)
    for name, (fmt, op, data, query) in sorted(TRANSCRIPTS.items()):
        expected = transcript_stdout(os.path.join(transcript_dir, name + '.txt'))
        oracle = render(fmt, op, data, query)
        if oracle != expected:
            raise SystemExit('oracle disagrees with transcript %s:\n%r\n%r' % (name, oracle, expected))
        header = ['format: ' + fmt, 'operation: ' + op]
        if query is not None:
            header.append('query: ' + query)
        header += ['color: off', 'width: 80', 'input:',
                   'EMPTY' if data is EMPTY else json.dumps(data, ensure_ascii=False)]
        with open(os.path.join(out_dir, name + '.case'), 'w', encoding='utf-8', newline='') as f:
            f.write('\n'.join(header) + '\nexpected:\n' + expected)


def write_float_cases():
    """repr() of doubles across the range: bit patterns, round decimals, integers as floats."""
    import random
    import struct
    rng = random.Random(20261124)
    values = [struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0] for _ in range(3000)]
    values += [rng.uniform(-1e6, 1e6) for _ in range(1000)]
    values += [round(rng.uniform(0, 1e4), rng.randint(0, 6)) for _ in range(1000)]
    values += [float(10 ** e) for e in range(-25, 25)] + [float(10 ** e) * 1.5 for e in range(-25, 25)]
    values += [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e15, 1e16, 1e17, 0.1, 0.2, 0.3]
    with open(os.path.join(HERE, 'floats.cases'), 'w') as f:
        for v in values:
            if v == v and v not in (float('inf'), float('-inf')):
                f.write('%s %s\n' % (struct.pack('>d', v).hex(), repr(v)))


def main():
    write_format_cases()
    transcript_dir = os.environ.get('TRANSCRIPTS', os.path.join(
        HERE, '../../../../../../shared/reference/aws-cli-transcripts'))
    if os.path.isdir(transcript_dir):
        write_transcript_cases(transcript_dir)
    write_float_cases()
    sys.path.insert(0, HERE)
    import jmespath_cases
    jmespath_cases.write(os.path.join(HERE, 'jmespath.cases'))


if __name__ == '__main__':
    main()
