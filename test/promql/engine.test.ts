// Engine semantics on hand-loaded data: selectors, windows, subqueries, @,
// operators and matching errors, aggregations, functions, annotations,
// limits, storage hints and result shapes.
import { describe, expect, it } from 'vitest';
import { labelsFrom, type Labels } from '../../src/model/labels.js';
import type { Matcher } from '../../src/model/matchers.js';
import { Engine, type EngineOptions } from '../../src/promql/engine/index.js';
import { labelsHash } from '../../src/promql/engine/hash.js';
import type { Querier, SelectHints } from '../../src/promql/storage.js';
import { PromQLError, type QueryResult } from '../../src/promql/value.js';
import { staleNaN } from '../../src/tsdb/chunkenc/value.js';
import { Head } from '../../src/tsdb/head.js';
import { sourcesQuerier } from '../../src/tsdb/querier.js';

type SeriesDef = [string, number, (number | null | 'stale')[], number?];

/** Loads series given as [labels text, interval ms, values (null = none), start ms]. */
function load(defs: SeriesDef[]): Querier {
  const head = new Head();
  const app = head.appender();
  for (const [text, interval, vals, start = 0] of defs) {
    const ls = parseLabels(text);
    vals.forEach((v, i) => {
      if (v === null) return;
      app.add(ls, start + i * interval, v === 'stale' ? staleNaN : v);
    });
  }
  app.commit();
  return sourcesQuerier(() => [head]);
}

function parseLabels(text: string): Labels {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?(?:\{(.*)\})?$/.exec(text)!;
  const pairs: [string, string][] = [];
  if (m[1]) pairs.push(['__name__', m[1]]);
  if (m[2]) for (const kv of m[2].split(',')) {
    const [k, v] = kv.split('=');
    pairs.push([k!.trim(), JSON.parse(v!.trim()) as string]);
  }
  return labelsFrom(pairs);
}

function fmt(ls: Labels): string {
  const name = ls.find((l) => l.name === '__name__')?.value ?? '';
  const rest = ls.filter((l) => l.name !== '__name__').map((l) => `${l.name}="${l.value}"`);
  return name + (rest.length || !name ? `{${rest.join(',')}}` : '');
}

/** Instant vector result as {labels: value}, in result order. */
function vec(r: QueryResult): Record<string, number> {
  if (r.value.type !== 'vector') throw new Error(`expected a vector, got ${r.value.type}`);
  const out: Record<string, number> = {};
  for (const s of r.value.samples) out[fmt(s.labels)] = s.v;
  return out;
}

function order(r: QueryResult): string[] {
  if (r.value.type !== 'vector') throw new Error(`expected a vector, got ${r.value.type}`);
  return r.value.samples.map((s) => fmt(s.labels));
}

/** Matrix result as {labels: [[t seconds, v], …]}. */
function mat(r: QueryResult): Record<string, [number, number][]> {
  if (r.value.type !== 'matrix') throw new Error(`expected a matrix, got ${r.value.type}`);
  const out: Record<string, [number, number][]> = {};
  for (const s of r.value.series) out[fmt(s.labels)] = [...s.ts].map((t, i) => [t / 1000, s.vs[i]!]);
  return out;
}

function scalar(r: QueryResult): number {
  if (r.value.type !== 'scalar') throw new Error(`expected a scalar, got ${r.value.type}`);
  return r.value.v;
}

async function fails(p: Promise<unknown>): Promise<PromQLError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PromQLError) return e;
    throw e;
  }
  throw new Error('expected the query to fail');
}

const s = (sec: number) => sec * 1000;

function engine(o: EngineOptions = {}): Engine {
  return new Engine({ maxSamples: 10_000, ...o });
}

describe('selectors', () => {
  const q = load([
    ['m{job="a"}', 10_000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['m{job="b"}', 10_000, [10, 20, 30]],
    ['st', 10_000, [1, 2, 'stale', null, 5]],
  ]);
  const e = engine();

  it('picks the newest sample in (t - lookback, t]', async () => {
    const e2 = engine({ lookbackDelta: 10_000 });
    expect(vec(await e2.instantQuery(q, 'm', s(29.999)))).toEqual({ 'm{job="a"}': 3, 'm{job="b"}': 30 });
    // The sample exactly lookback old is out.
    expect(vec(await e2.instantQuery(q, 'm', s(30)))).toEqual({ 'm{job="a"}': 4 });
    // A per-query lookback overrides the engine's.
    expect(vec(await e.instantQuery(q, 'm', s(30), { lookbackDelta: 10_000 }))).toEqual({ 'm{job="a"}': 4 });
    expect(vec(await e.instantQuery(q, 'm', s(-0.001)))).toEqual({});
  });

  it('a stale marker hides the series until the next sample', async () => {
    expect(vec(await e.instantQuery(q, 'st', s(15)))).toEqual({ st: 2 });
    expect(vec(await e.instantQuery(q, 'st', s(25)))).toEqual({});
    expect(vec(await e.instantQuery(q, 'st', s(35)))).toEqual({});
    expect(vec(await e.instantQuery(q, 'st', s(40)))).toEqual({ st: 5 });
    // Range selectors skip stale markers.
    expect(mat(await e.instantQuery(q, 'st[1m]', s(40)))).toEqual({ st: [[0, 1], [10, 2], [40, 5]] });
  });

  it('range selectors are left-open, right-closed', async () => {
    expect(mat(await e.instantQuery(q, 'm{job="a"}[20s]', s(40)))).toEqual({ 'm{job="a"}': [[30, 4], [40, 5]] });
    expect(mat(await e.instantQuery(q, 'm[15s] offset 10s', s(30)))).toEqual({
      'm{job="a"}': [[10, 2], [20, 3]],
      'm{job="b"}': [[10, 20], [20, 30]],
    });
  });

  it('offset, negative offset and @ with start()/end()', async () => {
    expect(vec(await e.instantQuery(q, 'm{job="a"} offset 20s', s(50)))).toEqual({ 'm{job="a"}': 4 });
    expect(vec(await e.instantQuery(q, 'm{job="a"} offset -20s', s(50)))).toEqual({ 'm{job="a"}': 8 });
    expect(vec(await e.instantQuery(q, 'm{job="a"} @ 30', s(90)))).toEqual({ 'm{job="a"}': 4 });
    expect(vec(await e.instantQuery(q, 'm{job="a"} @ 30 offset 10s', s(90)))).toEqual({ 'm{job="a"}': 3 });
    const r = await e.rangeQuery(q, 'm{job="a"} @ end() - m{job="a"} @ start()', s(10), s(50), s(20));
    expect(mat(r)).toEqual({ '{job="a"}': [[10, 4], [30, 4], [50, 4]] });
    const r2 = await e.rangeQuery(q, 'm{job="a"} @ start()', s(10), s(50), s(20));
    expect(mat(r2)).toEqual({ 'm{job="a"}': [[10, 2], [30, 2], [50, 2]] });
  });

  it('timestamp() of a selector returns the sample time', async () => {
    expect(vec(await e.instantQuery(q, 'timestamp(m)', s(45)))).toEqual({ '{job="a"}': 40, '{job="b"}': 20 });
    // Of any other expression it is the evaluation time.
    expect(vec(await e.instantQuery(q, 'timestamp(m + 0)', s(45)))).toEqual({ '{job="a"}': 45, '{job="b"}': 45 });
    const r = await e.rangeQuery(q, 'timestamp(m{job="a"} @ 25)', s(0), s(20), s(10));
    expect(mat(r)).toEqual({ '{job="a"}': [[0, 20], [10, 20], [20, 20]] });
  });
});

describe('subqueries', () => {
  const q = load([['m', 10_000, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]]);
  const e = engine();

  it('evaluates at multiples of the step inside (t - range, t]', async () => {
    expect(mat(await e.instantQuery(q, 'm[30s:10s]', s(45)))).toEqual({ m: [[20, 2], [30, 3], [40, 4]] });
    expect(mat(await e.instantQuery(q, 'm[30s:10s]', s(40)))).toEqual({ m: [[20, 2], [30, 3], [40, 4]] });
    expect(mat(await e.instantQuery(q, 'm[30s:10s] offset 15s', s(45)))).toEqual({ m: [[10, 1], [20, 2], [30, 3]] });
    expect(mat(await e.instantQuery(q, 'm[20s:10s] @ 100', s(0)))).toEqual({ m: [[90, 9], [100, 10]] });
  });

  it('uses the engine default step, and nests', async () => {
    const e2 = engine({ noStepSubqueryInterval: 20_000 });
    expect(mat(await e2.instantQuery(q, 'm[60s:]', s(60)))).toEqual({ m: [[20, 2], [40, 4], [60, 6]] });
    expect(vec(await e.instantQuery(q, 'max_over_time(rate(m[20s:10s])[30s:10s])', s(60)))).toEqual({ '{}': 0.1 });
    // Inner sums at 40, 50, 60 are (3+4), (4+5), (5+6).
    expect(vec(await e.instantQuery(q, 'sum_over_time(sum_over_time(m[20s:10s])[30s:10s])', s(60)))).toEqual({ '{}': 27 });
  });

  it('works at negative times (Go division truncates toward zero)', async () => {
    const q2 = load([['n', 10_000, [1, 2, 3, 4, 5], -50_000]]);
    // (-40s, -15s]: -40s itself is out.
    expect(mat(await e.instantQuery(q2, 'n[25s:10s]', s(-15)))).toEqual({ n: [[-30, 3], [-20, 4]] });
    expect(mat(await e.instantQuery(q2, 'n[30s:10s]', s(-15)))).toEqual({ n: [[-40, 2], [-30, 3], [-20, 4]] });
  });

  it('range functions over subqueries match the same functions over selectors', async () => {
    const r1 = await e.rangeQuery(q, 'sum_over_time(m[30s:10s])', s(30), s(120), s(15));
    const r2 = await e.rangeQuery(q, 'sum_over_time(m[30s])', s(30), s(120), s(15));
    // Steps at multiples of 10s see the same samples; the others see the subquery grid.
    expect(mat(r1)['{}']!.filter(([t]) => t % 10 === 0)).toEqual(mat(r2)['{}']!.filter(([t]) => t % 10 === 0));
  });
});

describe('binary operators', () => {
  const q = load([
    ['a{x="1",y="p"}', 10_000, [1]],
    ['a{x="2",y="p"}', 10_000, [2]],
    ['b{x="1"}', 10_000, [10]],
    ['b{x="2"}', 10_000, [20]],
    ['c{x="1",z="q"}', 10_000, [100]],
    ['c{x="1",z="r"}', 10_000, [200]],
    ['info{x="1",team="t1"}', 10_000, [1]],
    ['info{x="2",team="t2"}', 10_000, [1]],
  ]);
  const e = engine();

  it('one-to-one matching with on/ignoring; arithmetic drops the name', async () => {
    expect(vec(await e.instantQuery(q, 'a + on(x) b', 0))).toEqual({ '{x="1"}': 11, '{x="2"}': 22 });
    expect(vec(await e.instantQuery(q, 'a + ignoring(y) b', 0))).toEqual({ '{x="1"}': 11, '{x="2"}': 22 });
    // One-to-one results drop the ignored labels; comparisons keep the name.
    expect(vec(await e.instantQuery(q, 'a < ignoring(y) b', 0))).toEqual({ 'a{x="1"}': 1, 'a{x="2"}': 2 });
    expect(vec(await e.instantQuery(q, 'a > bool ignoring(y) b', 0))).toEqual({ '{x="1"}': 0, '{x="2"}': 0 });
  });

  it('group_left copies the included labels from the one side', async () => {
    expect(vec(await e.instantQuery(q, 'a * on(x) group_left(team) info', 0))).toEqual({
      '{team="t1",x="1",y="p"}': 1,
      '{team="t2",x="2",y="p"}': 2,
    });
    expect(vec(await e.instantQuery(q, 'c / on(x) group_left b', 0))).toEqual({ '{x="1",z="q"}': 10, '{x="1",z="r"}': 20 });
    expect(vec(await e.instantQuery(q, 'b - on(x) group_right c', 0))).toEqual({ '{x="1",z="q"}': -90, '{x="1",z="r"}': -190 });
  });

  it('raises Prometheus\'s matching errors', async () => {
    const e1 = await fails(e.instantQuery(q, 'b + on(x) c', 0));
    expect(e1.errorType).toBe('execution');
    expect(e1.message).toBe(
      'found duplicate series for the match group {x="1"} on the right hand-side of the operation: ' +
        '[{__name__="c", x="1", z="q"}, {__name__="c", x="1", z="r"}];many-to-many matching not allowed: matching labels must be unique on one side',
    );
    const e2 = await fails(e.instantQuery(q, 'c + on(x) group_right b', 0));
    expect(e2.message).toContain('on the left hand-side of the operation');
    const e3 = await fails(e.instantQuery(q, 'c + on(x) b', 0));
    expect(e3.message).toBe('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
    const e4 = await fails(e.instantQuery(q, 'c + on(x) group_left(z) (b or label_replace(b, "z", "q", "", ""))', 0));
    expect(e4.message).toBe('found duplicate series for the match group {x="1"} on the right hand-side of the operation: [{__name__="b", x="1", z="q"}, {__name__="b", x="1"}];many-to-many matching not allowed: matching labels must be unique on one side');
  });

  it('set operators', async () => {
    expect(vec(await e.instantQuery(q, 'a and on(x) c', 0))).toEqual({ 'a{x="1",y="p"}': 1 });
    expect(vec(await e.instantQuery(q, 'a unless on(x) c', 0))).toEqual({ 'a{x="2",y="p"}': 2 });
    expect(vec(await e.instantQuery(q, 'b or on(x) a', 0))).toEqual({ 'b{x="1"}': 10, 'b{x="2"}': 20 });
    expect(order(await e.instantQuery(q, 'c or b', 0))).toEqual(['c{x="1",z="q"}', 'c{x="1",z="r"}', 'b{x="1"}', 'b{x="2"}']);
  });

  it('vector-scalar filtering and scalar arithmetic', async () => {
    expect(vec(await e.instantQuery(q, '15 < b', 0))).toEqual({ 'b{x="2"}': 20 });
    expect(vec(await e.instantQuery(q, 'b >= bool 15', 0))).toEqual({ '{x="1"}': 0, '{x="2"}': 1 });
    expect(scalar(await e.instantQuery(q, '2 ^ 10 % 7 + 1 == bool 3', 0))).toBe(1);
    expect(scalar(await e.instantQuery(q, '1 ^ NaN', 0))).toBe(1); // Go's math.Pow
    expect(scalar(await e.instantQuery(q, '-2 ^ 2', 0))).toBe(-4);
  });

  it('comparison errors only fire at steps where duplicates meet', async () => {
    const q2 = load([
      ['l{k="1",i="a"}', 10_000, [1, 1, 'stale', null]],
      ['l{k="1",i="b"}', 10_000, [null, null, 1, 1]],
      ['r{k="1"}', 10_000, [5, 5, 5, 5]],
    ]);
    const r = await e.rangeQuery(q2, 'r + on(k) group_right l', 0, s(30), s(10));
    expect(mat(r)).toEqual({ '{i="a",k="1"}': [[0, 6], [10, 6]], '{i="b",k="1"}': [[20, 6], [30, 6]] });
    // Dropping i makes both map to one output series, at different steps: fine.
    expect(mat(await e.rangeQuery(q2, 'r + on(k) l', 0, s(30), s(10)))).toEqual({ '{k="1"}': [[0, 6], [10, 6], [20, 6], [30, 6]] });
  });
});

describe('name removal', () => {
  const q = load([
    ['metric_a', 600_000, [1, null]],
    ['metric_b', 600_000, [3, 4]],
    ['t1{src="a"}', 10_000, [0]],
    ['t2{src="a"}', 10_000, [1]],
  ]);

  it('drops names at the end and merges series that never overlap', async () => {
    const e = engine();
    expect(mat(await e.rangeQuery(q, '-metric_a or -metric_b', 0, s(1200), s(600)))).toEqual({ '{}': [[0, -1], [600, -4]] });
    const err = await fails(e.instantQuery(q, 'ceil({__name__=~"t1|t2"})', 0));
    expect(err.message).toBe('vector cannot contain metrics with the same labelset');
    // The name survives to the end through label_replace.
    expect(vec(await e.instantQuery(q, 'label_replace(ceil(t1), "__name__", "x", "", "")', 0))).toEqual({ 'x{src="a"}': 0 });
  });

  it('without delayed removal names go at once', async () => {
    const e = engine({ enableDelayedNameRemoval: false });
    const err = await fails(e.instantQuery(q, 'ceil({__name__=~"t1|t2"})', 0));
    expect(err.message).toBe('vector cannot contain metrics with the same labelset');
    expect(vec(await e.instantQuery(q, 'label_replace(ceil(t1), "__name__", "x", "", "")', 0))).toEqual({ 'x{src="a"}': 0 });
    expect(vec(await e.instantQuery(q, 'ceil(t1)', 0))).toEqual({ '{src="a"}': 0 });
  });
});

describe('aggregations', () => {
  const q = load([
    ['v{g="a",i="1"}', 10_000, [1]],
    ['v{g="a",i="2"}', 10_000, [5]],
    ['v{g="b",i="3"}', 10_000, [3]],
    ['v{g="b",i="4"}', 10_000, [NaN]],
    ['big{i="1"}', 10_000, [1e100]],
    ['big{i="2"}', 10_000, [1]],
    ['big{i="3"}', 10_000, [-1e100]],
    ['max{i="1"}', 10_000, [Number.MAX_VALUE]],
    ['max{i="2"}', 10_000, [Number.MAX_VALUE]],
    ['max{i="3"}', 10_000, [Number.MAX_VALUE / 2]],
  ]);
  const e = engine();

  it('sum uses Kahan summation, avg switches to an incremental mean on overflow', async () => {
    expect(vec(await e.instantQuery(q, 'sum(big)', 0))).toEqual({ '{}': 1 });
    const avg = vec(await e.instantQuery(q, 'avg(max)', 0))['{}']!;
    expect(Number.isFinite(avg)).toBe(true);
    expect(Math.abs(avg / (Number.MAX_VALUE * (2.5 / 3)) - 1)).toBeLessThan(1e-15);
  });

  it('by / without groupings and the basic operators', async () => {
    expect(vec(await e.instantQuery(q, 'sum by (g) (v{g="a"})', 0))).toEqual({ '{g="a"}': 6 });
    expect(vec(await e.instantQuery(q, 'count without (i) (v)', 0))).toEqual({ '{g="a"}': 2, '{g="b"}': 2 });
    expect(vec(await e.instantQuery(q, 'max by (g) (v)', 0))).toEqual({ '{g="a"}': 5, '{g="b"}': 3 });
    expect(vec(await e.instantQuery(q, 'min(v{g="a"})', 0))).toEqual({ '{}': 1 });
    expect(vec(await e.instantQuery(q, 'group by (g) (v)', 0))).toEqual({ '{g="a"}': 1, '{g="b"}': 1 });
    expect(vec(await e.instantQuery(q, 'stddev(v{g="a"})', 0))).toEqual({ '{}': 2 });
    expect(vec(await e.instantQuery(q, 'stdvar(v{g="a"})', 0))).toEqual({ '{}': 4 });
    expect(vec(await e.instantQuery(q, 'quantile(0.5, v{g="a"})', 0))).toEqual({ '{}': 3 });
  });

  it('topk / bottomk return per-group sorted output in instant queries', async () => {
    expect(order(await e.instantQuery(q, 'topk(2, v)', 0))).toEqual(['v{g="a",i="2"}', 'v{g="b",i="3"}']);
    expect(order(await e.instantQuery(q, 'bottomk by (g) (1, v)', 0))).toEqual(['v{g="a",i="1"}', 'v{g="b",i="3"}']);
    expect(order(await e.instantQuery(q, 'topk(10, v)', 0))).toEqual(['v{g="a",i="2"}', 'v{g="b",i="3"}', 'v{g="a",i="1"}', 'v{g="b",i="4"}']);
    expect(vec(await e.instantQuery(q, 'topk(0, v)', 0))).toEqual({});
    expect((await fails(e.instantQuery(q, 'topk(NaN, v)', 0))).message).toBe('Parameter value is NaN');
    expect((await fails(e.instantQuery(q, 'topk(1e19, v)', 0))).message).toBe('Scalar value 1e+19 overflows int64');
  });

  it('count_values, limitk and limit_ratio', async () => {
    expect(vec(await e.instantQuery(q, 'count_values("val", v)', 0))).toEqual({ '{val="1"}': 1, '{val="5"}': 1, '{val="3"}': 1, '{val="NaN"}': 1 });
    expect(vec(await e.instantQuery(q, 'count_values by (g) ("g", v)', 0))).toEqual({ '{g="1"}': 1, '{g="5"}': 1, '{g="3"}': 1, '{g="NaN"}': 1 });
    expect(Object.keys(vec(await e.instantQuery(q, 'limitk by (g) (1, v)', 0)))).toHaveLength(2);
    // limit_ratio samples by the labels' hash: offsets below r are kept, the rest with -(1-r).
    const labels = ['v{g="a",i="1"}', 'v{g="a",i="2"}', 'v{g="b",i="3"}', 'v{g="b",i="4"}'];
    const offs = labels.map((l) => labelsHash(parseLabels(l)) / 18446744073709551615);
    const kept = Object.keys(vec(await e.instantQuery(q, 'limit_ratio(0.5, v)', 0)));
    const rest = Object.keys(vec(await e.instantQuery(q, 'limit_ratio(-0.5, v)', 0)));
    expect(kept.sort()).toEqual(labels.filter((_, i) => offs[i]! < 0.5).sort());
    expect(rest.sort()).toEqual(labels.filter((_, i) => offs[i]! >= 0.5).sort());
    const r = await e.instantQuery(q, 'limit_ratio(1.5, v)', 0);
    expect(r.warnings).toEqual(['PromQL warning: ratio value should be between -1 and 1, got 1.5, capping to 1 (1:13)']);
  });

  it('quantile warns about φ outside [0, 1]', async () => {
    const r = await e.instantQuery(q, 'quantile(1.5, v)', 0);
    expect(vec(r)).toEqual({ '{}': Infinity });
    expect(r.warnings).toEqual(['PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:10)']);
  });

  it('invalid count_values label', async () => {
    expect((await fails(e.instantQuery(q, 'count_values("", v)', 0))).message).toBe('invalid label name ""');
  });
});

describe('labels.Hash', () => {
  it('matches Go (xxhash64 of name 0xff value 0xff …)', () => {
    // Reference from Go: xxhash.Sum64([]byte("__name__\xfffoo\xffjob\xffa\xff")).
    expect(labelsHash(labelsFrom({ __name__: 'foo', job: 'a' }))).toBe(Number(0xdbb8c8983a58677an));
  });
});

describe('functions', () => {
  const q = load([
    ['req_total{i="1"}', 15_000, [0, 10, 20, 30, 40, 50, 60, 70, 80]],
    ['gauge{i="1"}', 15_000, [5, 3, 8, 1, 9]],
    ['h_bucket{le="1"}', 60_000, [1, 2]],
    ['h_bucket{le="5"}', 60_000, [3, 4]],
    ['h_bucket{le="+Inf"}', 60_000, [4, 6]],
    ['bad_bucket{le="x"}', 60_000, [1]],
    ['mono_bucket{le="1"}', 60_000, [5]],
    ['mono_bucket{le="2"}', 60_000, [3]],
    ['mono_bucket{le="+Inf"}', 60_000, [6]],
    ['s{n="a10"}', 60_000, [1]],
    ['s{n="a9"}', 60_000, [3]],
    ['s{n="b1"}', 60_000, [2]],
  ]);
  const e = engine();

  it('rate flags names without counter suffixes', async () => {
    const r = await e.instantQuery(q, 'rate(gauge[1m])', s(60));
    expect(r.infos).toEqual(['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "gauge" (1:6)']);
    const r2 = await e.instantQuery(q, 'rate(req_total[1m])', s(60));
    expect(r2.infos).toEqual([]);
    expect(vec(r2)).toEqual({ '{i="1"}': 10 / 15 });
  });

  it('absent, absent_over_time, scalar, vector, time', async () => {
    expect(vec(await e.instantQuery(q, 'absent(nope{a="b",c=~"d"})', 0))).toEqual({ '{a="b"}': 1 });
    expect(vec(await e.instantQuery(q, 'absent(gauge)', 0))).toEqual({});
    const r = await e.rangeQuery(q, 'absent_over_time(gauge{x="y"}[10s])', s(0), s(60), s(30));
    expect(mat(r)).toEqual({ '{x="y"}': [[0, 1], [30, 1], [60, 1]] });
    const r2 = await e.rangeQuery(q, 'absent_over_time(gauge[10s])', s(30), s(90), s(30));
    expect(mat(r2)).toEqual({ '{}': [[90, 1]] });
    expect(scalar(await e.instantQuery(q, 'scalar(gauge)', s(15)))).toBe(3);
    expect(scalar(await e.instantQuery(q, 'scalar(h_bucket)', s(15)))).toBeNaN();
    expect(vec(await e.instantQuery(q, 'vector(time())', s(7)))).toEqual({ '{}': 7 });
    expect(mat(await e.rangeQuery(q, 'time()', 0, s(20), s(10)))).toEqual({ '{}': [[0, 0], [10, 10], [20, 20]] });
  });

  it('sort orders instant results and warns in range queries', async () => {
    expect(order(await e.instantQuery(q, 'sort(s)', 0))).toEqual(['s{n="a10"}', 's{n="b1"}', 's{n="a9"}']);
    expect(order(await e.instantQuery(q, 'sort_desc(s)', 0))).toEqual(['s{n="a9"}', 's{n="b1"}', 's{n="a10"}']);
    expect(order(await e.instantQuery(q, 'sort_by_label(s, "n")', 0))).toEqual(['s{n="a9"}', 's{n="a10"}', 's{n="b1"}']);
    expect(order(await e.instantQuery(q, 'sort_by_label_desc(s, "n")', 0))).toEqual(['s{n="b1"}', 's{n="a10"}', 's{n="a9"}']);
    const r = await e.rangeQuery(q, 'x + sort(s)', 0, s(60), s(30));
    expect(r.warnings).toEqual(['PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:5)']);
  });

  it('histogram_quantile over classic buckets, with its annotations', async () => {
    expect(vec(await e.instantQuery(q, 'histogram_quantile(0.5, h_bucket)', 0))).toEqual({ '{}': 1 + (4 * (2 - 1)) / 2 });
    const r = await e.instantQuery(q, 'histogram_quantile(0.5, bad_bucket)', 0);
    expect(vec(r)).toEqual({});
    expect(r.warnings).toEqual(['PromQL warning: bucket label "le" is missing or has a malformed value of "x" for metric name "bad_bucket" (1:25)']);
    const r2 = await e.instantQuery(q, 'histogram_quantile(2, h_bucket)', 0);
    expect(r2.warnings).toEqual(['PromQL warning: quantile value should be between 0 and 1, got 2 (1:20)']);
    const r3 = await e.rangeQuery(q, 'histogram_quantile(0.5, mono_bucket)', 0, s(30), s(30));
    expect(r3.infos).toEqual([
      'PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "mono_bucket", from buckets 2 to 2, with a max diff of 2, over 2 samples from 1970-01-01T00:00:00Z to 1970-01-01T00:00:30Z (1:25)',
    ]);
    expect(vec(await e.instantQuery(q, 'histogram_fraction(0, 1, h_bucket)', 0))).toEqual({ '{}': 0.25 });
    expect(vec(await e.instantQuery(q, 'histogram_quantiles(h_bucket, "q", 0.5, 1)', 0))).toEqual({ '{q="0.5"}': 3, '{q="1.0"}': 5 });
  });

  it('quantile_over_time warns with the φ position', async () => {
    const r = await e.instantQuery(q, 'quantile_over_time(-1, gauge[1m])', s(60));
    expect(vec(r)).toEqual({ '{i="1"}': -Infinity });
    expect(r.warnings).toEqual(['PromQL warning: quantile value should be between 0 and 1, got -1 (1:20)']);
  });

  it('predict_linear regresses to the evaluation time, also under offset', async () => {
    expect(vec(await e.instantQuery(q, 'predict_linear(req_total[1m], 60)', s(60)))).toEqual({ '{i="1"}': 80 });
    expect(vec(await e.instantQuery(q, 'predict_linear(req_total[1m] offset 30s, 0)', s(90)))).toEqual({ '{i="1"}': 60 });
  });

  it('elementwise functions, clamp with max < min, date functions without argument', async () => {
    expect(vec(await e.instantQuery(q, 'clamp(gauge, 4, 6)', s(30)))).toEqual({ '{i="1"}': 6 });
    expect(vec(await e.instantQuery(q, 'clamp(gauge, 6, 4)', s(30)))).toEqual({});
    expect(vec(await e.instantQuery(q, 'round(gauge / 3, 0.5)', s(30)))).toEqual({ '{i="1"}': 2.5 });
    expect(vec(await e.instantQuery(q, 'day_of_week()', s(86_400 * 3)))).toEqual({ '{}': 0 });
    expect(vec(await e.instantQuery(q, 'hour(vector(7200))', 0))).toEqual({ '{}': 2 });
  });

  it('label_replace and label_join', async () => {
    expect(vec(await e.instantQuery(q, 'label_join(s{n="b1"}, "m", "-", "n", "__name__")', 0))).toEqual({ 's{m="b1-s",n="b1"}': 2 });
    const err = await fails(e.instantQuery(q, 'label_replace(s, "n", "x", "", "")', 0));
    expect(err.message).toBe('vector cannot contain metrics with the same labelset');
    const err2 = await fails(e.instantQuery(q, 'label_replace(s, "n", "x", "n", "(")', 0));
    expect(err2.message).toMatch(/^invalid regular expression in label_replace\(\): \($/);
  });
});

describe('limits and errors', () => {
  const q = load([['m{i="1"}', 10_000, Array.from({ length: 100 }, (_, i) => i)], ['m{i="2"}', 10_000, Array.from({ length: 100 }, (_, i) => i)]]);

  it('fails past the sample limit', async () => {
    const e = engine({ maxSamples: 50 });
    const err = await fails(e.rangeQuery(q, 'm', 0, s(990), s(10)));
    expect(err.message).toBe('query processing would load too many samples into memory in query execution');
    expect(err.errorType).toBe('execution');
    await expect(e.instantQuery(q, 'm', s(100))).resolves.toBeDefined();
    expect((await fails(e.instantQuery(q, 'm[1000s]', s(1000)))).message).toMatch(/too many samples/);
    expect((await fails(e.instantQuery(q, 'sum_over_time(m[1000s])', s(1000)))).message).toMatch(/too many samples/);
  });

  it('times out and cancels', async () => {
    const e = engine({ timeout: -1 });
    const err = await fails(e.instantQuery(q, 'm', 0));
    expect(err.errorType).toBe('timeout');
    expect(err.message).toMatch(/^query timed out in /);
    const ac = new AbortController();
    ac.abort();
    const err2 = await fails(engine().instantQuery(q, 'm', 0, { signal: ac.signal }));
    expect(err2.errorType).toBe('canceled');
  });

  it('rejects non-numeric range queries and bad parses', async () => {
    const e = engine();
    const err = await fails(e.rangeQuery(q, 'm[5m]', 0, 10, 1));
    expect(err.message).toBe('invalid expression type "range vector" for range query, must be Scalar or instant Vector');
    expect(err.errorType).toBe('bad_data');
    expect((await fails(e.rangeQuery(q, '"x"', 0, 10, 1))).message).toBe('invalid expression type "string" for range query, must be Scalar or instant Vector');
    const p = await fails(e.instantQuery(q, 'sum(m', 0));
    expect(p.errorType).toBe('bad_data');
  });
});

describe('range evaluation', () => {
  const q = load([
    ['m{i="1"}', 10_000, [1, 2, 3, 4, 5, 6]],
    ['m{i="2"}', 10_000, [2, 2, 2, 'stale', null, 7]],
  ]);
  const e = engine();

  it('step-invariant subtrees are evaluated once and repeated', async () => {
    expect(mat(await e.rangeQuery(q, 'sum(m @ 20) + time()', 0, s(20), s(10)))).toEqual({ '{}': [[0, 5], [10, 15], [20, 25]] });
    expect(mat(await e.rangeQuery(q, 'vector(pi()) > 3', 0, s(10), s(10)))).toEqual({ '{}': [[0, Math.PI], [10, Math.PI]] });
  });

  it('aggregations and count_values follow series presence per step', async () => {
    expect(mat(await e.rangeQuery(q, 'count_values("v", m)', 0, s(50), s(10)))).toEqual({
      '{v="1"}': [[0, 1]],
      '{v="2"}': [[0, 1], [10, 2], [20, 1]],
      '{v="3"}': [[20, 1]],
      '{v="4"}': [[30, 1]],
      '{v="5"}': [[40, 1]],
      '{v="6"}': [[50, 1]],
      '{v="7"}': [[50, 1]],
    });
    expect(mat(await e.rangeQuery(q, 'avg(m)', 0, s(50), s(10)))).toEqual({ '{}': [[0, 1.5], [10, 2], [20, 2.5], [30, 4], [40, 5], [50, 6.5]] });
    // On a tie (step 10s) the series seen first stays.
    expect(mat(await e.rangeQuery(q, 'topk(1, m)', 0, s(50), s(10)))).toEqual({
      'm{i="1"}': [[10, 2], [20, 3], [30, 4], [40, 5]],
      'm{i="2"}': [[0, 2], [50, 7]],
    });
  });

  it('vector matching with signatures that repeat across steps', async () => {
    const r = await e.rangeQuery(q, 'm - on() group_left max(m)', 0, s(50), s(10));
    expect(mat(r)).toEqual({
      '{i="1"}': [[0, -1], [10, 0], [20, 0], [30, 0], [40, 0], [50, -1]],
      '{i="2"}': [[0, 0], [10, 0], [20, -1], [50, 0]],
    });
  });
});

describe('results and storage hints', () => {
  it('passes Prometheus\'s select hints', async () => {
    const seen: { m: string; h: SelectHints }[] = [];
    const q: Querier = {
      async select(ms: Matcher[], h: SelectHints) {
        seen.push({ m: ms.map(String).join(','), h });
        return [];
      },
      async labelNames() { return []; },
      async labelValues() { return []; },
    };
    const e = engine();
    await e.rangeQuery(q, 'sum by (j) (rate(a[5m] offset 1m)) + b @ 100 + max_over_time(c[10m:1m])', s(1000), s(2000), s(10));
    const by = Object.fromEntries(seen.map((x) => [x.m, x.h]));
    expect(by['__name__="a"']).toEqual({ start: s(1000 - 60 - 300) + 1, end: s(2000 - 60), step: s(10), range: s(300), func: 'rate' });
    expect(by['__name__="b"']).toEqual({ start: s(100 - 300) + 1, end: s(100), step: s(10) });
    expect(by['__name__="c"']).toEqual({ start: s(1000 - 600 - 300) + 1, end: s(2000), step: s(60), func: 'max_over_time' });
    await e.instantQuery(q, 'count(d)', s(50));
    expect(seen.at(-1)!.h).toEqual({ start: s(50 - 300) + 1, end: s(50), step: 0, func: 'count', grouping: [], by: true });
  });

  it('range results are sorted by labels; scalars become one series', async () => {
    const q = load([['z', 10_000, [1, 2]], ['a', 10_000, [3, 4]]]);
    const e = engine();
    const r = await e.rangeQuery(q, '{__name__=~"z|a"}', 0, s(10), s(10));
    if (r.value.type !== 'matrix') throw new Error('matrix expected');
    expect(r.value.series.map((x) => fmt(x.labels))).toEqual(['a', 'z']);
    expect(mat(await e.rangeQuery(q, '1 + 1', 0, s(20), s(10)))).toEqual({ '{}': [[0, 2], [10, 2], [20, 2]] });
    expect(await e.instantQuery(q, '"hello"', s(5))).toMatchObject({ value: { type: 'string', t: s(5), v: 'hello' } });
  });

  it('annotation positions need the query text when an AST is passed', async () => {
    const { parseExpr } = await import('../../src/promql/parser/index.js');
    const q = load([['gauge', 10_000, [1, 2, 3, 4, 5, 6, 7]]]);
    const e = engine();
    const text = 'rate(gauge[1m])';
    expect((await e.instantQuery(q, parseExpr(text), s(60))).infos[0]).toMatch(/"gauge"$/);
    expect((await e.instantQuery(q, parseExpr(text), s(60), { queryText: text })).infos[0]).toMatch(/"gauge" \(1:6\)$/);
  });
});
