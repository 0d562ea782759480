// Engine tests on hand-built ASTs (independent of the parser).
import { describe, expect, it } from 'vitest';
import { labelsFrom, type Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matchers.js';
import type { AggregateExpr, BinaryExpr, Call, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../../src/promql/ast.js';
import { Engine } from '../../src/promql/engine/index.js';
import { FUNCTIONS } from '../../src/promql/parser/functions.js';
import { Head } from '../../src/tsdb/head.js';
import { sourcesQuerier } from '../../src/tsdb/querier.js';
import { staleNaN } from '../../src/tsdb/chunkenc/value.js';
import type { QueryResult } from '../../src/promql/value.js';

const pos = { start: 0, end: 0 };

function sel(name: string, m: Record<string, string> = {}, o: Partial<Pick<VectorSelector, 'offset' | 'at'>> = {}): VectorSelector {
  const matchers = [new Matcher('=', '__name__', name), ...Object.entries(m).map(([k, v]) => new Matcher('=', k, v))];
  return { type: 'VectorSelector', name, matchers, offset: o.offset ?? 0, at: o.at ?? null, pos };
}
const mat = (vs: VectorSelector, range: number): MatrixSelector => ({ type: 'MatrixSelector', vectorSelector: vs, range, pos });
const sub = (expr: Expr, range: number, step = 0, offset = 0): SubqueryExpr => ({ type: 'SubqueryExpr', expr, range, step, offset, at: null, pos });
const num = (val: number): Expr => ({ type: 'NumberLiteral', val, pos });
const str = (val: string): Expr => ({ type: 'StringLiteral', val, pos });
const call = (name: string, ...args: Expr[]): Call => ({ type: 'Call', func: FUNCTIONS[name]!, args, pos });
function bin(op: BinaryExpr['op'], lhs: Expr, rhs: Expr, o: Partial<BinaryExpr> = {}): BinaryExpr {
  const vv = lhs.type !== 'NumberLiteral' && rhs.type !== 'NumberLiteral';
  const setOp = op === 'and' || op === 'or' || op === 'unless';
  return {
    type: 'BinaryExpr', op, lhs, rhs, returnBool: false, pos,
    matching: vv ? { card: setOp ? 'many-to-many' : 'one-to-one', matchingLabels: [], on: false, include: [] } : null,
    ...o,
  };
}
const agg = (op: AggregateExpr['op'], expr: Expr, grouping: string[] = [], o: Partial<AggregateExpr> = {}): AggregateExpr =>
  ({ type: 'AggregateExpr', op, expr, param: null, grouping, without: false, pos, ...o });

function load(series: [Record<string, string>, number, (number | null)[]][]): Head {
  const head = new Head();
  const app = head.appender();
  for (const [ls, interval, vals] of series) {
    vals.forEach((v, i) => {
      if (v !== null) app.add(labelsFrom(ls), i * interval, v);
    });
  }
  app.commit();
  return head;
}

const engine = new Engine();

function vec(r: QueryResult): Record<string, number> {
  if (r.value.type !== 'vector') throw new Error(`expected vector, got ${r.value.type}`);
  const out: Record<string, number> = {};
  for (const s of r.value.samples) out[str2(s.labels)] = s.v;
  return out;
}
function str2(ls: Labels): string {
  return '{' + ls.map((l) => `${l.name}="${l.value}"`).join(',') + '}';
}
function matrix(r: QueryResult): Record<string, [number, number][]> {
  if (r.value.type !== 'matrix') throw new Error(`expected matrix, got ${r.value.type}`);
  const out: Record<string, [number, number][]> = {};
  for (const s of r.value.series) out[str2(s.labels)] = [...s.ts].map((t, i) => [t, s.vs[i]!]);
  return out;
}

describe('engine on hand-built ASTs', () => {
  const head = load([
    [{ __name__: 'm', job: 'a' }, 10_000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    [{ __name__: 'm', job: 'b' }, 10_000, [10, 20, 30, null, null, null, null, null, null, null]],
    [{ __name__: 'c_total', job: 'a' }, 15_000, [0, 15, 30, 45, 5, 20, 35]],
  ]);
  const q = sourcesQuerier(() => [head]);

  it('selects the newest sample within the lookback', async () => {
    expect(vec(await engine.instantQuery(q, sel('m'), 25_000))).toEqual({ '{__name__="m",job="a"}': 3, '{__name__="m",job="b"}': 30 });
    // Samples exactly lookback old are out (left-open window).
    const e2 = new Engine({ lookbackDelta: 10_000 });
    expect(vec(await e2.instantQuery(q, sel('m'), 30_000))).toEqual({ '{__name__="m",job="a"}': 4 });
    expect(vec(await e2.instantQuery(q, sel('m'), 29_999))).toEqual({ '{__name__="m",job="a"}': 3, '{__name__="m",job="b"}': 30 });
  });

  it('range query over a vector selector', async () => {
    const r = await engine.rangeQuery(q, sel('m', { job: 'b' }), 0, 30_000, 10_000);
    expect(matrix(r)).toEqual({ '{__name__="m",job="b"}': [[0, 10], [10_000, 20], [20_000, 30], [30_000, 30]] });
  });

  it('rate with extrapolation and counter resets, name dropped', async () => {
    const r = await engine.instantQuery(q, call('rate', mat(sel('c_total'), 60_000)), 90_000);
    // samples in (30s, 90s]: 45@45 5@60 20@75 35@90 -> reset at 60 adds 45 -> increase 35+45-45 = 35 over 45s
    const v = vec(r);
    expect(Object.keys(v)).toEqual(['{job="a"}']);
    // increase 35 over 45s of samples, extrapolated to the window start (15s < 1.1 × 15s interval): 35 × 60/45 per 60s.
    expect(v['{job="a"}']).toBeCloseTo((35 * (60 / 45)) / 60, 12);
  });

  it('sum by and arithmetic', async () => {
    const r = await engine.instantQuery(q, agg('sum', sel('m'), ['job']), 20_000);
    expect(vec(r)).toEqual({ '{job="a"}': 3, '{job="b"}': 30 });
    const r2 = await engine.instantQuery(q, bin('*', sel('m'), num(2)), 20_000);
    expect(vec(r2)).toEqual({ '{job="a"}': 6, '{job="b"}': 60 });
  });

  it('stale markers end a series', async () => {
    const h = new Head();
    const app = h.appender();
    const ls = labelsFrom({ __name__: 's' });
    app.add(ls, 0, 1);
    app.add(ls, 10_000, staleNaN);
    app.commit();
    const qq = sourcesQuerier(() => [h]);
    expect(vec(await engine.instantQuery(qq, sel('s'), 5_000))).toEqual({ '{__name__="s"}': 1 });
    expect(vec(await engine.instantQuery(qq, sel('s'), 15_000))).toEqual({});
    expect(matrix(await engine.instantQuery(qq, mat(sel('s'), 60_000), 15_000))).toEqual({ '{__name__="s"}': [[0, 1]] });
  });

  it('subquery alignment', async () => {
    const r = await engine.instantQuery(q, sub(sel('m', { job: 'a' }), 30_000, 10_000), 45_000);
    expect(matrix(r)).toEqual({ '{__name__="m",job="a"}': [[20_000, 3], [30_000, 4], [40_000, 5]] });
  });

  it('label_replace, sort_desc and topk', async () => {
    const r = await engine.instantQuery(q, call('label_replace', sel('m'), str('x'), str('$1'), str('job'), str('(.*)')), 20_000);
    expect(vec(r)).toEqual({ '{__name__="m",job="a",x="a"}': 3, '{__name__="m",job="b",x="b"}': 30 });
    const r2 = await engine.instantQuery(q, agg('topk', sel('m'), [], { param: num(1) }), 20_000);
    expect(vec(r2)).toEqual({ '{__name__="m",job="b"}': 30 });
  });
});
