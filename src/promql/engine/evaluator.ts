// The evaluator: evaluates an AST node for every step of a grid at once.
// Instant vectors are step series (typed arrays per series), scalars one
// Float64Array, range arguments raw samples that range functions slide a
// window over (two moving indexes per series, no re-scan).
import { getLabel, goQuote, labelsKey, METRIC_NAME, type Labels } from '../../model/labels.js';
import { HI_WORD, LO_WORD, STALE_NAN_BITS_HI, STALE_NAN_BITS_LO } from '../../tsdb/chunkenc/value.js';
import { chunkNumSamples, chunksOverlap, decodeSeries, SampleBuffer, type ChunkData, type ChunkSeries } from '../../tsdb/series.js';
import type { AggregateExpr, Call, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../ast.js';
import { exprType } from '../ast.js';
import { PromQLError } from '../value.js';
import { aggregateCountValues, aggregateK, aggregateSimple } from './aggregate.js';
import { Annotations } from './annotations.js';
import { scalarScalar, setOperation, vectorScalar, vectorVector } from './binary.js';
import { evalCall } from './functions.js';
import { dropMetadata, isValidLabelName } from './labelops.js';
import { resolveAt, unwrapParens, type QueryTimes } from './preprocess.js';
import {
  countPresent,
  makeGrid,
  type Grid,
  type RangeValue,
  type StepSeries,
  type Value,
  type VectorValue,
} from './types.js';

export interface EvaluatorOptions extends QueryTimes {
  maxSamples: number;
  /** Absolute time (Date.now() ms) after which evaluation fails with a timeout. */
  deadline: number;
  signal?: AbortSignal;
  delayedNameRemoval: boolean;
  data: Map<VectorSelector, ChunkSeries[]>;
  invariant: Set<Expr>;
}

export function tooManySamples(): PromQLError {
  return new PromQLError('query processing would load too many samples into memory in query execution', 'execution');
}

export class Evaluator {
  readonly annos = new Annotations();
  /** Samples currently held (Prometheus's currentSamples, approximated per node). */
  cur = 0;
  /** Samples read from storage. */
  samplesRead = 0;
  private readonly buf = new SampleBuffer(1024);
  private readonly rangeBuf = new SampleBuffer(1024);

  constructor(readonly opts: EvaluatorOptions) {}

  get delayed(): boolean {
    return this.opts.delayedNameRemoval;
  }

  /** Throws on timeout or cancellation; cheap enough to call per series. */
  checkTime(): void {
    if (this.opts.signal?.aborted) throw new PromQLError('query was canceled in expression evaluation', 'canceled');
    if (Date.now() > this.opts.deadline) throw new PromQLError('query timed out in expression evaluation', 'timeout');
  }

  at(e: { at: VectorSelector['at'] }): number | null {
    return resolveAt(e.at, this.opts);
  }

  // --- typed entry points --------------------------------------------------

  eval(e: Expr, g: Grid): Value {
    this.checkTime();
    const orig = this.cur;
    let v: Value;
    if (g.n > 1 && this.opts.invariant.has(e)) {
      v = this.broadcast(this.evalNode(e, makeGrid(g.start, g.start, g.step)), g);
    } else v = this.evalNode(e, g);
    // Inputs of this node are released; its output stays.
    const pts = points(v);
    if (this.cur + pts > this.opts.maxSamples) throw tooManySamples();
    this.cur = orig + pts;
    return v;
  }

  evalVector(e: Expr, g: Grid): VectorValue {
    const v = this.eval(e, g);
    if (v.kind !== 'vector') throw new PromQLError(`unexpected ${v.kind} value where an instant vector was expected`);
    return v;
  }

  evalScalar(e: Expr, g: Grid): Float64Array {
    const v = this.eval(e, g);
    if (v.kind !== 'scalar') throw new PromQLError(`unexpected ${v.kind} value where a scalar was expected`);
    return v.values;
  }

  /** A string argument (function or aggregation parameter); only literals exist in PromQL. */
  stringArg(e: Expr): string {
    const u = unwrapParens(e);
    if (u.type === 'StringLiteral') return u.val;
    if (u.type === 'StepInvariantExpr') return this.stringArg(u.expr);
    throw new PromQLError('expected a string literal argument');
  }

  // --- nodes ------------------------------------------------------------------

  private evalNode(e: Expr, g: Grid): Value {
    switch (e.type) {
      case 'NumberLiteral':
        return { kind: 'scalar', values: new Float64Array(g.n).fill(e.val) };
      case 'StringLiteral':
        return { kind: 'string', value: e.val };
      case 'ParenExpr':
        return this.eval(e.expr, g);
      case 'StepInvariantExpr': {
        const inner = unwrapParens(e.expr);
        if (inner.type === 'MatrixSelector' || inner.type === 'SubqueryExpr' || g.n <= 1) return this.eval(e.expr, g);
        return this.broadcast(this.eval(e.expr, makeGrid(g.start, g.start, g.step)), g);
      }
      case 'VectorSelector':
        return this.selectVector(e, g, false);
      case 'MatrixSelector':
        return this.selectRange(e, g);
      case 'SubqueryExpr':
        return this.subquery(e, g);
      case 'UnaryExpr':
        return this.unary(e.op, this.eval(e.expr, g));
      case 'BinaryExpr':
        return this.binary(e, g);
      case 'AggregateExpr':
        return this.aggregate(e, g);
      case 'Call':
        return evalCall(this, e as Call, g);
    }
  }

  /** Repeats a one-step value over the grid (step-invariant subtrees). */
  private broadcast(v: Value, g: Grid): Value {
    const n = g.n;
    switch (v.kind) {
      case 'scalar':
        return { kind: 'scalar', values: new Float64Array(n).fill(v.values[0]!) };
      case 'vector': {
        const series: StepSeries[] = [];
        for (const s of v.series) {
          if (!s.present[0]) continue;
          series.push({ labels: s.labels, values: new Float64Array(n).fill(s.values[0]!), present: new Uint8Array(n).fill(1), dropName: s.dropName });
        }
        return { kind: 'vector', series };
      }
      default:
        return v;
    }
  }

  private unary(op: '+' | '-', v: Value): Value {
    if (op === '+') return v;
    if (v.kind === 'scalar') {
      const out = new Float64Array(v.values.length);
      for (let i = 0; i < out.length; i++) out[i] = -v.values[i]!;
      return { kind: 'scalar', values: out };
    }
    if (v.kind !== 'vector') throw new PromQLError('unary minus on a non-numeric value');
    const series = v.series.map((s) => {
      const out = new Float64Array(s.values.length);
      for (let i = 0; i < out.length; i++) out[i] = -s.values[i]!;
      return { labels: this.delayed ? s.labels : dropMetadata(s.labels), values: out, present: s.present, dropName: true };
    });
    return { kind: 'vector', series: this.delayed ? series : mergeSameLabels(series) };
  }

  private binary(e: Extract<Expr, { type: 'BinaryExpr' }>, g: Grid): Value {
    const lt = exprType(e.lhs);
    const rt = exprType(e.rhs);
    if (lt === 'scalar' && rt === 'scalar') {
      const l = this.evalScalar(e.lhs, g);
      const r = this.evalScalar(e.rhs, g);
      return { kind: 'scalar', values: scalarScalar(e.op, l, r) };
    }
    if (lt === 'vector' && rt === 'vector') {
      const l = this.evalVector(e.lhs, g);
      const r = this.evalVector(e.rhs, g);
      if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return { kind: 'vector', series: setOperation(e, l, r, g) };
      return { kind: 'vector', series: vectorVector(e, l, r, g, this.delayed) };
    }
    if (lt === 'vector' && rt === 'scalar') {
      const l = this.evalVector(e.lhs, g);
      const r = this.evalScalar(e.rhs, g);
      return this.finishDropName(vectorScalar(e.op, l, r, false, e.returnBool, this.delayed));
    }
    if (lt === 'scalar' && rt === 'vector') {
      const l = this.evalScalar(e.lhs, g);
      const r = this.evalVector(e.rhs, g);
      return this.finishDropName(vectorScalar(e.op, r, l, true, e.returnBool, this.delayed));
    }
    throw new PromQLError(`binary expression must contain only scalar and instant vector types`, 'bad_data');
  }

  /** Without delayed name removal, dropped names can make series collide: merge them as Prometheus does. */
  finishDropName(series: StepSeries[]): VectorValue {
    return { kind: 'vector', series: this.delayed ? series : mergeSameLabels(series) };
  }

  private aggregate(e: AggregateExpr, g: Grid): Value {
    if (e.op === 'count_values') {
      const label = this.stringArg(e.param!);
      if (!isValidLabelName(label)) throw new PromQLError(`invalid label name ${goQuote(label)}`);
      const input = this.evalVector(e.expr, g);
      return { kind: 'vector', series: aggregateCountValues(e, input, label, g) };
    }
    const param = e.param ? this.evalScalar(e.param, g) : null;
    const input = this.evalVector(e.expr, g);
    if (e.op === 'topk' || e.op === 'bottomk' || e.op === 'limitk' || e.op === 'limit_ratio') {
      return { kind: 'vector', series: aggregateK(e, input, param!, g, this.annos) };
    }
    return { kind: 'vector', series: aggregateSimple(e, input, param, g, this.annos) };
  }

  // --- selectors -------------------------------------------------------------

  private seriesOf(vs: VectorSelector): ChunkSeries[] {
    const s = this.opts.data.get(vs);
    if (!s) throw new PromQLError('internal error: selector was not prefetched', 'internal');
    return s;
  }

  /**
   * Instant vector selector: per step the newest sample in (t - lookback, t],
   * none if that sample is a stale marker. With `timestamps`, the value is the
   * sample's own timestamp in seconds (for timestamp()).
   */
  selectVector(vs: VectorSelector, g: Grid, timestamps: boolean): VectorValue {
    if (g.n === 0) return { kind: 'vector', series: [] };
    const at = this.at(vs);
    const lb = this.opts.lookback;
    // With @ every step looks at the same time: select once, then repeat.
    const n = at !== null ? 1 : g.n;
    const a0 = (at ?? g.start) - vs.offset;
    const step = g.step;
    const out: StepSeries[] = [];
    const buf = this.buf;
    let points = 0;
    for (const cs of this.seriesOf(vs)) {
      this.checkTime();
      decodeChunks(neededChunks(cs, a0, step, n, lb), a0 - lb + 1, a0 + (n - 1) * step, buf);
      const len = buf.length;
      if (len === 0) continue;
      this.samplesRead += len;
      const ts = buf.ts;
      const vals = buf.vs;
      const bits = new Uint32Array(vals.buffer, vals.byteOffset, len * 2);
      const values = new Float64Array(g.n);
      const present = new Uint8Array(g.n);
      let any = 0;
      let j = 0;
      for (let i = 0; i < n; i++) {
        const ref = a0 + i * step;
        while (j < len && ts[j]! <= ref) j++;
        const k = j - 1;
        if (k < 0 || ts[k]! <= ref - lb) continue;
        if (bits[2 * k + HI_WORD] === STALE_NAN_BITS_HI && bits[2 * k + LO_WORD] === STALE_NAN_BITS_LO) continue;
        values[i] = timestamps ? ts[k]! / 1000 : vals[k]!;
        present[i] = 1;
        any++;
      }
      if (any === 0) continue;
      if (n === 1 && g.n > 1) {
        values.fill(values[0]!);
        present.fill(1);
        any = g.n;
      }
      points += any;
      if (this.cur + points > this.opts.maxSamples) throw tooManySamples();
      out.push({ labels: cs.labels, values, present, dropName: false });
    }
    return { kind: 'vector', series: out };
  }

  /** A matrix selector: decoded lazily, series by series, by the consumer (see forEachRange). */
  selectRange(ms: MatrixSelector, g: Grid): RangeValue {
    const vs = ms.vectorSelector;
    const at = this.at(vs);
    const n = at !== null ? 1 : g.n;
    const a0 = (at ?? g.start) - vs.offset;
    return {
      kind: 'matrix',
      series: [],
      lazy: g.n === 0 ? null : { chunks: this.seriesOf(vs), a0, step: g.step, n },
      range: ms.range,
      offset: vs.offset,
      at,
      held: 0,
    };
  }

  /**
   * Calls fn for each series of a range value with its samples (ascending,
   * stale markers removed). For a matrix selector the arrays are a shared
   * buffer, valid only during the call.
   */
  forEachRange(r: RangeValue, fn: (labels: Labels, ts: Float64Array, vs: Float64Array, len: number, dropName: boolean) => void): void {
    if (r.lazy === null) {
      for (const s of r.series) fn(s.labels, s.ts, s.vs, s.ts.length, s.dropName);
      return;
    }
    const { chunks, a0, step, n } = r.lazy;
    const buf = this.rangeBuf;
    for (const cs of chunks) {
      this.checkTime();
      decodeChunks(neededChunks(cs, a0, step, n, r.range), a0 - r.range + 1, a0 + (n - 1) * step, buf);
      this.samplesRead += buf.length;
      const len = dropStale(buf);
      if (len === 0) continue;
      fn(cs.labels, buf.ts, buf.vs, len, false);
    }
  }

  /**
   * A subquery: the inner expression evaluated at the multiples of its step
   * inside (t - offset - range, t - offset] for the grid's times (Prometheus's
   * alignment), as raw series for range functions.
   */
  subquery(sq: SubqueryExpr, g: Grid): RangeValue {
    const at = this.at(sq);
    const res: RangeValue = { kind: 'matrix', series: [], lazy: null, range: sq.range, offset: sq.offset, at, held: 0 };
    if (g.n === 0) return res;
    const step = sq.step > 0 ? sq.step : this.opts.noStepSubqueryInterval;
    const lo = (at ?? g.start) - sq.offset - sq.range;
    const hi = (at ?? g.end) - sq.offset;
    // First multiple of step strictly after lo (exact integer arithmetic).
    const start = lo - (((lo % step) + step) % step) + step;
    const inner = makeGrid(start, hi, step);
    const v = this.evalVector(sq.expr, inner);
    for (const s of v.series) {
      const c = countPresent(s.present);
      if (c === 0) continue;
      const ts = new Float64Array(c);
      const vals = new Float64Array(c);
      let w = 0;
      for (let i = 0; i < inner.n; i++) {
        if (!s.present[i]) continue;
        ts[w] = inner.start + i * step;
        vals[w] = s.values[i]!;
        w++;
      }
      res.series.push({ labels: s.labels, ts, vs: vals, dropName: s.dropName });
      res.held += c;
    }
    return res;
  }

  /** A range argument: matrix selector or subquery. */
  rangeArg(e: Expr, g: Grid): RangeValue {
    const v = this.eval(e, g);
    if (v.kind !== 'matrix') throw new PromQLError(`expected a range vector argument, got ${v.kind}`);
    return v;
  }
}

function points(v: Value): number {
  switch (v.kind) {
    case 'vector': {
      let c = 0;
      for (const s of v.series) c += countPresent(s.present);
      return c;
    }
    case 'scalar':
      return v.values.length;
    case 'matrix':
      return v.held;
    default:
      return 0;
  }
}

/**
 * Decodes the chunks of cs that overlap [mint, maxt] into buf. Samples of
 * those chunks outside the range are kept: every consumer locates its windows
 * itself, so a separate filtering pass is saved. Overlapping chunks and
 * tombstones take decodeSeries's exact path.
 */
function decodeChunks(cs: ChunkSeries, mint: number, maxt: number, buf: SampleBuffer): void {
  let total = 0;
  for (const c of cs.chunks) total += chunkNumSamples(c);
  buf.length = 0;
  buf.ensure(total);
  if ((cs.deleted && cs.deleted.length > 0) || chunksOverlap(cs.chunks)) {
    decodeSeries(cs, mint, maxt, buf);
    return;
  }
  for (const c of cs.chunks) {
    if (c.maxTime < mint || c.minTime > maxt) continue;
    buf.appendChunk(c);
  }
}

/** Removes stale markers in place; returns the new length. */
function dropStale(buf: SampleBuffer): number {
  const len = buf.length;
  const bits = new Uint32Array(buf.vs.buffer, buf.vs.byteOffset, len * 2);
  // Stale markers are rare: find the first one before compacting anything.
  let r = 0;
  for (; r < len; r++) {
    if (bits[2 * r + HI_WORD] === STALE_NAN_BITS_HI && bits[2 * r + LO_WORD] === STALE_NAN_BITS_LO) break;
  }
  if (r === len) return len;
  let w = r;
  const ts = buf.ts;
  for (; r < len; r++) {
    if (bits[2 * r + HI_WORD] === STALE_NAN_BITS_HI && bits[2 * r + LO_WORD] === STALE_NAN_BITS_LO) continue;
    ts[w] = ts[r]!;
    // Copy the value through the bit view: keeps NaN payloads intact.
    bits[2 * w] = bits[2 * r]!;
    bits[2 * w + 1] = bits[2 * r + 1]!;
    w++;
  }
  buf.length = w;
  return w;
}

/**
 * The chunks of cs that can hold a sample of some window (a_i - w, a_i],
 * a_i = a0 + i·step, i < n — with a long step most chunks are skipped
 * without decoding. Overlapping chunks are all kept (they need a merge).
 */
export function neededChunks(cs: ChunkSeries, a0: number, step: number, n: number, w: number): ChunkSeries {
  const chunks = cs.chunks;
  if (chunks.length <= 1 || (n > 1 && step <= w) || chunksOverlap(chunks)) return cs;
  const last = a0 + (n - 1) * step;
  let keep: ChunkData[] | null = null;
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]!;
    let need = c.maxTime > a0 - w && c.minTime <= last;
    if (need && n > 1 && c.minTime > a0) {
      const i0 = Math.ceil((c.minTime - a0) / step);
      need = i0 < n && a0 + i0 * step - w < c.maxTime;
    }
    if (!need) {
      if (keep === null) keep = chunks.slice(0, k);
    } else if (keep !== null) keep.push(c);
  }
  if (keep === null) return cs;
  return cs.deleted ? { labels: cs.labels, chunks: keep, deleted: cs.deleted } : { labels: cs.labels, chunks: keep };
}

/**
 * Series whose labels became equal (after dropping names, label_replace, …)
 * are merged when they never share a step, else the query fails as in
 * Prometheus's mergeSeriesWithSameLabelset.
 */
export function mergeSameLabels(series: StepSeries[]): StepSeries[] {
  if (series.length < 2) return series;
  const byKey = new Map<string, number>();
  let dup = false;
  for (let k = 0; k < series.length; k++) {
    const key = labelsKey(series[k]!.labels);
    if (byKey.has(key)) {
      dup = true;
      break;
    }
    byKey.set(key, k);
  }
  if (!dup) return series;
  byKey.clear();
  const out: StepSeries[] = [];
  for (const s of series) {
    const key = labelsKey(s.labels);
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(s);
      continue;
    }
    const t = out[at]!;
    const v = new Float64Array(t.values);
    const p = new Uint8Array(t.present);
    for (let i = 0; i < p.length; i++) {
      if (!s.present[i]) continue;
      if (p[i]) throw new PromQLError('vector cannot contain metrics with the same labelset');
      v[i] = s.values[i]!;
      p[i] = 1;
    }
    out[at] = { labels: t.labels, values: v, present: p, dropName: t.dropName || s.dropName };
  }
  return out;
}

/** The metric name of a label set ('' when none). */
export function metricName(ls: Labels): string {
  return getLabel(ls, METRIC_NAME);
}
