// The PromQL engine: instant and range queries over a Querier, with
// Prometheus 3.x semantics. A query fetches every selector's series up front
// (in parallel, with Prometheus's time-range hints), then evaluates the whole
// range at once: each node produces all steps in one pass over typed arrays.
import { compareLabels, labelsKey } from '../../model/labels.js';
import type { ChunkSeries } from '../../tsdb/series.js';
import { exprType, type Expr, type ValueType, type VectorSelector } from '../ast.js';
import { parseExpr } from '../parser/index.js';
import type { Querier } from '../storage.js';
import { PromQLError, type MatrixSeries, type QueryResult, type QueryValue, type Sample } from '../value.js';
import { Evaluator, tooManySamples } from './evaluator.js';
import { dropMetadata } from './labelops.js';
import { selectorHints, stepInvariantNodes, type QueryTimes } from './preprocess.js';
import { makeGrid, type RangeValue, type StepSeries, type Value } from './types.js';

export interface EngineOptions {
  /** ms, default 300000. */
  lookbackDelta?: number;
  /** ms, default 120000. */
  timeout?: number;
  /** Default 50,000,000. */
  maxSamples?: number;
  /** Step of subqueries without one, ms; default 60000. */
  noStepSubqueryInterval?: number;
  /** Drop __name__ only at the end of evaluation (default true, as the promqltest harness runs). */
  enableDelayedNameRemoval?: boolean;
  /** Accept Prometheus's experimental functions in query strings (default true, as the parser). */
  enableExperimentalFunctions?: boolean;
}

export interface QueryOptions {
  /** Overrides the engine's lookback delta when > 0 (ms). */
  lookbackDelta?: number;
  signal?: AbortSignal;
  /** The query text for annotation positions when `query` is given as an AST. */
  queryText?: string;
}

/** Prometheus's DocumentedType, for error messages. */
function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector': return 'instant vector';
    case 'matrix': return 'range vector';
    default: return t;
  }
}


export class Engine {
  readonly lookbackDelta: number;
  readonly timeout: number;
  readonly maxSamples: number;
  readonly noStepSubqueryInterval: number;
  readonly enableDelayedNameRemoval: boolean;
  readonly enableExperimentalFunctions: boolean;

  constructor(opts: EngineOptions = {}) {
    this.lookbackDelta = opts.lookbackDelta && opts.lookbackDelta > 0 ? opts.lookbackDelta : 300_000;
    this.timeout = opts.timeout ?? 120_000;
    this.maxSamples = opts.maxSamples ?? 50_000_000;
    this.noStepSubqueryInterval = opts.noStepSubqueryInterval ?? 60_000;
    this.enableDelayedNameRemoval = opts.enableDelayedNameRemoval ?? true;
    this.enableExperimentalFunctions = opts.enableExperimentalFunctions ?? true;
  }

  private parse(query: string): Expr {
    return parseExpr(query, { enableExperimentalFunctions: this.enableExperimentalFunctions });
  }

  async instantQuery(q: Querier, query: string | Expr, timeMs: number, opts: QueryOptions = {}): Promise<QueryResult> {
    const expr = typeof query === 'string' ? this.parse(query) : query;
    const text = typeof query === 'string' ? query : (opts.queryText ?? null);
    return this.exec(q, expr, text, timeMs, timeMs, 0, opts);
  }

  async rangeQuery(q: Querier, query: string | Expr, startMs: number, endMs: number, stepMs: number, opts: QueryOptions = {}): Promise<QueryResult> {
    const expr = typeof query === 'string' ? this.parse(query) : query;
    const t = exprType(expr);
    if (t !== 'vector' && t !== 'scalar') {
      throw new PromQLError(`invalid expression type "${documentedType(t)}" for range query, must be Scalar or instant Vector`, 'bad_data');
    }
    if (!(stepMs > 0)) throw new PromQLError('zero or negative query resolution step widths are not accepted. Try a positive integer', 'bad_data');
    if (endMs < startMs) throw new PromQLError('end timestamp must not be before start time', 'bad_data');
    const text = typeof query === 'string' ? query : (opts.queryText ?? null);
    return this.exec(q, expr, text, startMs, endMs, stepMs, opts);
  }

  private async exec(q: Querier, expr: Expr, text: string | null, start: number, end: number, step: number, opts: QueryOptions): Promise<QueryResult> {
    const deadline = Date.now() + this.timeout;
    const signal = opts.signal;
    if (signal?.aborted) throw new PromQLError('query was canceled in query execution', 'canceled');
    const times: QueryTimes = {
      start,
      end,
      step,
      lookback: opts.lookbackDelta && opts.lookbackDelta > 0 ? opts.lookbackDelta : this.lookbackDelta,
      noStepSubqueryInterval: this.noStepSubqueryInterval,
    };
    const data = await this.fetch(q, expr, times, deadline, signal);
    const ev = new Evaluator({
      ...times,
      maxSamples: this.maxSamples,
      deadline,
      ...(signal ? { signal } : {}),
      delayedNameRemoval: this.enableDelayedNameRemoval,
      data,
      invariant: stepInvariantNodes(expr),
    });
    const instant = step === 0;
    const grid = instant ? makeGrid(start, start, 1) : makeGrid(start, end, step);
    let v: Value;
    try {
      v = ev.eval(expr, grid);
    } catch (e) {
      if (e instanceof PromQLError) throw e;
      throw new PromQLError(`unexpected error: ${(e as Error).message}`, 'execution');
    }
    let value: QueryValue;
    try {
      value = instant ? this.instantResult(ev, v, start) : this.rangeResult(v, grid.n, start, step);
    } catch (e) {
      if (e instanceof PromQLError) throw e;
      throw new PromQLError(`unexpected error: ${(e as Error).message}`, 'execution');
    }
    const { warnings, infos } = ev.annos.render(text);
    const storeWarnings = q.warnings?.() ?? [];
    return { value, warnings: [...storeWarnings, ...warnings], infos, samplesLoaded: ev.samplesRead };
  }

  /** Selects every selector's series in parallel before evaluation. */
  private async fetch(q: Querier, expr: Expr, times: QueryTimes, deadline: number, signal?: AbortSignal): Promise<Map<VectorSelector, ChunkSeries[]>> {
    const hints = selectorHints(expr, times);
    const data = new Map<VectorSelector, ChunkSeries[]>();
    if (hints.size === 0) return data;
    const jobs = [...hints].map(async ([vs, h]) => {
      data.set(vs, await q.select(vs.matchers, h, signal));
    });
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PromQLError('query timed out in query execution', 'timeout')), Math.max(0, deadline - Date.now()));
      if (signal) {
        onAbort = () => reject(new PromQLError('query was canceled in query execution', 'canceled'));
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    try {
      await Promise.race([Promise.all(jobs), guard]);
    } catch (e) {
      if (e instanceof PromQLError) throw e;
      throw new PromQLError(`expanding series: ${(e as Error).message}`, 'execution');
    } finally {
      clearTimeout(timer);
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    }
    return data;
  }

  private instantResult(ev: Evaluator, v: Value, t: number): QueryValue {
    switch (v.kind) {
      case 'scalar':
        return { type: 'scalar', t, v: v.values[0]! };
      case 'string':
        return { type: 'string', t, v: v.value };
      case 'vector': {
        const samples: Sample[] = [];
        const seen = this.enableDelayedNameRemoval ? new Set<string>() : null;
        for (const s of v.series) {
          if (!s.present[0]) continue;
          const labels = s.dropName && this.enableDelayedNameRemoval ? dropMetadata(s.labels) : s.labels;
          if (seen) {
            const k = labelsKey(labels);
            if (seen.has(k)) throw new PromQLError('vector cannot contain metrics with the same labelset');
            seen.add(k);
          }
          samples.push({ labels, t, v: s.values[0]! });
        }
        return { type: 'vector', samples };
      }
      case 'matrix':
        return { type: 'matrix', series: this.matrixResult(ev, v, t) };
    }
  }

  /** A top-level range vector (instant query of a matrix selector or subquery). */
  private matrixResult(ev: Evaluator, v: RangeValue, t: number): MatrixSeries[] {
    let series: MatrixSeries[] = [];
    let total = 0;
    const end = (v.at ?? t) - v.offset;
    const start = end - v.range;
    ev.forEachRange(v, (labels, ts, vs, len, dropName) => {
      // Decoded chunks may reach beyond the window.
      let a = 0;
      while (a < len && ts[a]! <= start) a++;
      let b = a;
      while (b < len && ts[b]! <= end) b++;
      if (b === a) return;
      total += b - a;
      if (ev.cur + total > this.maxSamples) throw tooManySamples();
      series.push({
        labels: dropName && this.enableDelayedNameRemoval ? dropMetadata(labels) : labels,
        ts: ts.slice(a, b),
        vs: vs.slice(a, b),
      });
    });
    if (this.enableDelayedNameRemoval) series = mergeMatrix(series);
    return series.sort((a, b) => compareLabels(a.labels, b.labels));
  }

  private rangeResult(v: Value, n: number, start: number, step: number): QueryValue {
    if (v.kind === 'scalar') {
      const ts = new Float64Array(n);
      for (let i = 0; i < n; i++) ts[i] = start + i * step;
      return { type: 'matrix', series: n === 0 ? [] : [{ labels: [], ts, vs: new Float64Array(v.values) }] };
    }
    if (v.kind !== 'vector') throw new PromQLError(`invalid expression type "${v.kind}" for range query, must be Scalar or instant Vector`, 'bad_data');
    let series: MatrixSeries[] = [];
    for (const s of v.series) {
      const m = toMatrixSeries(s, start, step, this.enableDelayedNameRemoval);
      if (m) series.push(m);
    }
    if (this.enableDelayedNameRemoval) series = mergeMatrix(series);
    return { type: 'matrix', series: series.sort((a, b) => compareLabels(a.labels, b.labels)) };
  }
}

function toMatrixSeries(s: StepSeries, start: number, step: number, delayed: boolean): MatrixSeries | null {
  let c = 0;
  const p = s.present;
  for (let i = 0; i < p.length; i++) c += p[i]!;
  if (c === 0) return null;
  const ts = new Float64Array(c);
  const vs = new Float64Array(c);
  let w = 0;
  for (let i = 0; i < p.length; i++) {
    if (!p[i]) continue;
    ts[w] = start + i * step;
    vs[w] = s.values[i]!;
    w++;
  }
  return { labels: s.dropName && delayed ? dropMetadata(s.labels) : s.labels, ts, vs };
}

/** Series that ended up with equal labels are merged unless they share a timestamp (mergeSeriesWithSameLabelset). */
function mergeMatrix(series: MatrixSeries[]): MatrixSeries[] {
  if (series.length < 2) return series;
  const groups = new Map<string, MatrixSeries[]>();
  let dup = false;
  for (const s of series) {
    const k = labelsKey(s.labels);
    const g = groups.get(k);
    if (g) {
      g.push(s);
      dup = true;
    } else groups.set(k, [s]);
  }
  if (!dup) return series;
  const out: MatrixSeries[] = [];
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]!);
      continue;
    }
    let total = 0;
    for (const s of g) total += s.ts.length;
    const idx: [number, number][] = [];
    g.forEach((s, si) => {
      for (let i = 0; i < s.ts.length; i++) idx.push([si, i]);
    });
    idx.sort((a, b) => g[a[0]]!.ts[a[1]]! - g[b[0]]!.ts[b[1]]!);
    const ts = new Float64Array(total);
    const vs = new Float64Array(total);
    idx.forEach(([si, i], w) => {
      ts[w] = g[si]!.ts[i]!;
      vs[w] = g[si]!.vs[i]!;
      if (w > 0 && ts[w] === ts[w - 1]) throw new PromQLError('vector cannot contain metrics with the same labelset');
    });
    out.push({ labels: g[0]!.labels, ts, vs });
  }
  return out;
}
