// Aggregation operators over whole step grids. Group membership is fixed per
// input series (labels do not change over steps), so it is computed once;
// values are accumulated per (group, step) in the order Prometheus uses
// (input series order), which keeps float sums bit-identical.
import { formatGoFloat } from '../../model/format.js';
import { METRIC_NAME, compareUtf8, type Labels } from '../../model/labels.js';
import type { AggregateExpr } from '../ast.js';
import { kahanC } from '../functions/kahan.js';
import { quantileOf } from '../functions/quantile.js';
import { PromQLError } from '../value.js';
import type { Annotations } from './annotations.js';
import { labelsHash } from './hash.js';
import { delLabels, keepLabels, keyWith, keyWithout, setLabel } from './labelops.js';
import type { Grid, StepSeries, VectorValue } from './types.js';

const MAX_INT64 = 9223372036854774784;
const MIN_INT64 = -9223372036854775808;

interface Groups {
  /** Group index of each input series. */
  of: Int32Array;
  /** Output labels per group, in first-seen order. */
  labels: Labels[];
}

function sortedGrouping(e: AggregateExpr): string[] {
  return [...e.grouping].sort(compareUtf8);
}

function groupKey(ls: Labels, grouping: string[], without: boolean): string {
  if (without) return keyWithout(ls, grouping);
  if (grouping.length === 0) return '';
  return keyWith(ls, grouping);
}

function groupLabels(ls: Labels, grouping: string[], without: boolean): Labels {
  if (without) return delLabels(delLabels(ls, grouping), [METRIC_NAME]);
  if (grouping.length > 0) return keepLabels(ls, grouping);
  return [];
}

function makeGroups(series: StepSeries[], grouping: string[], without: boolean, withLabels: boolean): Groups {
  const idx = new Map<string, number>();
  const of = new Int32Array(series.length);
  const labels: Labels[] = [];
  for (let k = 0; k < series.length; k++) {
    const ls = series[k]!.labels;
    const key = groupKey(ls, grouping, without);
    let gi = idx.get(key);
    if (gi === undefined) {
      gi = idx.size;
      idx.set(key, gi);
      labels.push(withLabels ? groupLabels(ls, grouping, without) : []);
    }
    of[k] = gi;
  }
  return { of, labels };
}

/**
 * Like Prometheus: an output group drops its name if a series contributing
 * at the group's last step did (the flag is overwritten at every step).
 */
function groupDropNames(series: StepSeries[], gr: Groups, lastStep: Int32Array): Uint8Array {
  const drop = new Uint8Array(lastStep.length);
  for (let k = 0; k < series.length; k++) {
    const s = series[k]!;
    if (!s.dropName) continue;
    const gi = gr.of[k]!;
    const last = lastStep[gi]!;
    if (last >= 0 && s.present[last]) drop[gi] = 1;
  }
  return drop;
}

/** sum avg min max count group stddev stdvar quantile. */
export function aggregateSimple(e: AggregateExpr, input: VectorValue, param: Float64Array | null, g: Grid, annos: Annotations): StepSeries[] {
  const series = input.series;
  const n = g.n;
  const grouping = sortedGrouping(e);
  const gr = makeGroups(series, grouping, e.without, true);
  const G = gr.labels.length;
  const op = e.op;

  if (op === 'quantile' && param) {
    let min = Number.MAX_VALUE;
    let max = -Number.MAX_VALUE;
    let nan = false;
    for (let i = 0; i < param.length; i++) {
      const v = param[i]!;
      if (v !== v) nan = true;
      else {
        if (v > max) max = v;
        if (v < min) min = v;
      }
    }
    // Go's math.Max/Min turn NaN-poisoned extremes into NaN, so only the NaN warning remains then.
    const pos = e.param!.pos;
    if (nan) annos.invalidQuantile(NaN, pos);
    else {
      if (max > 1) annos.invalidQuantile(max, pos);
      if (min < 0) annos.invalidQuantile(min, pos);
    }
  }

  if (op === 'quantile') return aggregateQuantile(series, gr, param!, g);

  const size = G * n;
  const val = new Float64Array(size);
  const cnt = new Float64Array(size);
  const seen = new Uint8Array(size);
  const lastStep = new Int32Array(G).fill(-1);
  let comp: Float64Array | null = null;
  let mean: Float64Array | null = null;
  let incr: Uint8Array | null = null;
  if (op === 'sum' || op === 'avg') comp = new Float64Array(size);
  if (op === 'avg' || op === 'stddev' || op === 'stdvar') mean = new Float64Array(size);
  if (op === 'avg') incr = new Uint8Array(size);

  for (let k = 0; k < series.length; k++) {
    const s = series[k]!;
    const p = s.present;
    const v = s.values;
    const base = gr.of[k]! * n;
    for (let i = 0; i < n; i++) {
      if (!p[i]) continue;
      const f = v[i]!;
      const j = base + i;
      if (!seen[j]) {
        seen[j] = 1;
        cnt[j] = 1;
        switch (op) {
          case 'stddev':
          case 'stdvar':
            val[j] = f !== f || f === Infinity || f === -Infinity ? NaN : 0;
            mean![j] = f;
            break;
          case 'group':
            val[j] = 1;
            break;
          case 'avg':
            val[j] = f;
            mean![j] = f;
            break;
          default:
            val[j] = f;
        }
        continue;
      }
      switch (op) {
        case 'sum': {
          const sum = val[j]!;
          comp![j] = kahanC(f, sum, comp![j]!);
          val[j] = sum + f;
          break;
        }
        case 'avg': {
          const c = ++cnt[j]!;
          if (!incr![j]) {
            const sum = val[j]!;
            const nv = sum + f;
            if (nv !== Infinity && nv !== -Infinity) {
              comp![j] = kahanC(f, sum, comp![j]!);
              val[j] = nv;
              break;
            }
            // The running sum would overflow: switch to an incremental mean.
            incr![j] = 1;
            mean![j] = sum / (c - 1);
            comp![j] = comp![j]! / (c - 1);
          }
          const q = (c - 1) / c;
          const inc = f / c;
          const m = q * mean![j]!;
          comp![j] = kahanC(inc, m, q * comp![j]!);
          mean![j] = m + inc;
          break;
        }
        case 'max': {
          const cur = val[j]!;
          if (cur < f || cur !== cur) val[j] = f;
          break;
        }
        case 'min': {
          const cur = val[j]!;
          if (cur > f || cur !== cur) val[j] = f;
          break;
        }
        case 'count':
          cnt[j]!++;
          break;
        case 'stddev':
        case 'stdvar': {
          const c = ++cnt[j]!;
          const delta = f - mean![j]!;
          mean![j] = mean![j]! + delta / c;
          val[j] = val[j]! + delta * (f - mean![j]!);
          break;
        }
        case 'group':
          break;
        default:
          throw new PromQLError(`expected aggregation operator but got "${op}"`);
      }
    }
  }

  const outs: (StepSeries | null)[] = [];
  for (let gi = 0; gi < G; gi++) {
    const values = new Float64Array(n);
    const present = new Uint8Array(n);
    const base = gi * n;
    let any = false;
    for (let i = 0; i < n; i++) {
      const j = base + i;
      if (!seen[j]) continue;
      any = true;
      lastStep[gi] = i;
      present[i] = 1;
      let r = val[j]!;
      switch (op) {
        case 'sum':
          r += comp![j]!;
          break;
        case 'avg':
          r = incr![j] ? mean![j]! + comp![j]! : r / cnt[j]! + comp![j]! / cnt[j]!;
          break;
        case 'count':
          r = cnt[j]!;
          break;
        case 'stdvar':
          r = r / cnt[j]!;
          break;
        case 'stddev':
          r = Math.sqrt(r / cnt[j]!);
          break;
      }
      values[i] = r;
    }
    outs.push(any ? { labels: gr.labels[gi]!, values, present, dropName: false } : null);
  }
  return withDropNames(outs, series, gr, lastStep);
}

function withDropNames(outs: (StepSeries | null)[], series: StepSeries[], gr: Groups, lastStep: Int32Array): StepSeries[] {
  const drop = groupDropNames(series, gr, lastStep);
  const out: StepSeries[] = [];
  outs.forEach((o, gi) => {
    if (!o) return;
    o.dropName = drop[gi] === 1;
    out.push(o);
  });
  return out;
}

function aggregateQuantile(series: StepSeries[], gr: Groups, param: Float64Array, g: Grid): StepSeries[] {
  const n = g.n;
  const G = gr.labels.length;
  const outV: Float64Array[] = [];
  const outP: Uint8Array[] = [];
  const last = new Int32Array(G).fill(-1);
  for (let gi = 0; gi < G; gi++) {
    outV.push(new Float64Array(n));
    outP.push(new Uint8Array(n));
  }
  // Per step: gather each group's values, then take the quantile.
  const bufs: Float64Array[] = [];
  const lens = new Int32Array(G);
  for (let gi = 0; gi < G; gi++) bufs.push(new Float64Array(8));
  for (let i = 0; i < n; i++) {
    lens.fill(0);
    for (let k = 0; k < series.length; k++) {
      const s = series[k]!;
      if (!s.present[i]) continue;
      const gi = gr.of[k]!;
      let b = bufs[gi]!;
      if (lens[gi] === b.length) {
        const nb = new Float64Array(b.length * 2);
        nb.set(b);
        bufs[gi] = b = nb;
      }
      b[lens[gi]!++] = s.values[i]!;
    }
    for (let gi = 0; gi < G; gi++) {
      if (lens[gi] === 0) continue;
      outV[gi]![i] = quantileOf(param[i]!, bufs[gi]!, lens[gi]!);
      outP[gi]![i] = 1;
      last[gi] = i;
    }
  }
  const outs: (StepSeries | null)[] = [];
  for (let gi = 0; gi < G; gi++) {
    outs.push(last[gi]! < 0 ? null : { labels: gr.labels[gi]!, values: outV[gi]!, present: outP[gi]!, dropName: false });
  }
  return withDropNames(outs, series, gr, last);
}

/**
 * topk bottomk limitk limit_ratio. Output series are input series kept at the
 * steps where they were selected. For a one-step grid the output is in
 * Prometheus's order (per group: topk descending, bottomk ascending, limitk
 * and limit_ratio in heap order); `order` receives it.
 */
export function aggregateK(e: AggregateExpr, input: VectorValue, param: Float64Array, g: Grid, annos: Annotations): StepSeries[] {
  const series = input.series;
  const n = g.n;
  const op = e.op;
  let min = Number.MAX_VALUE;
  let max = -Number.MAX_VALUE;
  let nan = false;
  for (let i = 0; i < param.length; i++) {
    const v = param[i]!;
    if (v !== v) nan = true;
    else {
      if (v > max) max = v;
      if (v < min) min = v;
    }
  }
  if (nan) {
    // Go's math.Max/Min would make both extremes NaN.
    min = NaN;
    max = NaN;
  }
  if (op === 'limit_ratio') {
    if (max === 0 && min === 0) return [];
    if (nan) throw new PromQLError('Ratio value is NaN');
    if (max > 1) annos.invalidRatio(max, 1, e.param!.pos);
    if (min < -1) annos.invalidRatio(min, -1, e.param!.pos);
  } else {
    if (max < 1) return [];
    if (nan) throw new PromQLError('Parameter value is NaN');
    if (min <= MIN_INT64) throw new PromQLError(`Scalar value ${formatGoFloat(min, 'g')} underflows int64`);
    if (max >= MAX_INT64) throw new PromQLError(`Scalar value ${formatGoFloat(max, 'g')} overflows int64`);
  }

  const gr = makeGroups(series, sortedGrouping(e), e.without, false);
  const G = gr.labels.length;
  const outP: (Uint8Array | null)[] = new Array<Uint8Array | null>(series.length).fill(null);
  const heaps: number[][] = [];
  for (let gi = 0; gi < G; gi++) heaps.push([]);
  const order: number[] = [];

  let ratioOffsets: Float64Array | null = null;
  if (op === 'limit_ratio') {
    ratioOffsets = new Float64Array(series.length);
    for (let k = 0; k < series.length; k++) ratioOffsets[k] = labelsHash(series[k]!.labels) / 18446744073709551615;
  }

  for (let i = 0; i < n; i++) {
    const f = param[i]!;
    let k = 0;
    let r = 0;
    if (op === 'limit_ratio') {
      if (f === 0) continue;
      r = f < -1 ? -1 : f > 1 ? 1 : f;
    } else {
      k = Math.min(Math.trunc(f), series.length);
      if (k < 1) continue;
    }
    const vals = (si: number) => series[si]!.values[i]!;
    // vectorByValueHeap / vectorByReverseValueHeap: NaN is always "less".
    const lessTop = (a: number, b: number) => {
      const va = vals(a);
      return va !== va ? true : va < vals(b);
    };
    const lessBottom = (a: number, b: number) => {
      const va = vals(a);
      return va !== va ? true : va > vals(b);
    };
    const less = op === 'bottomk' ? lessBottom : lessTop;
    for (const h of heaps) h.length = 0;
    for (let si = 0; si < series.length; si++) {
      if (!series[si]!.present[i]) continue;
      const h = heaps[gr.of[si]!]!;
      switch (op) {
        case 'topk':
        case 'bottomk': {
          if (h.length < k) heapPush(h, si, less);
          else {
            const top = vals(h[0]!);
            const v = vals(si);
            const better = op === 'topk' ? top < v : top > v;
            if (better || (top !== top && v === v)) {
              h[0] = si;
              if (k > 1) heapFix0(h, less);
            }
          }
          break;
        }
        case 'limitk':
          if (h.length < k) heapPush(h, si, lessTop);
          break;
        case 'limit_ratio': {
          const off = ratioOffsets![si]!;
          if ((r >= 0 && off < r) || (r < 0 && off >= 1 + r)) heapPush(h, si, lessTop);
          break;
        }
      }
    }
    for (const h of heaps) {
      if (h.length === 0) continue;
      if (n === 1) {
        if (op === 'topk' || op === 'bottomk') insertionSortReverse(h, less);
        for (const si of h) order.push(si);
      }
      for (const si of h) {
        let p = outP[si];
        if (!p) outP[si] = p = new Uint8Array(n);
        p[i] = 1;
      }
    }
  }

  const out: StepSeries[] = [];
  const emit = (si: number) => {
    const s = series[si]!;
    out.push({ labels: s.labels, values: s.values, present: outP[si]!, dropName: s.dropName });
  };
  if (n === 1) for (const si of order) emit(si);
  else for (let si = 0; si < series.length; si++) if (outP[si]) emit(si);
  return out;
}

// container/heap over series indices.
function heapUp(h: number[], j: number, less: (a: number, b: number) => boolean): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j]!, h[i]!)) break;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
    j = i;
  }
}

function heapDown(h: number[], i0: number, n: number, less: (a: number, b: number) => boolean): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && less(h[j2]!, h[j1]!)) j = j2;
    if (!less(h[j]!, h[i]!)) break;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
    i = j;
  }
  return i > i0;
}

function heapPush(h: number[], v: number, less: (a: number, b: number) => boolean): void {
  h.push(v);
  heapUp(h, h.length - 1, less);
}

function heapFix0(h: number[], less: (a: number, b: number) => boolean): void {
  if (!heapDown(h, 0, h.length, less)) heapUp(h, 0, less);
}

/** sort.Sort(sort.Reverse(heap)) as Go does it for small inputs (insertion sort, stable). */
function insertionSortReverse(h: number[], less: (a: number, b: number) => boolean): void {
  for (let i = 1; i < h.length; i++) {
    for (let j = i; j > 0 && less(h[j - 1]!, h[j]!); j--) {
      const t = h[j]!;
      h[j] = h[j - 1]!;
      h[j - 1] = t;
    }
  }
}

/** count_values: one output series per distinct (group, value) over all steps. */
export function aggregateCountValues(e: AggregateExpr, input: VectorValue, valueLabel: string, g: Grid): StepSeries[] {
  const n = g.n;
  let grouping = sortedGrouping(e);
  if (!e.without) grouping = [...grouping, valueLabel].sort(compareUtf8);
  const byKey = new Map<string, number>();
  const outs: StepSeries[] = [];
  // Values rarely change from step to step: remember each series' last output group.
  const series = input.series;
  const lastV = new Float64Array(series.length);
  const lastO = new Int32Array(series.length).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < series.length; k++) {
      const s = series[k]!;
      if (!s.present[i]) continue;
      const v = s.values[i]!;
      let o = lastO[k]!;
      if (o < 0 || !Object.is(lastV[k], v)) {
        const ls = setLabel(s.labels, valueLabel, formatGoFloat(v, 'f'));
        const key = groupKey(ls, grouping, e.without);
        let found = byKey.get(key);
        if (found === undefined) {
          found = outs.length;
          byKey.set(key, found);
          outs.push({ labels: groupLabels(ls, grouping, e.without), values: new Float64Array(n), present: new Uint8Array(n), dropName: false });
        }
        o = found;
        lastO[k] = o;
        lastV[k] = v;
      }
      const t = outs[o]!;
      t.values[i] = t.present[i] ? t.values[i]! + 1 : 1;
      t.present[i] = 1;
    }
  }
  return outs;
}
