// Function calls: the engine's own functions (time, vector, scalar, absent*,
// sort*, label_*, timestamp, histogram_quantile/fraction over classic
// buckets, …) and dispatch to the kernels of ../functions for elementwise and
// range-vector functions.
import { formatGoFloat, parseGoFloat } from '../../model/format.js';
import { compareLabels, getLabel, labelsKey, METRIC_NAME, type Labels } from '../../model/labels.js';
import type { Call, Expr } from '../ast.js';
import {
  RANGE_KERNELS,
  SIMPLE_KERNELS,
  WARN_QUANTILE_OUT_OF_RANGE,
  classicHistogramFraction,
  classicHistogramQuantile,
  clampIsEmpty,
  durationSeconds,
  makeLabelJoiner,
  makeLabelReplacer,
  type BucketQuantileResult,
  type KernelOut,
} from '../functions/index.js';
import { PromQLError } from '../value.js';
import type { Evaluator } from './evaluator.js';
import { mergeSameLabels, metricName } from './evaluator.js';
import { delLabels, dropMetadata, setLabel } from './labelops.js';
import { natLess } from './natsort.js';
import { unwrapParens } from './preprocess.js';
import type { Grid, RangeValue, StepSeries, Value, VectorValue } from './types.js';

const DATE_FUNCTIONS = new Set(['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']);
const NATIVE_ONLY = new Set(['histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar', 'start_timestamp']);

function scalar(values: Float64Array): Value {
  return { kind: 'scalar', values };
}

function vector(series: StepSeries[]): VectorValue {
  return { kind: 'vector', series };
}

function allPresent(n: number): Uint8Array {
  return new Uint8Array(n).fill(1);
}

export function evalCall(ev: Evaluator, e: Call, g: Grid): Value {
  const name = e.func.name;
  const args = e.args.map(unwrapParens);
  const n = g.n;
  switch (name) {
    case 'time': {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = (g.start + i * g.step) / 1000;
      return scalar(v);
    }
    case 'pi':
      return scalar(new Float64Array(n).fill(Math.PI));
    // Query-context constants (Prometheus folds them into numbers).
    case 'start':
      return scalar(new Float64Array(n).fill(ev.opts.start / 1000));
    case 'end':
      return scalar(new Float64Array(n).fill(ev.opts.end / 1000));
    case 'range':
      return scalar(new Float64Array(n).fill(durationSeconds(ev.opts.end - ev.opts.start)));
    case 'step':
      return scalar(new Float64Array(n).fill(ev.opts.start === ev.opts.end ? 0 : durationSeconds(ev.opts.step)));
    case 'max_of':
    case 'min_of': {
      const a = ev.evalScalar(args[0]!, g);
      const b = ev.evalScalar(args[1]!, g);
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = name === 'max_of' ? Math.max(a[i]!, b[i]!) : Math.min(a[i]!, b[i]!);
      return scalar(v);
    }
    case 'vector': {
      const s = ev.evalScalar(args[0]!, g);
      return n === 0 ? vector([]) : vector([{ labels: [], values: s, present: allPresent(n), dropName: false }]);
    }
    case 'scalar':
      return scalar(toScalar(ev.evalVector(args[0]!, g), n));
    case 'timestamp':
      return timestampFn(ev, args[0]!, g);
    case 'absent':
      return absent(ev, args[0]!, g);
    case 'absent_over_time':
      return absentOverTime(ev, args[0]!, g);
    case 'sort':
    case 'sort_desc':
    case 'sort_by_label':
    case 'sort_by_label_desc':
      return sortFn(ev, e, args, g);
    case 'label_replace':
      return labelReplaceFn(ev, args, g);
    case 'label_join':
      return labelJoinFn(ev, args, g);
    case 'histogram_quantile':
      return histogramQuantile(ev, args, g);
    case 'histogram_quantiles':
      return histogramQuantiles(ev, args, g);
    case 'histogram_fraction':
      return histogramFraction(ev, args, g);
    case 'info':
      throw new PromQLError('info() is not supported', 'execution');
  }
  if (NATIVE_ONLY.has(name)) {
    // These only act on native histograms, which float data never contains.
    ev.evalVector(args[0]!, g);
    return vector([]);
  }
  if (args.length === 0 && DATE_FUNCTIONS.has(name)) {
    // Without an argument the date functions use the evaluation time.
    const k = SIMPLE_KERNELS[name]!;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = k((g.start + i * g.step) / 1000, []);
    return n === 0 ? vector([]) : vector([{ labels: [], values: v, present: allPresent(n), dropName: false }]);
  }
  const mi = args.findIndex((a) => a.type === 'MatrixSelector' || a.type === 'SubqueryExpr');
  if (mi >= 0 && Object.prototype.hasOwnProperty.call(RANGE_KERNELS, name)) return rangeFunction(ev, e, args, mi, g);
  if (Object.prototype.hasOwnProperty.call(SIMPLE_KERNELS, name)) return simpleFunction(ev, name, args, g);
  throw new PromQLError(`function "${name}" is not supported`, 'execution');
}

function toScalar(v: VectorValue, n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const cnt = new Uint32Array(n);
  for (const s of v.series) {
    for (let i = 0; i < n; i++) {
      if (!s.present[i]) continue;
      cnt[i]!++;
      out[i] = cnt[i] === 1 ? s.values[i]! : NaN;
    }
  }
  return out;
}

/** Marks series for name removal (or removes at once without delayed removal). */
function dropNames(ev: Evaluator, series: StepSeries[]): StepSeries[] {
  if (ev.delayed) {
    for (const s of series) s.dropName = true;
    return series;
  }
  for (const s of series) {
    s.labels = dropMetadata(s.labels);
    s.dropName = true;
  }
  return mergeSameLabels(series);
}

function timestampFn(ev: Evaluator, arg: Expr, g: Grid): Value {
  let series: StepSeries[];
  if (arg.type === 'VectorSelector') {
    // The selected sample's own timestamp, not the evaluation time.
    series = ev.selectVector(arg, g, true).series;
  } else {
    series = ev.evalVector(arg, g).series.map((s) => {
      const v = new Float64Array(g.n);
      for (let i = 0; i < g.n; i++) if (s.present[i]) v[i] = (g.start + i * g.step) / 1000;
      return { labels: s.labels, values: v, present: s.present, dropName: true };
    });
  }
  return vector(dropNames(ev, series.map((s) => ({ ...s }))));
}

/** Labels an absent*() result carries: the equality matchers of a plain selector argument. */
function absentLabels(arg: Expr): Labels {
  let matchers;
  if (arg.type === 'VectorSelector') matchers = arg.matchers;
  else if (arg.type === 'MatrixSelector') matchers = arg.vectorSelector.matchers;
  else return [];
  let ls: Labels = [];
  const has = new Set<string>();
  for (const m of matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !has.has(m.name)) {
      ls = setLabel(ls, m.name, m.value);
      has.add(m.name);
    } else ls = delLabels(ls, [m.name]);
  }
  return ls;
}

function absent(ev: Evaluator, arg: Expr, g: Grid): Value {
  const v = ev.evalVector(arg, g);
  const n = g.n;
  const present = allPresent(n);
  for (const s of v.series) for (let i = 0; i < n; i++) if (s.present[i]) present[i] = 0;
  if (!present.includes(1)) return vector([]);
  return vector([{ labels: absentLabels(arg), values: new Float64Array(n).fill(1), present, dropName: false }]);
}

function absentOverTime(ev: Evaluator, arg: Expr, g: Grid): Value {
  const r = ev.rangeArg(arg, g);
  const n = g.n;
  const present = allPresent(n);
  ev.forEachRange(r, (_labels, ts, _vs, len) => {
    let j0 = 0;
    let j1 = 0;
    for (let i = 0; i < n; i++) {
      const end = (r.at ?? g.start + i * g.step) - r.offset;
      while (j1 < len && ts[j1]! <= end) j1++;
      while (j0 < j1 && ts[j0]! <= end - r.range) j0++;
      if (j1 > j0) present[i] = 0;
    }
  });
  if (!present.includes(1)) return vector([]);
  return vector([{ labels: absentLabels(arg), values: new Float64Array(n).fill(1), present, dropName: true }]);
}

function sortFn(ev: Evaluator, e: Call, args: Expr[], g: Grid): Value {
  const name = e.func.name;
  const v = ev.evalVector(args[0]!, g);
  if (g.n > 1) {
    // Range results are ordered by labels anyway.
    ev.annos.sortInRangeQuery(e.pos);
    return v;
  }
  const series = v.series.filter((s) => s.present[0]);
  switch (name) {
    case 'sort':
    case 'sort_desc': {
      const desc = name === 'sort_desc';
      // NaN sorts last either way.
      series.sort((a, b) => {
        const x = a.values[0]!;
        const y = b.values[0]!;
        if (x !== x) return y !== y ? 0 : 1;
        if (y !== y) return -1;
        return desc ? (x > y ? -1 : x < y ? 1 : 0) : x < y ? -1 : x > y ? 1 : 0;
      });
      break;
    }
    default: {
      const names = args.slice(1).map((a) => ev.stringArg(a));
      const desc = name === 'sort_by_label_desc';
      series.sort((a, b) => {
        for (const ln of names) {
          const x = getLabel(a.labels, ln);
          const y = getLabel(b.labels, ln);
          if (x === y) continue;
          const before = natLess(x, y);
          return desc ? (before ? 1 : -1) : before ? -1 : 1;
        }
        const c = compareLabels(a.labels, b.labels);
        return desc ? -c : c;
      });
    }
  }
  return vector(series);
}

function labelReplaceFn(ev: Evaluator, args: Expr[], g: Grid): Value {
  const dst = ev.stringArg(args[1]!);
  const f = makeLabelReplacer(dst, ev.stringArg(args[2]!), ev.stringArg(args[3]!), ev.stringArg(args[4]!));
  const v = ev.evalVector(args[0]!, g);
  const series = v.series.map((s) => {
    const ls = f(s.labels);
    if (ls === s.labels) return s; // no match: unchanged
    return { labels: ls, values: s.values, present: s.present, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return vector(mergeSameLabels(series));
}

function labelJoinFn(ev: Evaluator, args: Expr[], g: Grid): Value {
  const dst = ev.stringArg(args[1]!);
  const sep = ev.stringArg(args[2]!);
  const srcs = args.slice(3).map((a) => ev.stringArg(a));
  const f = makeLabelJoiner(dst, sep, srcs);
  const v = ev.evalVector(args[0]!, g);
  const series = v.series.map((s) => ({
    labels: f(s.labels),
    values: s.values,
    present: s.present,
    dropName: dst === METRIC_NAME ? false : s.dropName,
  }));
  return vector(mergeSameLabels(series));
}

// --- classic histograms --------------------------------------------------------

interface BucketGroup {
  labels: Labels;
  members: number[];
}

interface Buckets {
  series: StepSeries[];
  upper: Float64Array;
  groups: BucketGroup[];
  /** Scratch for one group's buckets at one step. */
  ub: Float64Array;
  cnt: Float64Array;
}

/** Groups `le` series by their other labels (the metric name included), as Prometheus's resetHistograms. */
function classicBuckets(ev: Evaluator, v: VectorValue, argPos: Expr['pos']): Buckets {
  const series = v.series;
  const upper = new Float64Array(series.length);
  const byKey = new Map<string, number>();
  const groups: BucketGroup[] = [];
  let maxMembers = 1;
  for (let k = 0; k < series.length; k++) {
    const s = series[k]!;
    const le = getLabel(s.labels, 'le');
    let ub: number;
    try {
      ub = parseGoFloat(le);
    } catch {
      ev.annos.badBucketLabel(ev.delayed ? metricName(s.labels) : '', le, argPos);
      continue;
    }
    upper[k] = ub;
    const ls = delLabels(s.labels, ['le']);
    const key = labelsKey(ls);
    let gi = byKey.get(key);
    if (gi === undefined) {
      gi = groups.length;
      byKey.set(key, gi);
      groups.push({ labels: ls, members: [] });
    }
    const grp = groups[gi]!;
    grp.members.push(k);
    if (grp.members.length > maxMembers) maxMembers = grp.members.length;
  }
  return { series, upper, groups, ub: new Float64Array(maxMembers), cnt: new Float64Array(maxMembers) };
}

/** Fills the scratch arrays with a group's buckets present at step i; returns their number. */
function gather(b: Buckets, grp: BucketGroup, i: number): number {
  let m = 0;
  for (const k of grp.members) {
    const s = b.series[k]!;
    if (!s.present[i]) continue;
    b.ub[m] = b.upper[k]!;
    b.cnt[m] = s.values[i]!;
    m++;
  }
  return m;
}

function checkQuantile(ev: Evaluator, q: Float64Array, pos: Expr['pos']): void {
  for (let i = 0; i < q.length; i++) {
    const v = q[i]!;
    if (v !== v || v < 0 || v > 1) ev.annos.invalidQuantile(v, pos);
  }
}

function histogramQuantile(ev: Evaluator, args: Expr[], g: Grid): Value {
  const q = ev.evalScalar(args[0]!, g);
  const v = ev.evalVector(args[1]!, g);
  checkQuantile(ev, q, args[0]!.pos);
  const b = classicBuckets(ev, v, args[1]!.pos);
  const res: BucketQuantileResult = { value: 0, forcedMonotonic: false, fixedPrecision: false, minBucket: 0, maxBucket: 0, maxDiff: 0 };
  const out: StepSeries[] = [];
  for (const grp of b.groups) {
    const values = new Float64Array(g.n);
    const present = new Uint8Array(g.n);
    let any = false;
    for (let i = 0; i < g.n; i++) {
      const m = gather(b, grp, i);
      if (m === 0) continue;
      classicHistogramQuantile(q[i]!, b.ub, b.cnt, m, res);
      if (res.forcedMonotonic) {
        ev.annos.forcedMonotonicity(ev.delayed ? metricName(grp.labels) : '', args[1]!.pos, g.start + i * g.step, res.minBucket, res.maxBucket, res.maxDiff);
      }
      values[i] = res.value;
      present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels: grp.labels, values, present, dropName: true });
  }
  return vector(dropNames(ev, out));
}

/** labels.FormatOpenMetricsFloat: %g, with ".0" added to integers. */
function openMetricsFloat(f: number): string {
  const s = formatGoFloat(f, 'g');
  if (f !== f || f === Infinity || f === -Infinity) return s;
  return /[e.]/.test(s) ? s : s + '.0';
}

function histogramQuantiles(ev: Evaluator, args: Expr[], g: Grid): Value {
  const v = ev.evalVector(args[0]!, g);
  const label = ev.stringArg(args[1]!);
  const qs = args.slice(2).map((a) => ev.evalScalar(a, g));
  qs.forEach((q, k) => checkQuantile(ev, q, args[k + 2]!.pos));
  const b = classicBuckets(ev, v, args[0]!.pos);
  const res: BucketQuantileResult = { value: 0, forcedMonotonic: false, fixedPrecision: false, minBucket: 0, maxBucket: 0, maxDiff: 0 };
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const q of qs) {
    for (const grp of b.groups) {
      for (let i = 0; i < g.n; i++) {
        const m = gather(b, grp, i);
        if (m === 0) continue;
        classicHistogramQuantile(q[i]!, b.ub, b.cnt, m, res);
        if (res.forcedMonotonic) {
          ev.annos.forcedMonotonicity(ev.delayed ? metricName(grp.labels) : '', args[0]!.pos, g.start + i * g.step, res.minBucket, res.maxBucket, res.maxDiff);
        }
        const ls = setLabel(grp.labels, label, openMetricsFloat(q[i]!));
        const key = labelsKey(ls);
        let s = byKey.get(key);
        if (!s) {
          s = { labels: ls, values: new Float64Array(g.n), present: new Uint8Array(g.n), dropName: true };
          byKey.set(key, s);
          out.push(s);
        } else if (s.present[i]) throw new PromQLError('vector cannot contain metrics with the same labelset');
        s.values[i] = res.value;
        s.present[i] = 1;
      }
    }
  }
  return vector(dropNames(ev, out));
}

function histogramFraction(ev: Evaluator, args: Expr[], g: Grid): Value {
  const lower = ev.evalScalar(args[0]!, g);
  const upper = ev.evalScalar(args[1]!, g);
  const v = ev.evalVector(args[2]!, g);
  const b = classicBuckets(ev, v, args[2]!.pos);
  const out: StepSeries[] = [];
  for (const grp of b.groups) {
    const values = new Float64Array(g.n);
    const present = new Uint8Array(g.n);
    let any = false;
    for (let i = 0; i < g.n; i++) {
      const m = gather(b, grp, i);
      if (m === 0) continue;
      values[i] = classicHistogramFraction(lower[i]!, upper[i]!, b.ub, b.cnt, m);
      present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels: grp.labels, values, present, dropName: true });
  }
  return vector(dropNames(ev, out));
}

// --- kernels ---------------------------------------------------------------------

function simpleFunction(ev: Evaluator, name: string, args: Expr[], g: Grid): Value {
  const k = SIMPLE_KERNELS[name]!;
  const v = ev.evalVector(args[0]!, g);
  const extra = args.slice(1).map((a) => ev.evalScalar(a, g));
  const n = g.n;
  const kargs = new Float64Array(extra.length);
  // clamp with max < min has no output at that step.
  let skip: Uint8Array | null = null;
  if (name === 'clamp') {
    skip = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (clampIsEmpty(extra[0]![i]!, extra[1]![i]!)) skip[i] = 1;
  }
  const out: StepSeries[] = [];
  for (const s of v.series) {
    const values = new Float64Array(n);
    const present = skip ? new Uint8Array(n) : s.present;
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!s.present[i] || (skip && skip[i])) continue;
      for (let a = 0; a < extra.length; a++) kargs[a] = extra[a]![i]!;
      values[i] = k(s.values[i]!, kargs);
      if (skip) present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels: s.labels, values, present, dropName: true });
  }
  return vector(dropNames(ev, out));
}

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

function rangeFunction(ev: Evaluator, e: Call, args: Expr[], mi: number, g: Grid): Value {
  const name = e.func.name;
  const kernel = RANGE_KERNELS[name]!;
  const r: RangeValue = ev.rangeArg(args[mi]!, g);
  const scalars: Float64Array[] = [];
  for (let a = 0; a < args.length; a++) if (a !== mi) scalars.push(ev.evalScalar(args[a]!, g));
  const predict = name === 'predict_linear';
  const kargs = new Float64Array(scalars.length + (predict ? 1 : 0));
  const keepName = name === 'last_over_time' || name === 'first_over_time';
  const checkCounter = name === 'rate' || name === 'increase';
  const n = g.n;
  const kout: KernelOut = { value: 0, warn: null };
  const max = ev.opts.maxSamples;
  const out: StepSeries[] = [];
  let outPoints = 0;
  ev.forEachRange(r, (labels, ts, vs, len, inDropName) => {
    let values: Float64Array | null = null;
    let present: Uint8Array | null = null;
    let any = 0;
    let j0 = 0;
    let j1 = 0;
    for (let i = 0; i < n; i++) {
      const t = g.start + i * g.step;
      const end = (r.at ?? t) - r.offset;
      const start = end - r.range;
      while (j1 < len && ts[j1]! <= end) j1++;
      while (j0 < j1 && ts[j0]! <= start) j0++;
      if (j0 === j1) continue;
      if (ev.cur + outPoints + any + (j1 - j0) > max) throw tooMany();
      for (let a = 0; a < scalars.length; a++) kargs[a] = scalars[a]![i]!;
      if (predict) kargs[scalars.length] = t; // Prometheus regresses to the evaluation time
      kout.warn = null;
      if (kernel(ts, vs, j0, j1, start, end, kargs, kout)) {
        if (values === null) {
          values = new Float64Array(n);
          present = new Uint8Array(n);
        }
        values[i] = kout.value;
        present![i] = 1;
        any++;
      }
      if (kout.warn === WARN_QUANTILE_OUT_OF_RANGE) ev.annos.invalidQuantile(kargs[0]!, args[0]!.pos);
    }
    if (any === 0) return;
    outPoints += any;
    if (checkCounter) {
      const mn = metricName(labels);
      if (mn !== '' && !COUNTER_SUFFIXES.some((suf) => mn.endsWith(suf))) ev.annos.possibleNonCounter(mn, args[mi]!.pos);
    }
    out.push({ labels, values: values!, present: present!, dropName: !keepName || inDropName });
  });
  if (ev.delayed) return vector(out);
  // Without delayed removal names go now, and equal label sets are an error.
  const seen = new Set<string>();
  for (const s of out) {
    if (s.dropName) s.labels = dropMetadata(s.labels);
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw new PromQLError('vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
  return vector(out);
}

function tooMany(): PromQLError {
  return new PromQLError('query processing would load too many samples into memory in query execution', 'execution');
}
