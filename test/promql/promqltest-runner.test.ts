// The promqltest runner's harness logic (storage, skips, the `@` re-runs, the
// range-mode check, failure detection), driven by a tiny stub engine so the
// harness itself is tested independently of the real PromQL engine.
import { describe, expect, it } from 'vitest';
import { compareLabels, labelsKey, METRIC_NAME, type Labels } from '../../src/model/labels.js';
import { Matcher, type MatchType } from '../../src/model/matchers.js';
import { isStaleNaN } from '../../src/tsdb/chunkenc/value.js';
import { decodeSeries } from '../../src/tsdb/series.js';
import type { Expr, VectorSelector } from '../../src/promql/ast.js';
import type { Querier } from '../../src/promql/storage.js';
import { PromQLError, type MatrixSeries, type QueryResult, type QueryValue, type Sample } from '../../src/promql/value.js';
import { atModifierCases, runScript, summaryLine, type PromQLSyntax, type QueryEngineLike, type RunOptions } from '../../src/promql/promqltest/runner.js';

// --- stub syntax: numbers, strings, time(), selectors with [range] and @ ---

const fn = (name: string) => ({ name, argTypes: [], variadic: 0, returnType: 'scalar' as const });
const P = { start: 0, end: 0 };

function parseSelector(s: string): VectorSelector | null {
  const m = /^([a-zA-Z_:][\w:]*)?(?:\{([^}]*)\})?$/.exec(s);
  if (!m || (!m[1] && m[2] === undefined)) return null;
  const matchers: Matcher[] = [];
  if (m[1]) matchers.push(new Matcher('=', METRIC_NAME, m[1]));
  for (const part of (m[2] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const mm = /^(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"$/.exec(part);
    if (!mm) return null;
    matchers.push(new Matcher(mm[2] as MatchType, mm[1]!, mm[3]!));
  }
  return { type: 'VectorSelector', name: m[1] ?? '', matchers, offset: 0, at: null, pos: P };
}

const stubSyntax: PromQLSyntax = {
  parseExpr(input: string): Expr {
    const s = input.trim();
    if (/^[+-]?(\d+(\.\d*)?|Inf|NaN)$/.test(s)) return { type: 'NumberLiteral', val: Number(s.replace('Inf', 'Infinity')), pos: P };
    if (/^"[^"]*"$/.test(s)) return { type: 'StringLiteral', val: s.slice(1, -1), pos: P };
    if (s === 'time()') return { type: 'Call', func: fn('time'), args: [], pos: P };
    const m = /^(.*?)(?:\[(\d+)m\])?(?:\s*@\s*(-?[\d.]+))?$/.exec(s)!;
    const vs = parseSelector(m[1]!.trim());
    if (!vs) throw new PromQLError(`1:1: parse error: cannot parse ${JSON.stringify(s)}`, 'bad_data');
    if (m[3] !== undefined) vs.at = { kind: 'timestamp', ms: Math.round(Number(m[3]) * 1000) };
    if (m[2] !== undefined) return { type: 'MatrixSelector', vectorSelector: vs, range: Number(m[2]) * 60_000, pos: P };
    return vs;
  },
  exprToString(e: Expr): string {
    const sel = (v: VectorSelector) => {
      const rest = v.matchers.filter((m) => !(m.name === METRIC_NAME && m.type === '=' && v.name !== ''));
      return v.name + (rest.length ? `{${rest.map((m) => `${m.name}${m.type}"${m.value}"`).join(', ')}}` : '');
    };
    const at = (v: VectorSelector) => (v.at?.kind === 'timestamp' ? ` @ ${(v.at.ms / 1000).toFixed(3)}` : '');
    switch (e.type) {
      case 'NumberLiteral': return String(e.val);
      case 'StringLiteral': return JSON.stringify(e.val);
      case 'Call': return `${e.func.name}()`;
      case 'VectorSelector': return sel(e) + at(e);
      case 'MatrixSelector': return `${sel(e.vectorSelector)}[${e.range / 60_000}m]${at(e.vectorSelector)}`;
      default: throw new Error('unsupported');
    }
  },
};

// --- stub engine: instant selectors (5m lookback, staleness), range selectors, scalars ---

interface StubFlags {
  /** Evaluate selectors at the query time even when `@` is given. */
  ignoreAt?: boolean;
  /** Shift every value of a range query by one. */
  skewRange?: boolean;
  /** Return range query series in reverse label order. */
  unsortedRange?: boolean;
  /** Throw a TypeError for the selector `crash`. */
  crash?: boolean;
}

class StubEngine implements QueryEngineLike {
  calls: string[] = [];
  constructor(private readonly flags: StubFlags = {}) {}

  private async evalAt(q: Querier, query: string, t: number): Promise<QueryResult> {
    const e = stubSyntax.parseExpr(query);
    const warnings: string[] = [];
    const infos: string[] = [];
    const value = await this.eval(q, e, t, warnings, infos);
    return { value, warnings, infos };
  }

  private async eval(q: Querier, e: Expr, t: number, warnings: string[], infos: string[]): Promise<QueryValue> {
    switch (e.type) {
      case 'NumberLiteral': return { type: 'scalar', t, v: e.val };
      case 'StringLiteral': return { type: 'string', t, v: e.val };
      case 'Call': return { type: 'scalar', t, v: t / 1000 };
      case 'VectorSelector':
      case 'MatrixSelector': {
        const vs = e.type === 'VectorSelector' ? e : e.vectorSelector;
        if (vs.name === 'error_metric') throw new PromQLError('something went wrong in query execution', 'execution');
        if (vs.name === 'crash' && this.flags.crash) throw new TypeError('engine bug');
        if (vs.name === 'warn_metric') warnings.push('PromQL warning: careful (1:1)');
        if (vs.name === 'info_metric') infos.push('PromQL info: note (1:1)');
        const at = vs.at?.kind === 'timestamp' && !this.flags.ignoreAt ? vs.at.ms : t;
        const range = e.type === 'MatrixSelector' ? e.range : 300_000;
        const series = await q.select(vs.matchers, { start: at - range, end: at });
        if (e.type === 'MatrixSelector') {
          const out: MatrixSeries[] = [];
          for (const cs of series) {
            const b = decodeSeries(cs, at - range + 1, at);
            const ts: number[] = [];
            const idx: number[] = [];
            for (let i = 0; i < b.length; i++) if (!isStaleNaN(b.vs[i]!)) (ts.push(b.ts[i]!), idx.push(i));
            const vals = new Float64Array(idx.length);
            idx.forEach((j, k) => (vals[k] = b.vs[j]!));
            if (ts.length) out.push({ labels: cs.labels, ts: Float64Array.from(ts), vs: vals });
          }
          return { type: 'matrix', series: out };
        }
        const samples: Sample[] = [];
        for (const cs of series) {
          const b = decodeSeries(cs, at - 300_000 + 1, at);
          if (b.length === 0 || isStaleNaN(b.vs[b.length - 1]!)) continue;
          samples.push({ labels: cs.labels, t, v: b.vs[b.length - 1]! });
        }
        return { type: 'vector', samples };
      }
      default: throw new PromQLError('unsupported', 'bad_data');
    }
  }

  async instantQuery(q: Querier, query: string, t: number): Promise<QueryResult> {
    this.calls.push(`instant ${query} @${t}`);
    return this.evalAt(q, query, t);
  }

  async rangeQuery(q: Querier, query: string, start: number, end: number, step: number): Promise<QueryResult> {
    this.calls.push(`range ${query} ${start}..${end}/${step}`);
    const acc = new Map<string, { labels: Labels; ts: number[]; vs: number[] }>();
    const warnings: string[] = [];
    const infos: string[] = [];
    for (let t = start; t <= end; t += step) {
      const r = await this.evalAt(q, query, t);
      warnings.push(...r.warnings);
      infos.push(...r.infos);
      const pts: Sample[] = r.value.type === 'scalar' ? [{ labels: [], t, v: r.value.v }] : r.value.type === 'vector' ? r.value.samples : [];
      if (r.value.type === 'matrix' || r.value.type === 'string') throw new PromQLError('invalid expression type for range query', 'bad_data');
      for (const s of pts) {
        const k = labelsKey(s.labels);
        let a = acc.get(k);
        if (!a) acc.set(k, (a = { labels: s.labels, ts: [], vs: [] }));
        a.ts.push(t);
        a.vs.push(this.flags.skewRange ? s.v + 1 : s.v);
      }
    }
    const series = [...acc.values()].sort((x, y) => compareLabels(x.labels, y.labels)).map((a) => ({ labels: a.labels, ts: Float64Array.from(a.ts), vs: Float64Array.from(a.vs) }));
    if (this.flags.unsortedRange) series.reverse();
    return { value: { type: 'matrix', series }, warnings, infos };
  }
}

const run = (text: string, flags: StubFlags = {}, opts: RunOptions = {}) => runScript(text, 'x.test', { engine: new StubEngine(flags), syntax: stubSyntax, ...opts });

describe('runner with a stub engine', () => {
  it('loads expanded series into a Head and passes matching evals', async () => {
    const s = await run(`
load 1m
  m{a="1"} 0+10x3 _ stale 7
  m{a="2"} 5x5

eval instant at 2m m
  m{a="1"} 20
  m{a="2"} 5

eval instant at 4m m
  m{a="1"} 30
  m{a="2"} 5

eval instant at 5m m
  m{a="2"} 5

eval instant at 6m m{a="1"}
  m{a="1"} 7

eval range from 0 to 6m step 1m m{a="1"}
  m{a="1"} 0 10 20 30 30 _ 7

eval instant at 3m m{a="1"}[3m]
  expect range vector from 1m to 3m step 1m
  m{a="1"} 10 20 30

eval instant at 0 7
  7

eval instant at 0 "hello"
  expect string "hello"
`);
    expect(s.results.filter((r) => r.status !== 'passed')).toEqual([]);
    expect([s.passed, s.failed, s.skipped]).toEqual([8, 0, 0]);
    expect(summaryLine(s)).toBe('8 passed, 0 failed, 0 skipped');
  });

  it('reports a wrong expectation as a failure with its line, query and expected vs got', async () => {
    const s = await run(`
load 1m
  m 1 2 3

eval instant at 2m m
  m 4

eval instant at 2m m
  m 3
  other 1

eval instant at 2m m

eval range from 0 to 2m step 1m m
  m 1 2 4
`);
    expect([s.passed, s.failed, s.skipped]).toEqual([0, 4, 0]);
    expect(s.results.map((r) => [r.line, r.query])).toEqual([[5, 'm'], [8, 'm'], [12, 'm'], [14, 'm']]);
    expect(s.results[0]!.message).toContain('expected 4 for {__name__="m"} but got 3');
    expect(s.results[1]!.message).toContain('expected metric {__name__="other"} with');
    expect(s.results[2]!.message).toContain('unexpected metric {__name__="m"} in result, has value 3');
    expect(s.results[3]!.message).toContain('to be 4, but got 3');
  });

  it('checks expected failures and errors', async () => {
    const s = await run(`
load 1m
  m 1

eval instant at 0 error_metric
  expect fail

eval instant at 0 error_metric
  expect fail msg: something went wrong in query execution

eval instant at 0 error_metric
  expect fail regex: went (wrong|boom)

eval_fail instant at 0 error_metric
  expected_fail_regexp ^something

eval range from 0 to 1m step 1m error_metric
  expect fail

eval instant at 0 error_metric
  expect fail msg: another error

eval instant at 0 m
  expect fail

eval instant at 0 error_metric
  m 1

eval instant at 0 bad syntax (
  expect fail
`);
    expect(s.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'failed', 'failed', 'failed', 'failed']);
    expect(s.results[5]!.message).toContain('expected error matching "another error"');
    expect(s.results[6]!.message).toContain('but got none');
    expect(s.results[7]!.message).toContain('error evaluating query "error_metric"');
    // A query that does not parse fails the eval even when a failure is expected (Prometheus rejects the script).
    expect(s.results[8]!.message).toContain('parse error');
  });

  it('does not let an engine crash satisfy `expect fail`', async () => {
    const s = await run('load 1m\n  crash 1\n\neval instant at 0 crash\n  expect fail\n', { crash: true });
    expect(s.failed).toBe(1);
    expect(s.results[0]!.message).toContain('internal error: TypeError: engine bug');
  });

  it('checks warn/info expectations', async () => {
    const s = await run(`
load 1m
  warn_metric 1
  info_metric 2

eval instant at 0 warn_metric
  expect warn msg: PromQL warning: careful (1:1)
  expect no_info
  warn_metric 1

eval instant at 0 info_metric
  expect info regex: note \\(\\d+:\\d+\\)
  expect no_warn
  info_metric 2

eval instant at 0 warn_metric
  warn_metric 1

eval instant at 0 warn_metric
  expect no_warn
  warn_metric 1

eval instant at 0 info_metric
  expect info msg: PromQL info: other (1:1)
  info_metric 2

eval range from 0 to 1m step 1m warn_metric
  expect warn
  warn_metric 1 1

eval_warn instant at 0 info_metric
  info_metric 2
`);
    expect(s.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'failed', 'failed', 'passed', 'failed']);
    expect(s.results[3]!.message).toContain('unexpected warning annotations');
    expect(s.results[4]!.message).toContain('no matching annotation was found');
    expect(s.results[6]!.message).toContain('expected warnings');
  });

  it('checks order only when asked', async () => {
    const script = (kw: string) => `
load 1m
  m{a="1"} 1
  m{a="2"} 2

${kw} instant at 0 m
  m{a="2"} 2
  m{a="1"} 1
`;
    expect((await run(script('eval'))).passed).toBe(1);
    const ordered = await run(script('eval_ordered'));
    expect(ordered.failed).toBe(1);
    expect(ordered.results[0]!.message).toContain('{__name__="m", a="1"} with [1] at position 2 but was at 1');
  });

  it('re-runs instant evals with @ at other times, and catches an engine that ignores @', async () => {
    const engine = new StubEngine();
    const text = 'load 1m\n  m 0+1x20\n\neval instant at 10m m\n  m 10\n';
    const s = await runScript(text, 'x.test', { engine, syntax: stubSyntax });
    expect(s.passed).toBe(1);
    expect(engine.calls).toEqual([
      'instant m @600000', 'range m 540000..660000/60000',
      'instant m @ 600.000 @-6000000', 'range m @ 600.000 -6060000..-5940000/60000',
      'instant m @ 600.000 @0', 'range m @ 600.000 -60000..60000/60000',
      'instant m @ 600.000 @120000', 'range m @ 600.000 60000..180000/60000',
      'instant m @ 600.000 @600000', 'range m @ 600.000 540000..660000/60000',
      'instant m @ 600.000 @6000000', 'range m @ 600.000 5940000..6060000/60000',
    ]);
    const broken = await run(text, { ignoreAt: true });
    expect(broken.failed).toBe(1);
    expect(broken.results[0]!.message).toContain('"m @ 600.000" at -6000000ms');
  });

  it('skips the @ re-runs for at-modifier-unsafe functions and the range check for start()/end()/range()/step()', async () => {
    expect(atModifierCases(stubSyntax, 'time()', 60_000)).toEqual([]);
    expect(atModifierCases(stubSyntax, 'm[5m]', 0)).toEqual([
      { expr: 'm[5m] @ 0.000', t: -1000 }, { expr: 'm[5m] @ 0.000', t: 0 }, { expr: 'm[5m] @ 0.000', t: 1000 },
    ]);
    expect(atModifierCases(stubSyntax, 'm @ 5', 60_000).map((c) => c.expr)).toEqual(Array(5).fill('m @ 5.000'));
    const engine = new StubEngine();
    await runScript('eval instant at 1m time()\n  60\n', 'x.test', { engine, syntax: stubSyntax });
    expect(engine.calls).toEqual(['instant time() @60000', 'range time() 0..120000/60000']);
  });

  it('checks an instant eval again as a range query around its time', async () => {
    const skewed = await run('load 1m\n  m 1 2 3\n\neval instant at 1m m\n  m 2\n', { skewRange: true });
    expect(skewed.failed).toBe(1);
    expect(skewed.results[0]!.message).toMatch(/range mode: expected 2 for \{__name__="m"\} but got 3/);
    const unsorted = await run('load 1m\n  m{a="1"} 1\n  m{a="2"} 1\n\neval instant at 1m m\n  m{a="1"} 1\n  m{a="2"} 1\n', { unsortedRange: true });
    expect(unsorted.failed).toBe(1);
    expect(unsorted.results[0]!.message).toContain('not sorted');
    // Ordered evals and `expect string` / `expect range vector` evals are exempt from the comparison.
    expect((await run('load 1m\n  m 1 2 3\n\neval_ordered instant at 1m m\n  m 2\n', { skewRange: true })).passed).toBe(1);
  });

  it('stores stale markers as the exact stale NaN', async () => {
    const s = await run('load 1m\n  m 1 stale\n\neval instant at 1m m[2m]\n  expect range vector from 0 to 0 step 1m\n  m 1\n\neval instant at 1m m\n');
    expect([s.passed, s.failed]).toEqual([2, 0]);
  });

  it('skips evals that use native histograms, and only those', async () => {
    const s = await run(`
load 1m
  h {{schema:0 sum:1 count:1}}x3
  f 1 2 3

eval instant at 1m h
  h 1

eval instant at 1m {__name__=~"h|f"}
  f 2

eval instant at 1m f
  f 2

eval instant at 1m f
  f {{schema:0 sum:1 count:1}}

load_with_nhcb 1m
  cl_bucket{le="1"} 1 2
  cl_bucket{le="+Inf"} 2 4

eval instant at 1m cl_bucket{le="1"}
  cl_bucket{le="1"} 2

eval instant at 1m cl
  cl 1

clear

eval instant at 1m h
`);
    expect(s.results.map((r) => `${r.line}:${r.status}`)).toEqual(['6:skipped', '9:skipped', '12:passed', '15:skipped', '22:passed', '25:skipped', '30:passed']);
    expect(s.results[0]!.message).toContain('selects native histograms');
    expect(s.results[3]!.message).toContain('expects native histogram values');
  });

  it('counts script and load errors as failures and applies the --run filter', async () => {
    const s = await run('nonsense here\n\nload 1m\n  m 1 1\n\nload 1m\n  m 0\n\neval instant at 0 m\n  m 1\n');
    expect(s.results.map((r) => [r.query, r.status])).toEqual([['script', 'failed'], ['load', 'failed'], ['m', 'passed']]);
    expect(s.results[1]!.message).toContain('out of order sample');
    const f = await run('load 1m\n  a 1\n  b 2\n\neval instant at 0 a\n  a 1\n\neval instant at 0 b\n  b 3\n', {}, { filter: /^a$/ });
    expect([f.passed, f.failed, f.skipped]).toEqual([1, 0, 0]);
    const byLine = await run('load 1m\n  a 1\n  b 2\n\neval instant at 0 a\n  a 1\n\neval instant at 0 b\n  b 3\n', {}, { filter: /x\.test:8$/ });
    expect([byLine.passed, byLine.failed]).toEqual([0, 1]);
  });
});
