// The promqltest script language: series notation, command parsing and the
// comparison rules of Prometheus's test.go, without an engine.
import { describe, expect, it } from 'vitest';
import { labelsKey } from '../../src/model/labels.js';
import { staleNaN } from '../../src/tsdb/chunkenc/value.js';
import { parseGoNumber, parseSeriesDesc, type SeqValue } from '../../src/promql/promqltest/series.js';
import { parseScript, SCALAR_KEY, type EvalCmd, type LoadCmd } from '../../src/promql/promqltest/script.js';
import { almostEqual, checkAnnotations, checkExpectedFailure, compareResult } from '../../src/promql/promqltest/compare.js';
import type { QueryValue } from '../../src/promql/value.js';

const show = (vs: SeqValue[]) => vs.map((v) => (v.histogram ? 'H' : v.omitted ? '_' : v.stale ? 'stale' : String(v.value))).join(' ');
const L = (o: Record<string, string>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value }));

describe('series notation', () => {
  it.each([
    ['m 1+1x3', '1 2 3 4'],
    ['m 10-2x2', '10 8 6'],
    ['m -1-1x2', '-1 -2 -3'],
    ['m -1+1x2', '-1 0 1'],
    ['m 5x2', '5 5 5'],
    ['m _ 1 _x3 2', '_ 1 _ _ _ 2'],
    ['m stale 1 stale', 'stale 1 stale'],
    ['m NaN Inf -Inf +Inf nan', 'NaN Infinity -Infinity Infinity NaN'],
    ['m 1e3 .5 2.5e-1 1_000', '1000 0.5 0.25 1000'],
    ['m 010', '8'], // Go's ParseInt(s, 0, 64): a leading 0 is octal
    ['m 0x1', '0 0'], // no hex in series values: 0x1 is 0 repeated once more
    ['m {{schema:1 sum:3 count:22 buckets:[5 10 7]}} 1', 'H 1'],
    ['m {{schema:0 sum:1 count:1}}x2', 'H H H'],
    ['m {{schema:0 sum:1 count:1}}+{{sum:1 count:1}}x1 _', 'H H _'],
    ['m', ''],
  ])('%s', (line, want) => {
    expect(show(parseSeriesDesc(line).values)).toBe(want);
  });

  it('accumulates increments like Prometheus (v += d per step)', () => {
    const vs = parseSeriesDesc('m 1+0.1x3').values.map((v) => v.value);
    expect(vs).toEqual([1, 1 + 0.1, 1 + 0.1 + 0.1, 1 + 0.1 + 0.1 + 0.1]);
  });

  it('parses metric names, label sets and quoted UTF-8 names', () => {
    expect(parseSeriesDesc('http_requests{job="api", instance="0"} 1').labels).toEqual(L({ __name__: 'http_requests', job: 'api', instance: '0' }));
    expect(parseSeriesDesc('{__name__="x", a="b",} 1').labels).toEqual(L({ __name__: 'x', a: 'b' }));
    expect(parseSeriesDesc('{"my.metric", "a.b"="c\\n"} 1').labels).toEqual(L({ __name__: 'my.metric', 'a.b': 'c\n' }));
    expect(parseSeriesDesc('{} 3').labels).toEqual([]);
    expect(parseSeriesDesc('ns:metric:rate5m 3').labels).toEqual(L({ __name__: 'ns:metric:rate5m' }));
  });

  it.each(['m 1+2', 'm foo', 'm 1m', 'm 1x', 'm {a="b" 1', 'm 1 {{schema:1'])('rejects %s', (line) => {
    expect(() => parseSeriesDesc(line)).toThrow();
  });

  it('reads numbers like ParseInt(s, 0, 64) then ParseFloat', () => {
    expect(parseGoNumber('0x10')).toBe(16);
    expect(parseGoNumber('-7')).toBe(-7);
    expect(parseGoNumber('1e-3')).toBe(0.001);
    expect(parseGoNumber('-Inf')).toBe(-Infinity);
    expect(Number.isNaN(parseGoNumber('NaN'))).toBe(true);
    expect(() => parseGoNumber('abc')).toThrow();
  });
});

describe('script parsing', () => {
  const script = `
# a comment
load 5m
  m{a="1"} 0+10x2
  m{a="1"} 1 2
  n 1

load_with_nhcb 1m
  h_bucket{le="1"} 1

clear

eval instant at 10m m
  {__name__="m", a="1"} 2

eval range from 0 to 10m step 5m sum(m)
  expect warn msg: PromQL warning: foo (1:1)
  expect no_info
  {} 1 _ 3

eval_fail instant at 0 foo
  expected_fail_message boom

eval_ordered instant at 1m sort(m)
  m{a="2"} 1
  m{a="1"} 2

eval instant at 1m 42
  42

eval instant at 1m "x"
  expect string "x"

eval instant at 1m m[1m]
  expect range vector from 10s to 1m step 10s
  m 1 2 3 4 5 6

eval instant at 1m h
  {} {{schema:0 sum:1 count:1}}
`;
  const cmds = parseScript(script);

  it('reads loads, replacing a repeated series as test.go does', () => {
    const load = cmds[0] as LoadCmd;
    expect(load.kind).toBe('load');
    expect(load.line).toBe(3);
    expect(load.interval).toBe(300_000);
    expect(load.series.map((s) => show(s.values))).toEqual(['1 2', '1']);
    expect((cmds[1] as LoadCmd).withNHCB).toBe(true);
    expect(cmds[2]!.kind).toBe('clear');
  });

  it('reads instant and range evals with expectations', () => {
    const inst = cmds[3] as EvalCmd;
    expect(inst).toMatchObject({ kind: 'eval', line: 13, expr: 'm', isRange: false, evalTime: 600_000 });
    const rng = cmds[4] as EvalCmd;
    expect(rng).toMatchObject({ isRange: true, start: 0, end: 600_000, step: 300_000, expr: 'sum(m)' });
    expect(rng.expects.warn[0]!.message).toBe('PromQL warning: foo (1:1)');
    expect(rng.expects.no_info).toHaveLength(1);
    expect(show(rng.expected.get(labelsKey([]))!.vals)).toBe('1 _ 3');
  });

  it('reads legacy eval_fail / eval_ordered forms, scalars, strings and range vectors', () => {
    const f = cmds[5] as EvalCmd;
    expect(f.fail).toBe(true);
    expect(f.expectedFailMessage).toBe('boom');
    const o = cmds[6] as EvalCmd;
    expect(o.ordered).toBe(true);
    expect([...o.expected.values()].map((e) => e.pos)).toEqual([1, 2]);
    const s = cmds[7] as EvalCmd;
    expect(s.expectScalar).toBe(true);
    expect(s.expected.get(SCALAR_KEY)!.vals[0]!.value).toBe(42);
    const str = cmds[8] as EvalCmd;
    expect(str.expectedString).toBe('x');
    expect(str.excludeFromRangeQuery).toBe(true);
    const rv = cmds[9] as EvalCmd;
    expect(rv).toMatchObject({ start: 10_000, end: 60_000, step: 10_000, evalTime: 60_000, excludeFromRangeQuery: true });
    expect((cmds[10] as EvalCmd).expectsHistogram).toBe(true);
  });

  it('turns malformed blocks into error commands and keeps going', () => {
    const bad = parseScript(`
frobnicate 1

eval instant at 1m foo
  foo 1 2

eval instant at 1m foo
  expect warn
  expect no_warn

eval instant at 1m foo
  expect fail
  expect fail

load 1m
  m 1+

eval instant at 1m ok
  ok 1
`);
    expect(bad.map((c) => c.kind)).toEqual(['error', 'error', 'error', 'error', 'error', 'eval']);
    expect(bad.map((c) => c.line)).toEqual([2, 4, 7, 11, 15, 18]);
    expect((bad[1] as { message: string }).message).toContain("expecting multiple values in instant evaluation not allowed");
    expect((bad[2] as { message: string }).message).toContain('warn and no_warn cannot be used together');
    expect((bad[3] as { message: string }).message).toContain('multiple expect fail lines are not allowed');
  });
});

describe('comparison rules', () => {
  it('almostEqual is relative 1e-6, NaN equals NaN, stale only equals stale', () => {
    expect(almostEqual(1, 1 + 1e-7)).toBe(true);
    expect(almostEqual(1, 1 + 1e-5)).toBe(false);
    expect(almostEqual(1e300, 1.0000001e300)).toBe(true);
    expect(almostEqual(0, 1e-300)).toBe(false);
    expect(almostEqual(NaN, NaN)).toBe(true);
    expect(almostEqual(Infinity, Infinity)).toBe(true);
    expect(almostEqual(Infinity, -Infinity)).toBe(false);
    expect(almostEqual(staleNaN, NaN)).toBe(false);
    expect(almostEqual(NaN, staleNaN)).toBe(false);
    expect(almostEqual(staleNaN, staleNaN)).toBe(true);
  });

  const evalOf = (text: string) => parseScript(text)[0] as EvalCmd;
  const vec = (...s: [Record<string, string>, number][]): QueryValue => ({ type: 'vector', samples: s.map(([l, v]) => ({ labels: L(l), t: 0, v })) });

  it('compares vectors unordered unless ordered', () => {
    const ev = evalOf('eval instant at 0 m\n  m{a="1"} 1\n  m{a="2"} 2\n');
    expect(compareResult(ev, vec([{ __name__: 'm', a: '2' }, 2], [{ __name__: 'm', a: '1' }, 1.0000001]))).toBeNull();
    expect(compareResult(ev, vec([{ __name__: 'm', a: '1' }, 1]))).toMatch(/^expected metric \{__name__="m", a="2"\} with .* not found$/);
    expect(compareResult(ev, vec([{ __name__: 'm', a: '1' }, 1], [{ __name__: 'm', a: '2' }, 3]))).toBe('expected 2 for {__name__="m", a="2"} but got 3');
    expect(compareResult(ev, vec([{ __name__: 'm', a: '1' }, 1], [{ __name__: 'm', a: '2' }, 2], [{ __name__: 'm', a: '3' }, 2]))).toBe('unexpected metric {__name__="m", a="3"} in result, has value 2');
    const ord = evalOf('eval instant at 0 m\n  expect ordered\n  m{a="1"} 1\n  m{a="2"} 2\n');
    expect(compareResult(ord, vec([{ __name__: 'm', a: '1' }, 1], [{ __name__: 'm', a: '2' }, 2]))).toBeNull();
    expect(compareResult(ord, vec([{ __name__: 'm', a: '2' }, 2], [{ __name__: 'm', a: '1' }, 1]))).toContain('at position 2 but was at 1');
  });

  it('compares matrices point by point against start/step', () => {
    const ev = evalOf('eval range from 0 to 2m step 1m m\n  m 1 _ stale\n');
    const m = (ts: number[], vs: number[]): QueryValue => ({ type: 'matrix', series: [{ labels: L({ __name__: 'm' }), ts: Float64Array.from(ts), vs: Float64Array.from(vs) }] });
    // Set element-wise: a JS array literal may canonicalise the stale NaN's payload.
    const vs = new Float64Array(2);
    vs[0] = 1;
    vs[1] = staleNaN;
    expect(compareResult(ev, { type: 'matrix', series: [{ labels: L({ __name__: 'm' }), ts: Float64Array.from([0, 120_000]), vs }] })).toBeNull();
    expect(compareResult(ev, m([0, 120_000], [1, NaN]))).toContain('to be stale, but got NaN');
    expect(compareResult(ev, m([0, 60_000], [1, 1]))).toContain('to have timestamp 120000, but it had timestamp 60000');
    expect(compareResult(ev, m([0], [1]))).toContain('expected 2 float points and 0 histogram points');
    const tooMany = evalOf('eval range from 0 to 1m step 1m m\n  m 1 2 3\n');
    expect(compareResult(tooMany, m([0, 60_000], [1, 2]))).toContain('query time range cannot return this many points');
    const unsorted: QueryValue = { type: 'matrix', series: [{ labels: L({ a: '2' }), ts: new Float64Array(0), vs: new Float64Array(0) }, { labels: L({ a: '1' }), ts: new Float64Array(0), vs: new Float64Array(0) }] };
    expect(compareResult(evalOf('eval range from 0 to 1m step 1m m\n'), unsorted)).toContain('not sorted');
    expect(compareResult(evalOf('eval range from 0 to 1m step 1m m\n  expect ordered\n'), m([], []))).toBe('expected ordered result, but query returned a matrix');
  });

  it('compares scalars and strings, and rejects mismatched types', () => {
    expect(compareResult(evalOf('eval instant at 0 1\n  1\n'), { type: 'scalar', t: 0, v: 1 })).toBeNull();
    expect(compareResult(evalOf('eval instant at 0 1\n  NaN\n'), { type: 'scalar', t: 0, v: NaN })).toBeNull();
    expect(compareResult(evalOf('eval instant at 0 1\n  2\n'), { type: 'scalar', t: 0, v: 1 })).toBe('expected scalar 2 but got 1');
    expect(compareResult(evalOf('eval instant at 0 1\n  2\n'), vec())).toContain('expected scalar result, but got vector');
    expect(compareResult(evalOf('eval instant at 0 1\n  {} 2\n'), { type: 'scalar', t: 0, v: 2 })).toContain('expected vector or matrix result');
    expect(compareResult(evalOf('eval instant at 0 "a"\n  expect string "a"\n'), { type: 'string', t: 0, v: 'a' })).toBeNull();
    expect(compareResult(evalOf('eval instant at 0 "a"\n  expect string `b`\n'), { type: 'string', t: 0, v: 'a' })).toBe('expected string "b" but got "a"');
  });

  it('checks annotations: every expect line must match one, and every annotation an expect line', () => {
    const ev = evalOf('eval instant at 0 m\n  expect warn msg: PromQL warning: a (1:1)\n  expect info regex: b \\(\\d+:\\d+\\)\n');
    expect(checkAnnotations(ev, 'm', ['PromQL warning: a (1:1)'], ['PromQL info: b (1:7)'])).toBeNull();
    expect(checkAnnotations(ev, 'm', [], ['PromQL info: b (1:7)'])).toContain('expected warn annotations but none were found');
    expect(checkAnnotations(ev, 'm', ['PromQL warning: a (1:1)', 'PromQL warning: c (1:1)'], ['PromQL info: b (1:7)'])).toContain('unexpected warn annotation "PromQL warning: c (1:1)"');
    expect(checkAnnotations(ev, 'm', ['PromQL warning: a (1:2)'], ['PromQL info: b (1:7)'])).toContain('no matching annotation');
    // Without expect lines annotations are not checked.
    expect(checkAnnotations(evalOf('eval instant at 0 m\n'), 'm', ['w'], ['i'])).toBeNull();
    expect(checkAnnotations(evalOf('eval instant at 0 m\n  expect no_warn\n'), 'm', ['w'], [])).toContain('unexpected warning annotations');
    expect(checkAnnotations(evalOf('eval instant at 0 m\n  expect no_info\n'), 'm', [], ['i'])).toContain('unexpected info annotations');
    expect(checkAnnotations(evalOf('eval_warn instant at 0 m\n'), 'm', [], [])).toContain('expected warnings');
    expect(checkAnnotations(evalOf('eval_info instant at 0 m\n'), 'm', [], [])).toContain('expected info annotations');
  });

  it('checks expected failures by message and regex', () => {
    expect(checkExpectedFailure(evalOf('eval instant at 0 m\n  expect fail\n'), 'anything')).toBeNull();
    expect(checkExpectedFailure(evalOf('eval instant at 0 m\n  expect fail msg: boom\n'), 'boom')).toBeNull();
    expect(checkExpectedFailure(evalOf('eval instant at 0 m\n  expect fail msg: boom\n'), 'boom!')).toContain('expected error matching "boom"');
    expect(checkExpectedFailure(evalOf('eval instant at 0 m\n  expect fail regex: bo+m\n'), 'a boooom here')).toBeNull();
    expect(checkExpectedFailure(evalOf('eval_fail instant at 0 m\n  expected_fail_message x\n'), 'y')).toContain('expected error "x"');
    expect(checkExpectedFailure(evalOf('eval_fail instant at 0 m\n  expected_fail_regexp ^x+$\n'), 'xxx')).toBeNull();
    expect(checkExpectedFailure(evalOf('eval_fail instant at 0 m\n  expected_fail_regexp ^x+$\n'), 'xyx')).toContain('expected error matching pattern');
  });
});
