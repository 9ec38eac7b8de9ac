"""JMESPath cases for QueryTest, evaluated by Python jmespath 1.0.1 (see generate.py)."""
import json

import jmespath

FOO = {'foo': {'bar': {'baz': 'correct'}, 'list': [0, 1, 2, 3, 4, 5]},
       'people': [{'name': 'a', 'age': 30, 'tags': ['x', 'y']},
                  {'name': 'b', 'age': 25, 'tags': []},
                  {'name': 'c', 'age': 35},
                  {'name': 'd', 'age': None, 'tags': ['z']}],
       'nums': [3, 1.5, -2, 10], 'strs': ['b', 'a', 'C', 'é', '😀', 'z'],
       'nested': [[1, 2], [3, [4, 5]], 6, [[7]]],
       'obj': {'a': 1, 'b': 'two', 'c': [3], 'd': {'e': None}, 'f': False, 'g': ''},
       'mixed': [1, 'a', None, True, [], {}, 1.0, 0],
       'empty': [], 'emptyobj': {}, 't': True, 'f': False, 'n': None, 'zero': 0, 'one': 1,
       'ones': [1, 1.0, True], 'big': 123456789012345678901234567890, 'fl': 2.5,
       'spaced key': 1, '"quoted"': 2, 'ü': 3}

CASES = [
    # identifiers, sub-expressions
    ('foo', FOO), ('foo.bar', FOO), ('foo.bar.baz', FOO), ('foo.bar.baz.bad', FOO), ('foo.nope', FOO),
    ('"foo"."bar"', FOO), ('"spaced key"', FOO), ('"\\"quoted\\""', FOO), ('"\\u00fc"', FOO), ('ü', FOO),
    ('@', 'string'), ('@.foo', FOO), ('foo.@', FOO), ('foo.list.a', FOO), ('obj.b.x', FOO),
    # index, slices
    ('foo.list[0]', FOO), ('foo.list[-1]', FOO), ('foo.list[6]', FOO), ('foo.list[-7]', FOO),
    ('foo.list[1:3]', FOO), ('foo.list[::2]', FOO), ('foo.list[::-1]', FOO), ('foo.list[-2:]', FOO),
    ('foo.list[5:0:-2]', FOO), ('foo.list[10:]', FOO), ('foo.list[:-10]', FOO), ('foo.list[:]', FOO),
    ('foo.list[::0]', FOO), ('obj[0]', FOO), ('obj[1:]', FOO), ("'abc'[0:1]", FOO), ('[0]', [[1]]),
    ('[1:2]', [1, 2, 3]), ('foo.list[1:3].x', FOO), ('foo.list[1:3][0]', FOO),
    # projections
    ('people[*].name', FOO), ('people[].name', FOO), ('people[*].tags', FOO), ('people[].tags[]', FOO),
    ('people[*].tags[0]', FOO), ('people[*]', FOO), ('obj.*', FOO), ('obj.*.e', FOO), ('*', {'a': 1, 'b': None}),
    ('people[*].nope', FOO), ('obj[*]', FOO), ('foo.*.baz', FOO), ('people[:2].name', FOO),
    ('people[*].tags[*]', FOO), ('[*]', {'a': 1}), ('*[0]', {'a': [1], 'b': [2]}), ('people[*].[name, age]', FOO),
    ('people[0:2].{n: name}', FOO), ('people[*].name | [0]', FOO), ('people[*].name[0]', FOO),
    # flatten
    ('nested[]', FOO), ('nested[][]', FOO), ('nested[].a', FOO), ('[]', [1, [2]]), ('obj[]', FOO),
    ('nested[][0]', FOO), ('nested[]|[0]', FOO),
    # filters and comparators
    ('people[?age > `28`].name', FOO), ('people[?age >= `30`].name', FOO), ('people[?age < `30`]', FOO),
    ("people[?name == 'b'].age", FOO), ("people[?name != 'b'].name", FOO), ('people[?tags].name', FOO),
    ('people[?!tags].name', FOO), ('people[?age == null].name', FOO), ("people[?name > 'a'].name", FOO),
    ('mixed[?@ == `1`]', FOO), ('mixed[?@ == `true`]', FOO), ('mixed[?@ == `0`]', FOO), ('mixed[?@]', FOO),
    ('ones[?@ == `1`]', FOO), ('[?@ == `[1]`]', [[1], [True], [1.0]]), ('[?@ == `{"a": true}`]', [{'a': 1}, {'a': True}]),
    ("people[?age > 'x']", FOO), ("nums[?@ > `1`]", FOO), ('nums[?@ < `1.5`]', FOO), ('[?a < b]', [{'a': 1, 'b': 'x'}]),
    ('[?a < b]', [{'a': 'a', 'b': 'b'}, {'a': 'b', 'b': 'a'}]), ('[?a > b]', [{'a': '😀', 'b': '\uffff'}]),
    ('people[?age > `28` && name != `"c"`].name', FOO), ('people[?age < `28` || age > `32`].name', FOO),
    ('obj[?a]', FOO), ('people[?age > `20`] | [1].name', FOO), ('[?big == `123456789012345678901234567890`]', [FOO]),
    ('[?fl == `2.5`] | length(@)', [FOO]), ('foo.list[?@ > `2`] | [0]', FOO), ('people[?age]|[].name', FOO),
    ('[?`true`]', [1, 2]), ('[?@ == `1.0`]', [1, 2]), ('[?t == `true`]', [FOO]), ('people[?tags == `[]`].name', FOO),
    # or / and / not
    ('n || t', FOO), ('f || zero', FOO), ('empty || emptyobj || obj.g || `"last"`', FOO), ('t && one', FOO),
    ('f && one', FOO), ('zero && one', FOO), ('!zero', FOO), ('!one', FOO), ('!empty', FOO), ('!n', FOO),
    ("!''", FOO), ('!fl', FOO), ('!`0.0`', FOO), ('!obj', FOO), ('!(t && f)', FOO), ('t && !f', FOO),
    # multi-select
    ('[foo.list[0], obj.b]', FOO), ('{a: obj.a, b: obj.b, c: nope}', FOO), ('{b: obj.a, a: obj.b}', FOO),
    ('n.[a, b]', FOO), ('n.{a: a}', FOO), ('{"quoted key": obj.a}', FOO), ('{a: obj.a, a: obj.b}', FOO),
    ('people[].[name, age][]', FOO), ('[[a, b], c]', {'a': 1, 'b': 2, 'c': 3}),
    # literals
    ('`"lit"`', FOO), ('`[1, 2.0, true, null, {"a": "b"}]`', FOO), ("'raw string'", FOO), ("'it\\'s'", FOO),
    ("'a\\\\b'", FOO), ('`foo`', FOO), ('`  foo bar`', FOO), ('`1e3`', FOO), ('`-0`', FOO), ('`1.0`', FOO),
    ('`NaN`', FOO), ('`"\\u00e9"`', FOO), ('`{"a": 1, "a": 2, "b": 3}`', FOO), ('`"a\\`b"`', FOO),
    ('`12345678901234567890123`', FOO), ('`1.7976931348623157e309`', FOO),
    # pipes and current node
    ('foo | bar', FOO), ('foo.list | [1]', FOO), ('people | [0] | name', FOO), ('@ | @.obj.a', FOO),
    # functions
    ('abs(`-3`)', FOO), ('abs(`-3.5`)', FOO), ("abs('x')", FOO), ('abs(nums[2])', FOO), ('avg(nums)', FOO),
    ('avg(empty)', FOO), ('avg(strs)', FOO), ('ceil(`1.2`)', FOO), ('floor(`-1.2`)', FOO), ('ceil(`3`)', FOO),
    ("contains('abc', 'b')", FOO), ('contains(foo.list, `3`)', FOO), ('contains(ones, `true`)', FOO),
    ("contains('abc', `1`)", FOO), ('contains(obj, `1`)', FOO), ("ends_with('abc', 'bc')", FOO),
    ("starts_with('abc', 'b')", FOO), ("starts_with(`1`, 'b')", FOO), ("join(', ', strs)", FOO),
    ("join(', ', nums)", FOO), ("join(', ', mixed)", FOO), ('keys(obj)', FOO), ('values(obj)', FOO), ('keys(empty)', FOO),
    ("length('héllo😀')", FOO), ('length(people)', FOO), ('length(obj)', FOO), ('length(`1`)', FOO),
    ('length(n)', FOO), ('map(&name, people)', FOO), ('map(&age, people)', FOO), ('map(&[name], people)', FOO),
    ('max(nums)', FOO), ('max(strs)', FOO), ('max(empty)', FOO), ('max(mixed)', FOO), ('max(`[1, "a"]`)', FOO),
    ('min(nums)', FOO), ('min(strs)', FOO), ('max(ones)', FOO), ('min(`[1.0, 1]`)', FOO),
    ('max_by(people, &age)', FOO), ('max_by(people[0:3], &age).name', FOO), ('min_by(people[0:3], &age).name', FOO),
    ('max_by(people[0:3], &name).name', FOO), ('max_by(`[{"a": 1}, {"a": "x"}]`, &a)', FOO),
    ('min_by(`[{"a": 1}, {"a": "x"}]`, &a)', FOO), ('max_by(empty, &a)', FOO),
    ('merge(obj, `{"a": 9, "z": 0}`)', FOO), ('merge(`{}`)', FOO), ('merge()', FOO), ('merge(`1`)', FOO),
    ('not_null(n, nope, obj.a)', FOO), ('not_null(n)', FOO), ('not_null()', FOO),
    ('reverse(strs)', FOO), ("reverse('ab😀c')", FOO), ('reverse(obj)', FOO),
    ('sort(nums)', FOO), ('sort(strs)', FOO), ('sort(mixed)', FOO), ('sort(empty)', FOO), ('sort(ones)', FOO),
    ('sort_by(people[0:3], &age)[].name', FOO), ('sort_by(people[0:3], &name)[].name', FOO),
    ('sort_by(people, &age)', FOO), ('sort_by(people[0:3], &tags)', FOO), ('sort_by(`[{"a": 1}, {"a": "x"}]`, &a)', FOO),
    ('sort_by(empty, &a)', FOO), ('sort_by(`[{"a": 2, "i": 0}, {"a": 1, "i": 1}, {"a": 2, "i": 2}]`, &a)[].i', FOO),
    ('sum(nums)', FOO), ('sum(foo.list)', FOO), ('sum(empty)', FOO), ('sum(strs)', FOO),
    ('to_array(obj.a)', FOO), ('to_array(foo.list)', FOO), ('to_array(n)', FOO),
    ('to_string(obj)', FOO), ("to_string('x')", FOO), ('to_string(`1.5`)', FOO), ('to_string(strs)', FOO),
    ('to_string(mixed)', FOO), ("to_number('12')", FOO), ("to_number('1.5')", FOO), ("to_number(' 7 ')", FOO),
    ("to_number('1e3')", FOO), ("to_number('x')", FOO), ("to_number('1_000')", FOO), ('to_number(`true`)', FOO),
    ('to_number(obj.a)', FOO), ("to_number('inf')", FOO), ("to_number('-0')", FOO),
    ('type(obj)', FOO), ('type(mixed)', FOO), ('map(&type(@), mixed)', FOO), ('type(`1.5`)', FOO),
    ('nope(`1`)', FOO), ('length(`1`, `2`)', FOO), ('length()', FOO), ('sort_by(people, name)', FOO),
    ('map(name, people)', FOO), ('length(&name)', FOO), ('abs(`true`)', FOO), ('max(`[true]`)', FOO),
    ('avg(`[1, "a"]`)', FOO), ('sum(`[1, 2.5]`)', FOO), ('sum(`[1, 2]`)', FOO), ('avg(`[1, 2]`)', FOO),
    ('abs(big)', FOO), ('sum([big, `1`])', FOO), ('ceil(fl)', FOO), ('people[?contains(tags || `[]`, `"x"`)].name', FOO),
    ("[?starts_with(@, 'a')]", ['ab', 'ba', 'ac']), ('sort(keys(@))', FOO), ('length(keys(obj))', FOO),
    # compile errors
    ('foo[', FOO), ('foo.', FOO), ('a b', FOO), ('a ~ b', FOO), ('', FOO), ('a[?b == `{]', FOO), ('a.[b', FOO),
    ('foo]', FOO), ('[1', FOO), ('foo.1', FOO), ('foo.[', FOO), ('{a: b', FOO), ('{a b}', FOO), ('{1: a}', FOO),
    ('"foo', FOO), ("'foo", FOO), ('`foo', FOO), ('= b', FOO), ('a = b', FOO), ('a =', FOO), ('-', FOO),
    ('foo[1:2:3:4]', FOO), ('foo[a]', FOO), ('foo[1 2]', FOO), ('"a"(b)', FOO), ('`1`()', FOO), ('a.(b)', FOO),
    ('foo | ', FOO), ('&', FOO), ('!', FOO), ('a && ', FOO), ('[?a', FOO), ('a[?b]c', FOO), ('a *', FOO),
    ('"\\q"', FOO), ('"a\tb"', FOO), ('`"a`', FOO), ('`{"a": }`', FOO), ('foo.*.', FOO), ('foo[*', FOO),
    ('foo[*].[', FOO), (')', FOO), ('a,b', FOO), ('foo.-1', FOO), ('[:::]', FOO), ('[:a]', FOO), ('a{', FOO),
    ('f(a b)', FOO), ('length(@ @)', FOO), ('"\\ud83d\\ude00"', {'😀': 1}), ('a ? b', FOO), ('a.b.c.d.e[0]', FOO),
]


def run(expr, data):
    try:
        compiled = jmespath.compile(expr)
    except Exception as e:
        return {'error': 'Bad value for --query %s: %s' % (expr, str(e))}
    try:
        return {'result': json.dumps(compiled.search(data), ensure_ascii=False)}
    except Exception as e:
        return {'error': str(e)}


def write(path):
    with open(path, 'w', encoding='utf-8') as f:
        for expr, data in CASES:
            data = json.loads(json.dumps(data))
            record = {'expr': expr, 'input': data}
            record.update(run(expr, data))
            f.write(json.dumps(record, ensure_ascii=False) + '\n')
