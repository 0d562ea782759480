// Prometheus's own parser test table (promql/parser/parse_test.go, v3.14),
// ported: each input with the AST Prometheus builds (in our AST's shape) or
// the first error Prometheus reports, "line:col: parse error: …". Cases for
// experimental features (duration expressions, anchored/smoothed, fill
// modifiers) are left out: Prometheus's default parser refuses them and so
// do we (see the "experimental" tests below).
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/promql/ast.js';
import { exprToString, parseDurationLiteral, parseExpr, parseMetricSelector, positionString, unquoteString } from '../../src/promql/parser/index.js';
import { PromQLError } from '../../src/promql/value.js';

type Json = unknown;

/** Our AST in the shape the table uses: positions as [start, end], matchers as [op, name, value]. */
function norm(e: Expr): Json {
  const pos = [e.pos.start, e.pos.end];
  switch (e.type) {
    case 'NumberLiteral': {
      const o: Record<string, unknown> = { type: e.type, val: e.val, pos };
      if ((e as { duration?: boolean }).duration) o.duration = true;
      return o;
    }
    case 'StringLiteral':
      return { type: e.type, val: e.val, pos };
    case 'VectorSelector':
      return { type: e.type, name: e.name, matchers: e.matchers.map((m) => [m.type, m.name, m.value]), offset: e.offset, at: e.at, pos };
    case 'MatrixSelector':
      return { type: e.type, vectorSelector: norm(e.vectorSelector), range: e.range, pos };
    case 'SubqueryExpr':
      return { type: e.type, expr: norm(e.expr), range: e.range, step: e.step, offset: e.offset, at: e.at, pos };
    case 'ParenExpr':
      return { type: e.type, expr: norm(e.expr), pos };
    case 'UnaryExpr':
      return { type: e.type, op: e.op, expr: norm(e.expr), pos };
    case 'BinaryExpr':
      return { type: e.type, op: e.op, lhs: norm(e.lhs), rhs: norm(e.rhs), returnBool: e.returnBool, matching: e.matching, pos };
    case 'AggregateExpr':
      return { type: e.type, op: e.op, expr: norm(e.expr), param: e.param ? norm(e.param) : null, grouping: e.grouping, without: e.without, pos };
    case 'Call':
      return { type: e.type, func: e.func.name, args: e.args.map(norm), pos };
    case 'StepInvariantExpr':
      return norm(e.expr);
  }
}

function parseError(input: string): string {
  try {
    parseExpr(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PromQLError);
    expect((e as PromQLError).errorType).toBe('bad_data');
    return (e as Error).message;
  }
  return '(no error)';
}

type Case = [string, Json | { error: string }];

describe('parse_test.go table', () => {
  for (const [input, want] of TABLE) {
    const name = input.length > 60 ? input.slice(0, 60) + '…' : input;
    if (want && typeof want === 'object' && 'error' in want) {
      it(`fails: ${name}`, () => {
        expect(parseError(input)).toBe(want.error);
      });
    } else {
      it(`parses: ${name}`, () => {
        expect(norm(parseExpr(input))).toEqual(want);
      });
    }
  }
});

describe('more of parse_test.go', () => {
  it('@ timestamps beyond int64 milliseconds', () => {
    expect(parseError('foo @ 9223372036854775808.000000')).toBe(
      '1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000',
    );
    expect(parseError('foo @ -9223372036854775808.000000')).toBe(
      '1:1: parse error: timestamp out of bounds for @ modifier: -9223372036854775808.000000',
    );
  });

  it('a very long, deeply nested expression fails fast with the first error', () => {
    const q = '(' + '-{}-1'.repeat(10000) + ')' + '[1m:]'.repeat(1000);
    const t0 = performance.now();
    expect(parseError(q)).toBe('1:3: parse error: vector selector must contain at least one non-empty matcher');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('input nested beyond the JS stack is bad data, not a crash', () => {
    expect(parseError('abs('.repeat(20000) + 'x' + ')'.repeat(20000))).toBe('1:1: parse error: expression nested too deeply');
    expect(() => parseExpr('('.repeat(1000) + '1' + ')'.repeat(1000))).not.toThrow();
  });

  it('escapes in all three kinds of string', () => {
    const dq = String.raw`"\a\b\f\n\r\t\v\\\" - \xFF\377\u1234\U00010111\U0001011111☺"`;
    expect(parseExpr(dq)).toMatchObject({ type: 'StringLiteral', val: '\x07\b\f\n\r\t\v\\" - \udcff\udcff\u1234\u{10111}\u{10111}11☺' });
    const sq = String.raw`'\a\b\f\n\r\t\v\\\' - \xFF\377\u1234\U00010111\U0001011111☺'`;
    expect(parseExpr(sq)).toMatchObject({ type: 'StringLiteral', val: "\x07\b\f\n\r\t\v\\' - \udcff\udcff\u1234\u{10111}\u{10111}11☺" });
    const raw = '`' + String.raw`\a\b\f\n\r\t\v\\\"\' - \xFF\377\u1234\U00010111\U0001011111☺` + '`';
    expect(parseExpr(raw)).toMatchObject({ type: 'StringLiteral', val: String.raw`\a\b\f\n\r\t\v\\\"\' - \xFF\377\u1234\U00010111\U0001011111☺` });
    const sel = parseExpr(`{'foo\\'bar', ` + '`a\\dos\\path`' + `="boo"}`);
    expect(sel).toMatchObject({ type: 'VectorSelector', name: '' });
    expect((sel as { matchers: { name: string; value: string }[] }).matchers.map((m) => [m.name, m.value])).toEqual([
      ['__name__', "foo'bar"],
      ['a\\dos\\path', 'boo'],
    ]);
  });

  it('\\x escapes are bytes: a UTF-8 sequence spelled in \\x decodes to its character', () => {
    expect(parseExpr('"\\xc3\\xa4"')).toMatchObject({ val: 'ä' });
    expect(parseExpr('"\\303\\244"')).toMatchObject({ val: 'ä' });
  });

  it('invalid UTF-8 from escapes stays detectably invalid (lone surrogates U+DC80–U+DCFF)', () => {
    const e = parseExpr('"a\\xffb\\xc3"') as { val: string };
    expect(e.val).toBe('a\udcffb\udcc3');
    expect(/\p{Cs}/u.test(e.val)).toBe(true); // not well-formed
    expect(exprToString(parseExpr('"a\\xffb\\xc3"'))).toBe('"a\\xffb\\xc3"');
    expect(exprToString(parseExpr('"ä\\u00e4"'))).toBe('"ää"');
  });
});

describe('experimental syntax is refused as Prometheus does without feature flags', () => {
  it.each([
    ['foo[5m+1m]', '1:5: parse error: experimental duration expression is not enabled'],
    ['foo[5s/0d]', '1:5: parse error: experimental duration expression is not enabled'],
    ['foo[5s%0d]', '1:5: parse error: experimental duration expression is not enabled'],
    ['foo[step()]', '1:5: parse error: experimental duration expression is not enabled'],
    ['foo[step()/0d]', '1:5: parse error: experimental duration expression is not enabled'],
    ['foo[1h:range()]', '1:8: parse error: experimental duration expression is not enabled'],
    ['foo[max_of(1m, 2m)]', '1:5: parse error: experimental duration expression is not enabled'],
    ['foo[(5m)]', '1:6: parse error: experimental duration expression is not enabled'],
    ['foo offset (5m)', '1:13: parse error: experimental duration expression is not enabled'],
    ['foo offset (4d/0)', '1:13: parse error: experimental duration expression is not enabled'],
    ['some_metric offset step()[5m]', '1:20: parse error: experimental duration expression is not enabled'],
    ['foo anchored', '1:1: parse error: anchored modifier is experimental and not enabled'],
    ['foo[5m] smoothed', '1:1: parse error: smoothed modifier is experimental and not enabled'],
    ['foo + fill(0) bar', '1:1: parse error: binop fill modifiers are experimental and not enabled'],
    ['foo + on(a) group_left fill_left(1) fill_right(-2) bar', '1:1: parse error: binop fill modifiers are experimental and not enabled'],
  ])('%s', (q, msg) => {
    expect(parseError(q)).toBe(msg);
  });

  it('but a signed parenthesised literal offset is plain syntax', () => {
    expect(parseExpr('foo offset -(5m)')).toMatchObject({ type: 'VectorSelector', offset: -300000 });
    expect(parseExpr('foo offset +(90)')).toMatchObject({ type: 'VectorSelector', offset: 90000 });
  });

  it('experimental functions and aggregations can be turned off', () => {
    const off = { enableExperimentalFunctions: false };
    expect(() => parseExpr('sort_by_label(foo, "a")', off)).toThrow('1:1: parse error: function "sort_by_label" is not enabled');
    expect(() => parseExpr('limitk(1, foo)', off)).toThrow(
      '1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions',
    );
    expect(() => parseExpr('limit_ratio(0.5, foo)', off)).toThrow('limit_ratio() is experimental');
    expect(parseExpr('limitk(1, foo)')).toMatchObject({ type: 'AggregateExpr', op: 'limitk' });
    expect(parseExpr('mad_over_time(foo[5m])')).toMatchObject({ type: 'Call' });
  });
});

describe('syntax errors worded and placed as Prometheus does', () => {
  it.each([
    ['', 'unknown position: parse error: no expression found in input'],
    ['   ', '1:1: parse error: no expression found in input'],
    ['sum(rate(foo[5m])', '1:18: parse error: unclosed left parenthesis'],
    ['sum(rate(foo[5m])))', '1:20: parse error: unexpected right parenthesis \')\''],
    ['foo +', '1:6: parse error: unexpected end of input'],
    ['foo +\n  ', '2:3: parse error: unexpected end of input'],
    ['sum(\n  rate(foo[5m])\n) by', '3:5: parse error: unexpected end of input in grouping opts, expected "("'],
    ['{a="ä"} +', '1:11: parse error: unexpected end of input'],
    ['{a="ä"} + *', '1:12: parse error: unexpected <op:*>'],
    ['foo(bar)', '1:1: parse error: unknown function with name "foo"'],
    ['Rate(foo[5m])', '1:1: parse error: unknown function with name "Rate"'],
    ['foo[5x]', '1:5: parse error: bad number or duration syntax: "5"'],
    ['foo[5mx]', '1:5: parse error: bad number or duration syntax: "5mx"'],
    ['1.2.3', '1:1: parse error: bad number or duration syntax: "1.2."'],
    ['foo{a="b",c~"d"}', '1:12: parse error: unexpected character inside braces: \'~\''],
    ['foo{a="b}', '1:7: parse error: unterminated quoted string'],
    ['"abc', '1:1: parse error: unterminated quoted string'],
    ['foo[5m', '1:7: parse error: unclosed left bracket'],
    ['foo + on(a) group_left', '1:23: parse error: unexpected end of input in grouping opts, expected "("'],
    ['foo + on(a) group_left * bar', '1:24: parse error: unexpected <op:*> in grouping opts, expected "("'],
    ['foo + on(a) group_left(b) * bar', '1:27: parse error: unexpected <op:*>'],
    ['foo + on(a) bar ignoring(b)', '1:17: parse error: unexpected <ignoring>'],
    ['sum(foo 1)', '1:9: parse error: unexpected number "1" in aggregation'],
    ['rate(foo 1)', '1:10: parse error: unexpected number "1"'],
    ['sum by (a b) (foo)', '1:11: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"'],
    ['sum by ("") (foo)', '1:9: parse error: invalid label name for grouping: ""'],
    ['foo{a="b" "c"}', '1:11: parse error: unexpected string "\\"c\\"" in label matching, expected "," or "}"'],
    ['foo{a="verylongvaluehere" b}', '1:27: parse error: unexpected identifier "b" in label matching, expected "," or "}"'],
    ['foo{a="x"} "a long string value"', '1:12: parse error: unexpected string "\\"a long st"...'],
    ['foo @ bar', '1:7: parse error: unexpected identifier "bar" in @, expected timestamp'],
    ['foo @ start', '1:12: parse error: unexpected end of input in @, expected timestamp'],
    ['foo @ 1 @ 2', '1:1: parse error: @ <timestamp> may not be set multiple times'],
    ['foo @ start() @ end()', '1:1: parse error: @ <timestamp> may not be set multiple times'],
    ['foo offset 0s offset 5m', ''],
    ['foo[5m 1m]', '1:8: parse error: unexpected duration "1m" in subquery or range, expected ":" or "]"'],
    ['foo[5m:1m 1m]', '1:11: parse error: unexpected duration "1m" in subquery selector, expected "]"'],
    ['foo[5m:,]', '1:8: parse error: unexpected "," in subquery selector, expected number, duration, step(), range(), or "]"'],
    ['foo[5m] @ 1 [1m]', '1:13: parse error: ranges only allowed for vector selectors'],
    ['foo offset 1m @ 1 [1m:]', ''],
    ['foo[1m] offset', '1:15: parse error: unexpected end of input in offset, expected number, duration, step(), or range()'],
    ['1 + "a"', '1:5: parse error: binary expression must contain only scalar and instant vector types'],
    ['foo[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
    ['sum(foo[5m])', '1:5: parse error: expected type instant vector in aggregation expression, got range vector'],
    ['quantile("a", foo)', '1:10: parse error: expected type scalar in aggregation parameter, got string'],
    ['label_join(foo, "a", ",", 1)', '1:27: parse error: expected type string in call to function "label_join", got scalar'],
    ['label_join(foo)', '1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 1'],
    ['round(foo, 1, 2)', '1:1: parse error: expected at most 2 argument(s) in call to "round", got 3'],
    ['histogram_quantiles(foo, "q", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)', ''],
    ['histogram_quantiles(foo, "q", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)', '1:1: parse error: expected at most 12 argument(s) in call to "histogram_quantiles", got 13'],
    ['rate(foo[5m:])', ''],
    ['(foo)[5m]', '1:6: parse error: ranges only allowed for vector selectors'],
    ['"a"[5m:]', '1:1: parse error: subquery is only allowed on instant vector, got string instead'],
    ['-"a"', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"'],
    ['foo{a=~"("}', '1:5: parse error: error parsing regexp: missing closing ): `(`'],
    ['info(foo, bar)', '1:11: parse error: expected label selectors only, got vector selector instead'],
    ['info(foo, {a="b"})', ''],
    ['info(foo, {a=""})', ''],
    ['foo and on(a) group_left bar', '1:1: parse error: no grouping allowed for "and" operation'],
    ['foo > 1 == bool 2', ''],
    ['1 > 2', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
    ['foo + bool 1', '1:5: parse error: bool modifier can only be used on comparison operators'],
    ['foo:bar(x)', '1:8: parse error: unexpected "("'],
    ['foo </ 2', '1:1: parse error: binary expression does not support operator "</"'],
    ['1 2', '1:3: parse error: unexpected number "2"'],
    ['foo bar', '1:5: parse error: unexpected identifier "bar"'],
    ['sum(foo) (bar)', '1:10: parse error: unexpected "("'],
    ['count_values(foo)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1'],
    ['foo(,)', '1:5: parse error: unexpected ","'],
    ['abs(foo,)', '1:8: parse error: trailing commas not allowed in function call args'],
    ['rate(a,,b)', '1:7: parse error: trailing commas not allowed in function call args'],
    ['foo # comment\n+ bar # another', ''],
    ['0x', '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "0x": invalid syntax'],
    ['foo offset 1y1w1d1h1m1s1ms', ''],
    ['foo offset 1ms1s', '1:12: parse error: not a valid duration string: "1ms1s"'],
    ['foo @ 1s', ''],
  ])('%j', (q, want) => {
    if (want === '') expect(() => parseExpr(q)).not.toThrow();
    else expect(parseError(q)).toBe(want);
  });
});

describe('AST details', () => {
  it('numbers: Go integer syntax first (hex, octal, underscores), then floats', () => {
    const val = (q: string): number => (parseExpr(q) as { val: number }).val;
    expect(val('0x1F')).toBe(31);
    expect(val('0755')).toBe(493);
    expect(val('08')).toBe(8);
    expect(val('1_000_000')).toBe(1e6);
    expect(val('1e3')).toBe(1000);
    expect(val('.5e-3')).toBe(0.0005);
    expect(val('9223372036854775807')).toBe(9223372036854775807);
    expect(val('inF')).toBe(Infinity);
    expect(val('-inf')).toBe(-Infinity);
    expect(val('nan')).toBeNaN();
    expect(val('1h30m')).toBe(5400);
    expect(val('1s234ms')).toBe(1.234);
    expect(val('-5m')).toBe(-300);
  });

  it('durations and times in milliseconds, rounded as Prometheus', () => {
    expect(parseExpr('foo[1.5]')).toMatchObject({ type: 'MatrixSelector', range: 1500 });
    expect(parseExpr('foo[0.0015]')).toMatchObject({ range: 1 });
    expect(parseExpr('foo offset -1.25')).toMatchObject({ offset: -1250 });
    expect(parseExpr('foo @ 1.0005')).toMatchObject({ at: { kind: 'timestamp', ms: 1001 } });
    expect(parseExpr('foo @ -1.0005')).toMatchObject({ at: { kind: 'timestamp', ms: -1001 } });
    expect(parseExpr('foo @ 5m')).toMatchObject({ at: { kind: 'timestamp', ms: 300000 } });
    expect(parseExpr('foo @ 0x10')).toMatchObject({ at: { kind: 'timestamp', ms: 16000 } });
    expect(parseExpr('foo[1h:]')).toMatchObject({ type: 'SubqueryExpr', range: 3600000, step: 0 });
    expect(parseExpr('foo[5]')).toMatchObject({ range: 5000 });
  });

  it('vector matching: null unless both sides are vectors; set operators many-to-many', () => {
    expect(parseExpr('foo + 1')).toMatchObject({ matching: null });
    expect(parseExpr('foo + bar')).toMatchObject({ matching: { card: 'one-to-one', matchingLabels: [], on: false, include: [] } });
    expect(parseExpr('foo and bar')).toMatchObject({ matching: { card: 'many-to-many' } });
    expect(parseExpr('foo * on(a, b) group_right(c) bar')).toMatchObject({
      matching: { card: 'one-to-many', matchingLabels: ['a', 'b'], on: true, include: ['c'] },
    });
    expect(parseExpr('foo > bool 1')).toMatchObject({ op: '>', returnBool: true });
  });

  it('aggregation modifiers before or after the arguments; keywords as label names', () => {
    const a = { type: 'AggregateExpr', op: 'sum', grouping: ['by', 'on', 'offset', 'sum'], without: true };
    expect(parseExpr('sum without (by, on, offset, sum) (foo)')).toMatchObject(a);
    expect(parseExpr('sum(foo) without (by, on, offset, sum)')).toMatchObject({ ...a, pos: { start: 0, end: 38 } });
    expect(parseExpr('count_values("le", foo)')).toMatchObject({ param: { type: 'StringLiteral', val: 'le' } });
  });

  it('positions are UTF-8 byte offsets', () => {
    const e = parseExpr('foo{a="ä"} + bar');
    expect(e).toMatchObject({ pos: { start: 0, end: 17 }, rhs: { pos: { start: 14, end: 17 } } });
  });

  it('typical dashboard queries parse in well under a millisecond', () => {
    const qs = [
      'sum by (job, instance) (rate(http_requests_total{job=~"api|web", code!~"5.."}[5m]))',
      'histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))',
      '100 * (1 - avg by (instance) (irate(node_cpu_seconds_total{mode="idle"}[1m])))',
      'sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 0.01 and on() vector(1)',
    ];
    for (const q of qs) parseExpr(q);
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) parseExpr(qs[i % qs.length]!);
    const per = (performance.now() - t0) / n;
    expect(per).toBeLessThan(0.5);
  });
});

describe('parseMetricSelector (match[])', () => {
  it('returns matchers, the name matcher last, without the non-empty rule', () => {
    expect(parseMetricSelector('up{job="a", instance=~"x.*"}').map((m) => m.toString())).toEqual([
      'job="a"',
      'instance=~"x.*"',
      '__name__="up"',
    ]);
    expect(parseMetricSelector('{job=""}').map((m) => m.toString())).toEqual(['job=""']);
    expect(parseMetricSelector("{__name__=~'(?s:.*)'}").map((m) => m.toString())).toEqual(['__name__=~"(?s:.*)"']);
    expect(parseMetricSelector('{"foo.bar"}').map((m) => m.toString())).toEqual(['__name__="foo.bar"']);
    expect(parseMetricSelector('sum').map((m) => m.toString())).toEqual(['__name__="sum"']);
  });

  it('refuses anything but a selector', () => {
    const err = (q: string): string => {
      try {
        parseMetricSelector(q);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(err('foo[5m]')).toBe('1:4: parse error: unexpected "["');
    expect(err('rate(foo)')).toBe('1:5: parse error: unexpected "("');
    expect(err('foo bar')).toBe('1:5: parse error: unexpected identifier "bar"');
    expect(err('')).toBe('unknown position: parse error: unexpected end of input');
    expect(err('{a=~"("}')).toBe('1:2: parse error: error parsing regexp: missing closing ): `(`');
    expect(err('1')).toBe('1:1: parse error: unexpected number "1"');
  });
});

describe('helpers', () => {
  it('unquoteString handles the three quote styles', () => {
    expect(unquoteString('"a\\tb"')).toBe('a\tb');
    expect(unquoteString("'it\\'s'")).toBe("it's");
    expect(unquoteString('`a\\tb`')).toBe('a\\tb');
    expect(() => unquoteString('"abc')).toThrow('invalid syntax');
  });

  it('positionString counts lines and UTF-8 bytes', () => {
    expect(positionString('foo', 0)).toBe('1:1');
    expect(positionString('a\nbc', 3)).toBe('2:2');
    expect(positionString('ä+x', 3)).toBe('1:4');
    expect(positionString('', 0)).toBe('unknown position');
    expect(positionString('abc', 9)).toBe('invalid position');
  });
});

describe('parseDurationLiteral', () => {
  it('parses Prometheus durations to milliseconds', () => {
    expect(parseDurationLiteral('0')).toBe(0);
    expect(parseDurationLiteral('1y2w3d4h5m6s7ms')).toBe(365 * 86400e3 + 14 * 86400e3 + 3 * 86400e3 + 4 * 3600e3 + 5 * 60e3 + 6e3 + 7);
    expect(parseDurationLiteral('90m')).toBe(5400000);
  });

  it('errors as model.ParseDuration', () => {
    expect(() => parseDurationLiteral('')).toThrow('empty duration string');
    expect(() => parseDurationLiteral('5m1h')).toThrow('not a valid duration string: "5m1h"');
    expect(() => parseDurationLiteral('1.5s')).toThrow('unknown unit "." in duration "1.5s"');
    expect(() => parseDurationLiteral('5')).toThrow('not a valid duration string: "5"');
    expect(() => parseDurationLiteral('300y')).toThrow('duration out of range');
    try {
      parseDurationLiteral('x');
    } catch (e) {
      expect(e).toBeInstanceOf(PromQLError);
      expect((e as PromQLError).errorType).toBe('bad_data');
    }
  });
});

const TABLE: Case[] = [
  ["1", {"type":"NumberLiteral","val":1.0,"pos":[0,1]}],
  ["+Inf", {"type":"NumberLiteral","val":Infinity,"pos":[0,4]}],
  ["-Inf", {"type":"NumberLiteral","val":-Infinity,"pos":[0,4]}],
  [".5", {"type":"NumberLiteral","val":0.5,"pos":[0,2]}],
  ["5.", {"type":"NumberLiteral","val":5.0,"pos":[0,2]}],
  ["123.4567", {"type":"NumberLiteral","val":123.4567,"pos":[0,8]}],
  ["5e-3", {"type":"NumberLiteral","val":0.005,"pos":[0,4]}],
  ["5e3", {"type":"NumberLiteral","val":5000.0,"pos":[0,3]}],
  ["0xc", {"type":"NumberLiteral","val":12.0,"pos":[0,3]}],
  ["0755", {"type":"NumberLiteral","val":493.0,"pos":[0,4]}],
  ["+5.5e-3", {"type":"NumberLiteral","val":0.0055,"pos":[0,7]}],
  ["-0755", {"type":"NumberLiteral","val":-493.0,"pos":[0,5]}],
  ["1 + 1", {"type":"BinaryExpr","op":"+","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[4,5]},"returnBool":false,"matching":null,"pos":[0,5]}],
  ["1 - 1", {"type":"BinaryExpr","op":"-","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[4,5]},"returnBool":false,"matching":null,"pos":[0,5]}],
  ["1 * 1", {"type":"BinaryExpr","op":"*","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[4,5]},"returnBool":false,"matching":null,"pos":[0,5]}],
  ["1 % 1", {"type":"BinaryExpr","op":"%","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[4,5]},"returnBool":false,"matching":null,"pos":[0,5]}],
  ["1 / 1", {"type":"BinaryExpr","op":"/","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[4,5]},"returnBool":false,"matching":null,"pos":[0,5]}],
  ["1 == bool 1", {"type":"BinaryExpr","op":"==","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[10,11]},"returnBool":true,"matching":null,"pos":[0,11]}],
  ["1 != bool 1", {"type":"BinaryExpr","op":"!=","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[10,11]},"returnBool":true,"matching":null,"pos":[0,11]}],
  ["1 > bool 1", {"type":"BinaryExpr","op":">","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[9,10]},"returnBool":true,"matching":null,"pos":[0,10]}],
  ["1 >= bool 1", {"type":"BinaryExpr","op":">=","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[10,11]},"returnBool":true,"matching":null,"pos":[0,11]}],
  ["1 < bool 1", {"type":"BinaryExpr","op":"<","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[9,10]},"returnBool":true,"matching":null,"pos":[0,10]}],
  ["1 <= bool 1", {"type":"BinaryExpr","op":"<=","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[10,11]},"returnBool":true,"matching":null,"pos":[0,11]}],
  ["-1^2", {"type":"UnaryExpr","op":"-","expr":{"type":"BinaryExpr","op":"^","lhs":{"type":"NumberLiteral","val":1.0,"pos":[1,2]},"rhs":{"type":"NumberLiteral","val":2.0,"pos":[3,4]},"returnBool":false,"matching":null,"pos":[1,4]},"pos":[0,4]}],
  ["-1*2", {"type":"BinaryExpr","op":"*","lhs":{"type":"NumberLiteral","val":-1.0,"pos":[0,2]},"rhs":{"type":"NumberLiteral","val":2.0,"pos":[3,4]},"returnBool":false,"matching":null,"pos":[0,4]}],
  ["-1+2", {"type":"BinaryExpr","op":"+","lhs":{"type":"NumberLiteral","val":-1.0,"pos":[0,2]},"rhs":{"type":"NumberLiteral","val":2.0,"pos":[3,4]},"returnBool":false,"matching":null,"pos":[0,4]}],
  ["-1^-2", {"type":"UnaryExpr","op":"-","expr":{"type":"BinaryExpr","op":"^","lhs":{"type":"NumberLiteral","val":1.0,"pos":[1,2]},"rhs":{"type":"NumberLiteral","val":-2.0,"pos":[3,5]},"returnBool":false,"matching":null,"pos":[1,5]},"pos":[0,5]}],
  ["+1 + -2 * 1", {"type":"BinaryExpr","op":"+","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,2]},"rhs":{"type":"BinaryExpr","op":"*","lhs":{"type":"NumberLiteral","val":-2.0,"pos":[5,7]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[10,11]},"returnBool":false,"matching":null,"pos":[5,11]},"returnBool":false,"matching":null,"pos":[0,11]}],
  ["1 + 2/(3*1)", {"type":"BinaryExpr","op":"+","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"BinaryExpr","op":"/","lhs":{"type":"NumberLiteral","val":2.0,"pos":[4,5]},"rhs":{"type":"ParenExpr","expr":{"type":"BinaryExpr","op":"*","lhs":{"type":"NumberLiteral","val":3.0,"pos":[7,8]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[9,10]},"returnBool":false,"matching":null,"pos":[7,10]},"pos":[6,11]},"returnBool":false,"matching":null,"pos":[4,11]},"returnBool":false,"matching":null,"pos":[0,11]}],
  ["1 < bool 2 - 1 * 2", {"type":"BinaryExpr","op":"<","lhs":{"type":"NumberLiteral","val":1.0,"pos":[0,1]},"rhs":{"type":"BinaryExpr","op":"-","lhs":{"type":"NumberLiteral","val":2.0,"pos":[9,10]},"rhs":{"type":"BinaryExpr","op":"*","lhs":{"type":"NumberLiteral","val":1.0,"pos":[13,14]},"rhs":{"type":"NumberLiteral","val":2.0,"pos":[17,18]},"returnBool":false,"matching":null,"pos":[13,18]},"returnBool":false,"matching":null,"pos":[9,18]},"returnBool":true,"matching":null,"pos":[0,18]}],
  ["-some_metric", {"type":"UnaryExpr","op":"-","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[1,12]},"pos":[0,12]}],
  ["+some_metric", {"type":"UnaryExpr","op":"+","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[1,12]},"pos":[0,12]}],
  [" +some_metric", {"type":"UnaryExpr","op":"+","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[2,13]},"pos":[1,13]}],
  [" +{\"some_metric\"}", {"type":"UnaryExpr","op":"+","expr":{"type":"VectorSelector","name":"","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[2,17]},"pos":[1,17]}],
  ["", { error: "unknown position: parse error: no expression found in input" }],
  ["# just a comment\n\n", { error: "1:1: parse error: no expression found in input" }],
  ["1+", { error: "1:3: parse error: unexpected end of input" }],
  [".", { error: "1:1: parse error: unexpected character: '.'" }],
  ["2.5.", { error: "1:1: parse error: bad number or duration syntax: \"2.5.\"" }],
  ["100..4", { error: "1:1: parse error: bad number or duration syntax: \"100..\"" }],
  ["0deadbeef", { error: "1:1: parse error: bad number or duration syntax: \"0de\"" }],
  ["1 /", { error: "1:4: parse error: unexpected end of input" }],
  ["*1", { error: "1:1: parse error: unexpected <op:*>" }],
  ["(1))", { error: "1:5: parse error: unexpected right parenthesis ')'" }],
  ["((1)", { error: "1:5: parse error: unclosed left parenthesis" }],
  ["999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999", { error: "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\": value out of range" }],
  ["(", { error: "1:2: parse error: unclosed left parenthesis" }],
  ["1 and 1", { error: "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" }],
  ["1 == 1", { error: "1:3: parse error: comparisons between scalars must use BOOL modifier" }],
  ["1 or 1", { error: "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" }],
  ["1 unless 1", { error: "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression" }],
  ["1 !~ 1", { error: "1:3: parse error: unexpected character after '!': '~'" }],
  ["1 =~ 1", { error: "1:3: parse error: unexpected character after '=': '~'" }],
  ["-\"string\"", { error: "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"" }],
  ["-test[5m]", { error: "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"" }],
  ["*test", { error: "1:1: parse error: unexpected <op:*>" }],
  ["@@", { error: "1:1: parse error: unexpected <op:@>" }],
  ["1 offset 1d", { error: "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery" }],
  ["foo offset 1s offset 2s", { error: "1:1: parse error: offset may not be set multiple times" }],
  ["a - on(b) ignoring(c) d", { error: "1:11: parse error: unexpected <ignoring>" }],
  ["step{offset=\"1s\"}[5m]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"step","matchers":[["=","offset","1s"],["=","__name__","step"]],"offset":0,"at":null,"pos":[0,17]},"range":300000,"pos":[0,21]}],
  ["anchored{job=\"test\"}", {"type":"VectorSelector","name":"anchored","matchers":[["=","job","test"],["=","__name__","anchored"]],"offset":0,"at":null,"pos":[0,20]}],
  ["smoothed{job=\"test\"}", {"type":"VectorSelector","name":"smoothed","matchers":[["=","job","test"],["=","__name__","smoothed"]],"offset":0,"at":null,"pos":[0,20]}],
  ["foo * sum", {"type":"BinaryExpr","op":"*","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"sum","matchers":[["=","__name__","sum"]],"offset":0,"at":null,"pos":[6,9]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":[],"on":false,"include":[]},"pos":[0,9]}],
  ["foo == 1", {"type":"BinaryExpr","op":"==","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[7,8]},"returnBool":false,"matching":null,"pos":[0,8]}],
  ["foo == bool 1", {"type":"BinaryExpr","op":"==","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[12,13]},"returnBool":true,"matching":null,"pos":[0,13]}],
  ["2.5 / bar", {"type":"BinaryExpr","op":"/","lhs":{"type":"NumberLiteral","val":2.5,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[6,9]},"returnBool":false,"matching":null,"pos":[0,9]}],
  ["foo and bar", {"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[8,11]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,11]}],
  ["foo or bar", {"type":"BinaryExpr","op":"or","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[7,10]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,10]}],
  ["foo unless bar", {"type":"BinaryExpr","op":"unless","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[11,14]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,14]}],
  ["foo + bar or bla and blub", {"type":"BinaryExpr","op":"or","lhs":{"type":"BinaryExpr","op":"+","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[6,9]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":[],"on":false,"include":[]},"pos":[0,9]},"rhs":{"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"bla","matchers":[["=","__name__","bla"]],"offset":0,"at":null,"pos":[13,16]},"rhs":{"type":"VectorSelector","name":"blub","matchers":[["=","__name__","blub"]],"offset":0,"at":null,"pos":[21,25]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[13,25]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,25]}],
  ["foo and bar unless baz or qux", {"type":"BinaryExpr","op":"or","lhs":{"type":"BinaryExpr","op":"unless","lhs":{"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[8,11]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,11]},"rhs":{"type":"VectorSelector","name":"baz","matchers":[["=","__name__","baz"]],"offset":0,"at":null,"pos":[19,22]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,22]},"rhs":{"type":"VectorSelector","name":"qux","matchers":[["=","__name__","qux"]],"offset":0,"at":null,"pos":[26,29]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,29]}],
  ["bar + on(foo) bla / on(baz, buz) group_right(test) blub", {"type":"BinaryExpr","op":"+","lhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"BinaryExpr","op":"/","lhs":{"type":"VectorSelector","name":"bla","matchers":[["=","__name__","bla"]],"offset":0,"at":null,"pos":[14,17]},"rhs":{"type":"VectorSelector","name":"blub","matchers":[["=","__name__","blub"]],"offset":0,"at":null,"pos":[51,55]},"returnBool":false,"matching":{"card":"one-to-many","matchingLabels":["baz","buz"],"on":true,"include":["test"]},"pos":[14,55]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":["foo"],"on":true,"include":[]},"pos":[0,55]}],
  ["foo * on(test,blub) bar", {"type":"BinaryExpr","op":"*","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[20,23]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":["test","blub"],"on":true,"include":[]},"pos":[0,23]}],
  ["foo * on(test,blub) group_left bar", {"type":"BinaryExpr","op":"*","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[31,34]},"returnBool":false,"matching":{"card":"many-to-one","matchingLabels":["test","blub"],"on":true,"include":[]},"pos":[0,34]}],
  ["foo and on(test,blub) bar", {"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[22,25]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":["test","blub"],"on":true,"include":[]},"pos":[0,25]}],
  ["foo and on() bar", {"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[13,16]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":true,"include":[]},"pos":[0,16]}],
  ["foo and ignoring(test,blub) bar", {"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[28,31]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":["test","blub"],"on":false,"include":[]},"pos":[0,31]}],
  ["foo and ignoring() bar", {"type":"BinaryExpr","op":"and","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[19,22]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":[],"on":false,"include":[]},"pos":[0,22]}],
  ["foo unless on(bar) baz", {"type":"BinaryExpr","op":"unless","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"baz","matchers":[["=","__name__","baz"]],"offset":0,"at":null,"pos":[19,22]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":["bar"],"on":true,"include":[]},"pos":[0,22]}],
  ["foo / on(test,blub) group_left(bar) bar", {"type":"BinaryExpr","op":"/","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[36,39]},"returnBool":false,"matching":{"card":"many-to-one","matchingLabels":["test","blub"],"on":true,"include":["bar"]},"pos":[0,39]}],
  ["foo / ignoring(test,blub) group_left(blub) bar", {"type":"BinaryExpr","op":"/","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[43,46]},"returnBool":false,"matching":{"card":"many-to-one","matchingLabels":["test","blub"],"on":false,"include":["blub"]},"pos":[0,46]}],
  ["foo / ignoring(test,blub) group_left(bar) bar", {"type":"BinaryExpr","op":"/","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[42,45]},"returnBool":false,"matching":{"card":"many-to-one","matchingLabels":["test","blub"],"on":false,"include":["bar"]},"pos":[0,45]}],
  ["foo - on(test,blub) group_right(bar,foo) bar", {"type":"BinaryExpr","op":"-","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[41,44]},"returnBool":false,"matching":{"card":"one-to-many","matchingLabels":["test","blub"],"on":true,"include":["bar","foo"]},"pos":[0,44]}],
  ["foo - ignoring(test,blub) group_right(bar,foo) bar", {"type":"BinaryExpr","op":"-","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[47,50]},"returnBool":false,"matching":{"card":"one-to-many","matchingLabels":["test","blub"],"on":false,"include":["bar","foo"]},"pos":[0,50]}],
  ["foo and 1", { error: "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" }],
  ["1 and foo", { error: "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" }],
  ["foo or 1", { error: "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" }],
  ["1 or foo", { error: "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" }],
  ["foo unless 1", { error: "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression" }],
  ["1 unless foo", { error: "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression" }],
  ["1 or on(bar) foo", { error: "1:1: parse error: vector matching only allowed between instant vectors" }],
  ["foo == on(bar) 10", { error: "1:1: parse error: vector matching only allowed between instant vectors" }],
  ["foo + group_left(baz) bar", { error: "1:7: parse error: unexpected <group_left>" }],
  ["foo and on(bar) group_left(baz) bar", { error: "1:1: parse error: no grouping allowed for \"and\" operation" }],
  ["foo and on(bar) group_right(baz) bar", { error: "1:1: parse error: no grouping allowed for \"and\" operation" }],
  ["foo or on(bar) group_left(baz) bar", { error: "1:1: parse error: no grouping allowed for \"or\" operation" }],
  ["foo or on(bar) group_right(baz) bar", { error: "1:1: parse error: no grouping allowed for \"or\" operation" }],
  ["foo unless on(bar) group_left(baz) bar", { error: "1:1: parse error: no grouping allowed for \"unless\" operation" }],
  ["foo unless on(bar) group_right(baz) bar", { error: "1:1: parse error: no grouping allowed for \"unless\" operation" }],
  ["http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}", { error: "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once" }],
  ["foo + bool bar", { error: "1:5: parse error: bool modifier can only be used on comparison operators" }],
  ["foo + bool 10", { error: "1:5: parse error: bool modifier can only be used on comparison operators" }],
  ["foo and bool 10", { error: "1:5: parse error: bool modifier can only be used on comparison operators" }],
  ["min", {"type":"VectorSelector","name":"min","matchers":[["=","__name__","min"]],"offset":0,"at":null,"pos":[0,3]}],
  ["foo offset 5m", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":300000,"at":null,"pos":[0,13]}],
  ["foo offset -7m", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":-420000,"at":null,"pos":[0,14]}],
  ["http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}", { error: "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once" }],
  ["foo OFFSET 1h30m", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":5400000,"at":null,"pos":[0,16]}],
  ["foo OFFSET 1m30ms", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":60030,"at":null,"pos":[0,17]}],
  ["foo @ 1603774568", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":1603774568000},"pos":[0,16]}],
  ["foo @ -100", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":-100000},"pos":[0,10]}],
  ["foo @ .3", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":300},"pos":[0,8]}],
  ["foo @ 3.", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":3000},"pos":[0,8]}],
  ["foo @ 3.33", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":3330},"pos":[0,10]}],
  ["foo @ 3.3333", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":3333},"pos":[0,12]}],
  ["foo @ 3.3335", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":3334},"pos":[0,12]}],
  ["foo @ 3e2", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":300000},"pos":[0,9]}],
  ["foo @ 3e-1", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":300},"pos":[0,10]}],
  ["foo @ 0xA", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":10000},"pos":[0,9]}],
  ["foo @ -3.3e1", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":-33000},"pos":[0,12]}],
  ["foo @ +Inf", { error: "1:1: parse error: timestamp out of bounds for @ modifier: +Inf" }],
  ["foo @ -Inf", { error: "1:1: parse error: timestamp out of bounds for @ modifier: -Inf" }],
  ["foo @ NaN", { error: "1:1: parse error: timestamp out of bounds for @ modifier: NaN" }],
  ["foo:bar{a=\"bc\"}", {"type":"VectorSelector","name":"foo:bar","matchers":[["=","a","bc"],["=","__name__","foo:bar"]],"offset":0,"at":null,"pos":[0,15]}],
  ["{\"foo\"}", {"type":"VectorSelector","name":"","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,7]}],
  ["{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}", {"type":"VectorSelector","name":"","matchers":[["=","__name__","foo'bar"],["=","a\\dos\\path","boo\\urns"]],"offset":0,"at":null,"pos":[0,40]}],
  ["{'foo\\'bar', `a\\dos\\path`=\"boo\"}", {"type":"VectorSelector","name":"","matchers":[["=","__name__","foo'bar"],["=","a\\dos\\path","boo"]],"offset":0,"at":null,"pos":[0,32]}],
  ["{\"foo\", a=\"bc\"}", {"type":"VectorSelector","name":"","matchers":[["=","__name__","foo"],["=","a","bc"]],"offset":0,"at":null,"pos":[0,15]}],
  ["foo{NaN='bc'}", {"type":"VectorSelector","name":"foo","matchers":[["=","NaN","bc"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,13]}],
  ["foo{bar='}'}", {"type":"VectorSelector","name":"foo","matchers":[["=","bar","}"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,12]}],
  ["foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\"}", {"type":"VectorSelector","name":"foo","matchers":[["=","a","b"],["!=","foo","bar"],["=~","test","test"],["!~","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,48]}],
  ["{a=\"b\", foo!=\"bar\", \"foo\", test=~\"test\", bar!~\"baz\"}", {"type":"VectorSelector","name":"","matchers":[["=","a","b"],["!=","foo","bar"],["=","__name__","foo"],["=~","test","test"],["!~","bar","baz"]],"offset":0,"at":null,"pos":[0,52]}],
  ["foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\",}", {"type":"VectorSelector","name":"foo","matchers":[["=","a","b"],["!=","foo","bar"],["=~","test","test"],["!~","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,49]}],
  ["{__name__=~\"bar\", __name__!~\"baz\"}", {"type":"VectorSelector","name":"","matchers":[["=~","__name__","bar"],["!~","__name__","baz"]],"offset":0,"at":null,"pos":[0,34]}],
  ["{__name__=\"bar\", __name__=\"baz\"}", {"type":"VectorSelector","name":"","matchers":[["=","__name__","bar"],["=","__name__","baz"]],"offset":0,"at":null,"pos":[0,32]}],
  ["{\"bar\", __name__=\"baz\"}", {"type":"VectorSelector","name":"","matchers":[["=","__name__","bar"],["=","__name__","baz"]],"offset":0,"at":null,"pos":[0,23]}],
  ["{", { error: "1:2: parse error: unexpected end of input inside braces" }],
  ["}", { error: "1:1: parse error: unexpected character: '}'" }],
  ["some{", { error: "1:6: parse error: unexpected end of input inside braces" }],
  ["some}", { error: "1:5: parse error: unexpected character: '}'" }],
  ["some_metric{a=b}", { error: "1:15: parse error: unexpected identifier \"b\" in label matching, expected string" }],
  ["some_metric{a:b=\"b\"}", { error: "1:14: parse error: unexpected character inside braces: ':'" }],
  ["foo{a*\"b\"}", { error: "1:6: parse error: unexpected character inside braces: '*'" }],
  ["foo{a>=\"b\"}", { error: "1:6: parse error: unexpected character inside braces: '>'" }],
  ["some_metric{a=\"�\"}", { error: "1:15: parse error: invalid UTF-8 rune" }],
  ["foo{gibberish}", { error: "1:14: parse error: unexpected \"}\" in label matching, expected label matching operator" }],
  ["foo{1}", { error: "1:5: parse error: unexpected character inside braces: '1'" }],
  ["{}", { error: "1:1: parse error: vector selector must contain at least one non-empty matcher" }],
  ["{x=\"\"}", { error: "1:1: parse error: vector selector must contain at least one non-empty matcher" }],
  ["{x=~\".*\"}", { error: "1:1: parse error: vector selector must contain at least one non-empty matcher" }],
  ["{x!~\".+\"}", { error: "1:1: parse error: vector selector must contain at least one non-empty matcher" }],
  ["{x!=\"a\"}", { error: "1:1: parse error: vector selector must contain at least one non-empty matcher" }],
  ["foo{__name__= =}", { error: "1:15: parse error: unexpected \"=\" in label matching, expected string" }],
  ["foo{,}", { error: "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\"" }],
  ["foo{__name__ == \"bar\"}", { error: "1:15: parse error: unexpected \"=\" in label matching, expected string" }],
  ["foo{__name__=\"bar\" lol}", { error: "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"" }],
  ["foo{\"a\"=}", { error: "1:9: parse error: unexpected \"}\" in label matching, expected string" }],
  ["test[1001ms]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":null,"pos":[0,4]},"range":1001,"pos":[0,12]}],
  ["test[1002ms]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":null,"pos":[0,4]},"range":1002,"pos":[0,12]}],
  ["test[5s]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":null,"pos":[0,4]},"range":5000,"pos":[0,8]}],
  ["test[5m]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":null,"pos":[0,4]},"range":300000,"pos":[0,8]}],
  ["foo[5m30s]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"range":330000,"pos":[0,10]}],
  ["test[5h] OFFSET 5m", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":300000,"at":null,"pos":[0,4]},"range":18000000,"pos":[0,18]}],
  ["test[5d] OFFSET 10s", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":10000,"at":null,"pos":[0,4]},"range":432000000,"pos":[0,19]}],
  ["test[5w] offset 2w", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":1209600000,"at":null,"pos":[0,4]},"range":3024000000,"pos":[0,18]}],
  ["test{a=\"b\"}[5y] OFFSET 3d", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","a","b"],["=","__name__","test"]],"offset":259200000,"at":null,"pos":[0,11]},"range":157680000000,"pos":[0,25]}],
  ["test{a=\"b\"}[5m] OFFSET 3600", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","a","b"],["=","__name__","test"]],"offset":3600000,"at":null,"pos":[0,11]},"range":300000,"pos":[0,27]}],
  ["foo[3ms] @ 2.345", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":2345},"pos":[0,3]},"range":3,"pos":[0,16]}],
  ["foo[4s180ms] @ 2.345", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":2345},"pos":[0,3]},"range":4180,"pos":[0,20]}],
  ["foo[4.18] @ 2.345", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":2345},"pos":[0,3]},"range":4180,"pos":[0,17]}],
  ["foo[4s18ms] @ 2.345", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":2345},"pos":[0,3]},"range":4018,"pos":[0,19]}],
  ["foo[4.018] @ 2.345", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"timestamp","ms":2345},"pos":[0,3]},"range":4018,"pos":[0,18]}],
  ["test{a=\"b\"}[5y] @ 1603774699", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","a","b"],["=","__name__","test"]],"offset":0,"at":{"kind":"timestamp","ms":1603774699000},"pos":[0,11]},"range":157680000000,"pos":[0,28]}],
  ["test[5]", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":null,"pos":[0,4]},"range":5000,"pos":[0,7]}],
  ["some_metric[5m] @ 1m", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":{"kind":"timestamp","ms":60000},"pos":[0,11]},"range":300000,"pos":[0,20]}],
  ["foo[5mm]", { error: "1:5: parse error: bad number or duration syntax: \"5mm\"" }],
  ["foo[5m1]", { error: "1:5: parse error: bad number or duration syntax: \"5m1\"" }],
  ["foo[5m:1m1]", { error: "1:8: parse error: bad number or duration syntax: \"1m1\"" }],
  ["foo[5y1hs]", { error: "1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\"" }],
  ["foo[5m1h]", { error: "1:5: parse error: not a valid duration string: \"5m1h\"" }],
  ["foo[5m1m]", { error: "1:5: parse error: not a valid duration string: \"5m1m\"" }],
  ["foo[0m]", { error: "1:5: parse error: duration must be greater than 0" }],
  ["foo[\"5m\"]", { error: "1:5: parse error: unexpected character in duration expression: '\"'" }],
  ["foo[]", { error: "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()" }],
  ["foo[-1]", { error: "1:5: parse error: duration must be greater than 0" }],
  ["some_metric[5m] OFFSET 1mm", { error: "1:24: parse error: bad number or duration syntax: \"1mm\"" }],
  ["some_metric[5m] OFFSET", { error: "1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()" }],
  ["some_metric OFFSET 1m[5m]", { error: "1:22: parse error: no offset modifiers allowed before range" }],
  ["some_metric[5m] @", { error: "1:18: parse error: unexpected end of input in @, expected timestamp" }],
  ["some_metric @ 1234 [5m]", { error: "1:20: parse error: no @ modifiers allowed before range" }],
  ["some_metric @ start() [5m]", { error: "1:23: parse error: no @ modifiers allowed before range" }],
  ["some_metric @ end()[5m]", { error: "1:20: parse error: no @ modifiers allowed before range" }],
  ["(foo + bar)[5m]", { error: "1:12: parse error: ranges only allowed for vector selectors" }],
  ["sum by (anchored)(some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[18,29]},"param":null,"grouping":["anchored"],"without":false,"pos":[0,30]}],
  ["sum by (smoothed)(some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[18,29]},"param":null,"grouping":["smoothed"],"without":false,"pos":[0,30]}],
  ["sum by (\"foo bar\")({\"some.metric\"})", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"","matchers":[["=","__name__","some.metric"]],"offset":0,"at":null,"pos":[19,34]},"param":null,"grouping":["foo bar"],"without":false,"pos":[0,35]}],
  ["sum by (\"foo)(some_metric{})", { error: "1:9: parse error: unterminated quoted string" }],
  ["sum by (\"foo\", bar, 'baz')({\"some.metric\"})", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"","matchers":[["=","__name__","some.metric"]],"offset":0,"at":null,"pos":[27,42]},"param":null,"grouping":["foo","bar","baz"],"without":false,"pos":[0,43]}],
  ["avg by (foo)(some_metric)", {"type":"AggregateExpr","op":"avg","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[13,24]},"param":null,"grouping":["foo"],"without":false,"pos":[0,25]}],
  ["max by (foo)(some_metric)", {"type":"AggregateExpr","op":"max","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[13,24]},"param":null,"grouping":["foo"],"without":false,"pos":[0,25]}],
  ["sum without (foo) (some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[19,30]},"param":null,"grouping":["foo"],"without":true,"pos":[0,31]}],
  ["sum (some_metric) without (foo)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[5,16]},"param":null,"grouping":["foo"],"without":true,"pos":[0,31]}],
  ["stddev(some_metric)", {"type":"AggregateExpr","op":"stddev","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[7,18]},"param":null,"grouping":[],"without":false,"pos":[0,19]}],
  ["stdvar by (foo)(some_metric)", {"type":"AggregateExpr","op":"stdvar","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[16,27]},"param":null,"grouping":["foo"],"without":false,"pos":[0,28]}],
  ["sum by ()(some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[10,21]},"param":null,"grouping":[],"without":false,"pos":[0,22]}],
  ["sum by (foo,bar,)(some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[18,29]},"param":null,"grouping":["foo","bar"],"without":false,"pos":[0,30]}],
  ["sum by (foo,)(some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[14,25]},"param":null,"grouping":["foo"],"without":false,"pos":[0,26]}],
  ["topk(5, some_metric)", {"type":"AggregateExpr","op":"topk","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[8,19]},"param":{"type":"NumberLiteral","val":5.0,"pos":[5,6]},"grouping":[],"without":false,"pos":[0,20]}],
  ["count_values(\"value\", some_metric)", {"type":"AggregateExpr","op":"count_values","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[22,33]},"param":{"type":"StringLiteral","val":"value","pos":[13,20]},"grouping":[],"without":false,"pos":[0,34]}],
  ["sum without(and, by, avg, count, alert, annotations)(some_metric)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[53,64]},"param":null,"grouping":["and","by","avg","count","alert","annotations"],"without":true,"pos":[0,65]}],
  ["sum without(==)(some_metric)", { error: "1:13: parse error: unexpected <op:==> in grouping opts, expected label" }],
  ["sum without(,)(some_metric)", { error: "1:13: parse error: unexpected \",\" in grouping opts, expected label" }],
  ["sum without(foo,,)(some_metric)", { error: "1:17: parse error: unexpected \",\" in grouping opts, expected label" }],
  ["sum some_metric by (test)", { error: "1:5: parse error: unexpected identifier \"some_metric\"" }],
  ["sum (some_metric) by test", { error: "1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\"" }],
  ["sum () by (test)", { error: "1:1: parse error: no arguments for aggregate expression provided" }],
  ["MIN keep_common (some_metric)", { error: "1:5: parse error: unexpected identifier \"keep_common\"" }],
  ["MIN (some_metric) keep_common", { error: "1:19: parse error: unexpected identifier \"keep_common\"" }],
  ["sum (some_metric) without (test) by (test)", { error: "1:34: parse error: unexpected <by>" }],
  ["sum without (test) (some_metric) by (test)", { error: "1:34: parse error: unexpected <by>" }],
  ["topk(some_metric)", { error: "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1" }],
  ["topk(some_metric,)", { error: "1:17: parse error: trailing commas not allowed in function call args" }],
  ["topk(some_metric, other_metric)", { error: "1:6: parse error: expected type scalar in aggregation parameter, got instant vector" }],
  ["count_values(5, other_metric)", { error: "1:14: parse error: expected type string in aggregation parameter, got scalar" }],
  ["rate(some_metric[5m]) @ 1234", { error: "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery" }],
  ["floor(some_metric{foo!=\"bar\"})", {"type":"Call","func":"floor","args":[{"type":"VectorSelector","name":"some_metric","matchers":[["!=","foo","bar"],["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[6,29]}],"pos":[0,30]}],
  ["rate(some_metric[5m])", {"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[5,16]},"range":300000,"pos":[5,20]}],"pos":[0,21]}],
  ["round(some_metric)", {"type":"Call","func":"round","args":[{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[6,17]}],"pos":[0,18]}],
  ["round(some_metric, 5)", {"type":"Call","func":"round","args":[{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[6,17]},{"type":"NumberLiteral","val":5.0,"pos":[19,20]}],"pos":[0,21]}],
  ["floor()", { error: "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0" }],
  ["floor(some_metric, other_metric)", { error: "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2" }],
  ["floor(some_metric, 1)", { error: "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2" }],
  ["floor(1)", { error: "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar" }],
  ["hour(some_metric, some_metric, some_metric)", { error: "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3" }],
  ["time(some_metric)", { error: "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1" }],
  ["non_existent_function_far_bar()", { error: "1:1: parse error: unknown function with name \"non_existent_function_far_bar\"" }],
  ["rate(some_metric)", { error: "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector" }],
  ["label_replace(a, `b`, `c�`, `d`, `.*`)", { error: "1:23: parse error: invalid UTF-8 rune" }],
  ["-=", { error: "1:2: parse error: unexpected \"=\"" }],
  ["++-++-+-+-<", { error: "1:11: parse error: unexpected <op:<>" }],
  ["e-+=/(0)", { error: "1:4: parse error: unexpected \"=\"" }],
  ["a>b()", { error: "1:3: parse error: unknown function with name \"b\"" }],
  ["rate(avg)", { error: "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector" }],
  ["sum(sum)", {"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"sum","matchers":[["=","__name__","sum"]],"offset":0,"at":null,"pos":[4,7]},"param":null,"grouping":[],"without":false,"pos":[0,8]}],
  ["a + sum", {"type":"BinaryExpr","op":"+","lhs":{"type":"VectorSelector","name":"a","matchers":[["=","__name__","a"]],"offset":0,"at":null,"pos":[0,1]},"rhs":{"type":"VectorSelector","name":"sum","matchers":[["=","__name__","sum"]],"offset":0,"at":null,"pos":[4,7]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":[],"on":false,"include":[]},"pos":[0,7]}],
  ["'single-quoted string \\' with escaped quote'", {"type":"StringLiteral","val":"single-quoted string ' with escaped quote","pos":[0,44]}],
  ["`backtick-quoted string`", {"type":"StringLiteral","val":"backtick-quoted string","pos":[0,24]}],
  ["\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\" - \\xFF\\377\\u1234\\U00010111\\U0001011111☺\"", {"type":"StringLiteral","val":"\u0007\b\f\n\r\t\u000b\\\" - \udcff\udcffሴ𐄑𐄑11☺","pos":[0,62]}],
  ["'\\a\\b\\f\\n\\r\\t\\v\\\\\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺'", {"type":"StringLiteral","val":"\u0007\b\f\n\r\t\u000b\\' - \udcff\udcffሴ𐄑𐄑11☺","pos":[0,62]}],
  ["`\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺`", {"type":"StringLiteral","val":"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺","pos":[0,64]}],
  ["`\\``", { error: "1:4: parse error: unterminated raw string" }],
  ["\"\\", { error: "1:1: parse error: escape sequence not terminated" }],
  ["\"\\c\"", { error: "1:1: parse error: unknown escape sequence U+0063 'c'" }],
  ["\"\\x.\"", { error: "1:1: parse error: illegal character U+002E '.' in escape sequence" }],
  ["foo{bar=\"baz\"}[10m:6s]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,14]},"range":600000,"step":6000,"offset":0,"at":null,"pos":[0,22]}],
  ["foo{bar=\"baz\"}[10m5s:1h6ms]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,14]},"range":605000,"step":3600006,"offset":0,"at":null,"pos":[0,27]}],
  ["foo[10m:]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"range":600000,"step":0,"offset":0,"at":null,"pos":[0,9]}],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])", {"type":"Call","func":"min_over_time","args":[{"type":"SubqueryExpr","expr":{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[19,33]},"range":2000,"pos":[19,37]}],"pos":[14,38]},"range":300000,"step":5000,"offset":0,"at":null,"pos":[14,45]}],"pos":[0,46]}],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]", {"type":"SubqueryExpr","expr":{"type":"Call","func":"min_over_time","args":[{"type":"SubqueryExpr","expr":{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[19,33]},"range":2000,"pos":[19,37]}],"pos":[14,38]},"range":300000,"step":0,"offset":0,"at":null,"pos":[14,43]}],"pos":[0,44]},"range":240000,"step":3000,"offset":0,"at":null,"pos":[0,51]}],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]", {"type":"SubqueryExpr","expr":{"type":"Call","func":"min_over_time","args":[{"type":"SubqueryExpr","expr":{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[19,33]},"range":2000,"pos":[19,37]}],"pos":[14,38]},"range":300000,"step":0,"offset":240000,"at":null,"pos":[14,53]}],"pos":[0,54]},"range":240000,"step":3000,"offset":0,"at":null,"pos":[0,61]}],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ 1603775091)[4m:3s]", {"type":"SubqueryExpr","expr":{"type":"Call","func":"min_over_time","args":[{"type":"SubqueryExpr","expr":{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[19,33]},"range":2000,"pos":[19,37]}],"pos":[14,38]},"range":300000,"step":0,"offset":0,"at":{"kind":"timestamp","ms":1603775091000},"pos":[14,56]}],"pos":[0,57]},"range":240000,"step":3000,"offset":0,"at":null,"pos":[0,64]}],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ -160377509)[4m:3s]", {"type":"SubqueryExpr","expr":{"type":"Call","func":"min_over_time","args":[{"type":"SubqueryExpr","expr":{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"foo","matchers":[["=","bar","baz"],["=","__name__","foo"]],"offset":0,"at":null,"pos":[19,33]},"range":2000,"pos":[19,37]}],"pos":[14,38]},"range":300000,"step":0,"offset":0,"at":{"kind":"timestamp","ms":-160377509000},"pos":[14,56]}],"pos":[0,57]},"range":240000,"step":3000,"offset":0,"at":null,"pos":[0,64]}],
  ["sum without(and, by, avg, count, alert, annotations)(some_metric) [30m:10s]", {"type":"SubqueryExpr","expr":{"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[53,64]},"param":null,"grouping":["and","by","avg","count","alert","annotations"],"without":true,"pos":[0,65]},"range":1800000,"step":10000,"offset":0,"at":null,"pos":[0,75]}],
  ["some_metric OFFSET 1m [10m:5s]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":60000,"at":null,"pos":[0,21]},"range":600000,"step":5000,"offset":0,"at":null,"pos":[0,30]}],
  ["some_metric @ 123 [10m:5s]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":{"kind":"timestamp","ms":123000},"pos":[0,17]},"range":600000,"step":5000,"offset":0,"at":null,"pos":[0,26]}],
  ["some_metric @ 123 offset 1m [10m:5s]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":60000,"at":{"kind":"timestamp","ms":123000},"pos":[0,27]},"range":600000,"step":5000,"offset":0,"at":null,"pos":[0,36]}],
  ["some_metric offset 1m @ 123 [10m:5s]", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":60000,"at":{"kind":"timestamp","ms":123000},"pos":[0,27]},"range":600000,"step":5000,"offset":0,"at":null,"pos":[0,36]}],
  ["some_metric[10m:5s] offset 1m @ 123", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"some_metric","matchers":[["=","__name__","some_metric"]],"offset":0,"at":null,"pos":[0,11]},"range":600000,"step":5000,"offset":60000,"at":{"kind":"timestamp","ms":123000},"pos":[0,35]}],
  ["(foo + bar{nm=\"val\"})[5m:]", {"type":"SubqueryExpr","expr":{"type":"ParenExpr","expr":{"type":"BinaryExpr","op":"+","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[1,4]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","nm","val"],["=","__name__","bar"]],"offset":0,"at":null,"pos":[7,20]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":[],"on":false,"include":[]},"pos":[1,20]},"pos":[0,21]},"range":300000,"step":0,"offset":0,"at":null,"pos":[0,26]}],
  ["(foo + bar{nm=\"val\"})[5m:] offset 10m", {"type":"SubqueryExpr","expr":{"type":"ParenExpr","expr":{"type":"BinaryExpr","op":"+","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[1,4]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","nm","val"],["=","__name__","bar"]],"offset":0,"at":null,"pos":[7,20]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":[],"on":false,"include":[]},"pos":[1,20]},"pos":[0,21]},"range":300000,"step":0,"offset":600000,"at":null,"pos":[0,37]}],
  ["(foo + bar{nm=\"val\"} @ 1234)[5m:] @ 1603775019", {"type":"SubqueryExpr","expr":{"type":"ParenExpr","expr":{"type":"BinaryExpr","op":"+","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[1,4]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","nm","val"],["=","__name__","bar"]],"offset":0,"at":{"kind":"timestamp","ms":1234000},"pos":[7,27]},"returnBool":false,"matching":{"card":"one-to-one","matchingLabels":[],"on":false,"include":[]},"pos":[1,27]},"pos":[0,28]},"range":300000,"step":0,"offset":0,"at":{"kind":"timestamp","ms":1603775019000},"pos":[0,46]}],
  ["test[5d] OFFSET 10s [10m:5s]", { error: "1:1: parse error: subquery is only allowed on instant vector, got matrix instead" }],
  ["(foo + bar{nm=\"val\"})[5m:][10m:5s]", { error: "1:1: parse error: subquery is only allowed on instant vector, got matrix instead" }],
  ["rate(food[1m])[1h] offset 1h", { error: "1:15: parse error: ranges only allowed for vector selectors" }],
  ["rate(food[1m])[1h] @ 100", { error: "1:15: parse error: ranges only allowed for vector selectors" }],
  ["foo @ end()", {"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":{"kind":"end"},"pos":[0,11]}],
  ["test[5y] @ start()", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":{"kind":"start"},"pos":[0,4]},"range":157680000000,"pos":[0,18]}],
  ["test[5y] @ end()", {"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"test","matchers":[["=","__name__","test"]],"offset":0,"at":{"kind":"end"},"pos":[0,4]},"range":157680000000,"pos":[0,16]}],
  ["foo[10m:6s] @ start()", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"range":600000,"step":6000,"offset":0,"at":{"kind":"start"},"pos":[0,21]}],
  ["foo[10m:6s] @ end()", {"type":"SubqueryExpr","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"range":600000,"step":6000,"offset":0,"at":{"kind":"end"},"pos":[0,19]}],
  ["start()", {"type":"Call","func":"start","args":[],"pos":[0,7]}],
  ["end()", {"type":"Call","func":"end","args":[],"pos":[0,5]}],
  ["end", {"type":"VectorSelector","name":"end","matchers":[["=","__name__","end"]],"offset":0,"at":null,"pos":[0,3]}],
  ["start{end=\"foo\"}", {"type":"VectorSelector","name":"start","matchers":[["=","end","foo"],["=","__name__","start"]],"offset":0,"at":null,"pos":[0,16]}],
  ["end{start=\"foo\"}", {"type":"VectorSelector","name":"end","matchers":[["=","start","foo"],["=","__name__","end"]],"offset":0,"at":null,"pos":[0,16]}],
  ["foo unless on(start) bar", {"type":"BinaryExpr","op":"unless","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[21,24]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":["start"],"on":true,"include":[]},"pos":[0,24]}],
  ["foo unless on(end) bar", {"type":"BinaryExpr","op":"unless","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[0,3]},"rhs":{"type":"VectorSelector","name":"bar","matchers":[["=","__name__","bar"]],"offset":0,"at":null,"pos":[19,22]},"returnBool":false,"matching":{"card":"many-to-many","matchingLabels":["end"],"on":true,"include":[]},"pos":[0,22]}],
  ["info(rate(http_request_counter_total{}[5m]))", {"type":"Call","func":"info","args":[{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"http_request_counter_total","matchers":[["=","__name__","http_request_counter_total"]],"offset":0,"at":null,"pos":[10,38]},"range":300000,"pos":[10,42]}],"pos":[5,43]}],"pos":[0,44]}],
  ["info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})", { error: "1:46: parse error: expected label selectors only, got vector selector instead" }],
  ["info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)", { error: "1:51: parse error: expected label selectors only" }],
  ["foo offset 5s-8", {"type":"BinaryExpr","op":"-","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":5000,"at":null,"pos":[0,13]},"rhs":{"type":"NumberLiteral","val":8.0,"pos":[14,15]},"returnBool":false,"matching":null,"pos":[0,15]}],
  ["foo offset -1^1", {"type":"BinaryExpr","op":"^","lhs":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":-1000,"at":null,"pos":[0,13]},"rhs":{"type":"NumberLiteral","val":1.0,"pos":[14,15]},"returnBool":false,"matching":null,"pos":[0,15]}],
  ["foo[step]", { error: "1:9: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()" }],
  ["foo offset 9.5e10", { error: "1:12: parse error: duration out of range" }],
  ["foo[9.5e10]", { error: "1:5: parse error: duration out of range" }],
  ["(sum(foo))", {"type":"ParenExpr","expr":{"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[5,8]},"param":null,"grouping":[],"without":false,"pos":[1,9]},"pos":[0,10]}],
  ["(sum(foo) )", {"type":"ParenExpr","expr":{"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[5,8]},"param":null,"grouping":[],"without":false,"pos":[1,9]},"pos":[0,11]}],
  ["(sum(foo) by (bar))", {"type":"ParenExpr","expr":{"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[5,8]},"param":null,"grouping":["bar"],"without":false,"pos":[1,18]},"pos":[0,19]}],
  ["(sum by (bar) (foo))", {"type":"ParenExpr","expr":{"type":"AggregateExpr","op":"sum","expr":{"type":"VectorSelector","name":"foo","matchers":[["=","__name__","foo"]],"offset":0,"at":null,"pos":[15,18]},"param":null,"grouping":["bar"],"without":false,"pos":[1,19]},"pos":[0,20]}],
  ["sum by (job)(rate(http_requests_total[30m]))", {"type":"AggregateExpr","op":"sum","expr":{"type":"Call","func":"rate","args":[{"type":"MatrixSelector","vectorSelector":{"type":"VectorSelector","name":"http_requests_total","matchers":[["=","__name__","http_requests_total"]],"offset":0,"at":null,"pos":[18,37]},"range":1800000,"pos":[18,42]}],"pos":[13,43]},"param":null,"grouping":["job"],"without":false,"pos":[0,44]}],
  ["sum(", { error: "1:5: parse error: unclosed left parenthesis" }],
  ["sum(rate(", { error: "1:10: parse error: unclosed left parenthesis" }],
  ["foo[5s x 5s]", { error: "1:8: parse error: unexpected character: 'x', expected ':'" }],
  ["foo[5s s 5s]", { error: "1:8: parse error: unexpected character: 's', expected ':'" }],
  ["1[5m] anchored", { error: "1:2: parse error: ranges only allowed for vector selectors" }],
];
