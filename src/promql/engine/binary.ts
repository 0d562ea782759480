// Binary operators over whole step grids: scalar∘scalar and vector∘scalar
// elementwise, vector∘vector with Prometheus's vector matching evaluated step
// by step (errors fire at the first step where they apply, as in Prometheus).
import { labelsKey, labelsToString, compareUtf8, getLabel, type Labels } from '../../model/labels.js';
import type { BinaryExpr, BinaryOp, VectorMatching } from '../ast.js';
import { PromQLError } from '../value.js';
import { delLabels, dropMetadata, keepLabels, keyWith, keyWithout, matchLabels, setLabel } from './labelops.js';
import type { Grid, StepSeries, VectorValue } from './types.js';

/** Go's math.Pow where it differs from JS's ** (1^y and (-1)^±Inf are 1 in Go). */
export function goPow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

/** Operators whose result is no longer the input metric (changesMetricSchema). */
export function changesMetricSchema(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '^' || op === '%' || op === 'atan2';
}

/** Arithmetic result of op, or for comparisons 1/0. */
export function scalarOp(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return l / r;
    case '^': return goPow(l, r);
    case '%': return l % r;
    case 'atan2': return Math.atan2(l, r);
    case '==': return l === r ? 1 : 0;
    case '!=': return l !== r ? 1 : 0;
    case '>': return l > r ? 1 : 0;
    case '<': return l < r ? 1 : 0;
    case '>=': return l >= r ? 1 : 0;
    case '<=': return l <= r ? 1 : 0;
  }
  throw new PromQLError(`operator "${op}" not allowed for Scalar operations`);
}

function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==': return l === r;
    case '!=': return l !== r;
    case '>': return l > r;
    case '<': return l < r;
    case '>=': return l >= r;
    default: return l <= r;
  }
}

export function scalarScalar(op: BinaryOp, l: Float64Array, r: Float64Array): Float64Array {
  const n = l.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scalarOp(op, l[i]!, r[i]!);
  return out;
}

/** vector ∘ scalar (swap: scalar ∘ vector). Comparisons keep the vector element's value. */
export function vectorScalar(op: BinaryOp, vec: VectorValue, sc: Float64Array, swap: boolean, returnBool: boolean, delayed: boolean): StepSeries[] {
  const cmp = isComparison(op);
  const renames = changesMetricSchema(op) || returnBool;
  const out: StepSeries[] = [];
  for (const s of vec.series) {
    const n = s.values.length;
    const v = s.values;
    const p = s.present;
    const ov = new Float64Array(n);
    const op_ = new Uint8Array(n);
    let any = false;
    if (cmp) {
      for (let i = 0; i < n; i++) {
        if (!p[i]) continue;
        const x = v[i]!;
        const keep = swap ? compare(op, sc[i]!, x) : compare(op, x, sc[i]!);
        if (returnBool) {
          ov[i] = keep ? 1 : 0;
          op_[i] = 1;
          any = true;
        } else if (keep) {
          ov[i] = x;
          op_[i] = 1;
          any = true;
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (!p[i]) continue;
        ov[i] = swap ? scalarOp(op, sc[i]!, v[i]!) : scalarOp(op, v[i]!, sc[i]!);
        op_[i] = 1;
        any = true;
      }
    }
    if (!any) continue;
    let labels = s.labels;
    if (renames && !delayed) labels = dropMetadata(labels);
    out.push({ labels, values: ov, present: op_, dropName: s.dropName || renames });
  }
  return out;
}

/** Signature function of a vector matching (on: the listed labels; ignoring: all but those and __name__). */
function sigFn(m: VectorMatching): (ls: Labels) => string {
  const names = m.matchingLabels;
  return m.on ? (ls) => keyWith(ls, names) : (ls) => keyWithout(ls, names);
}

interface Sigs {
  left: Int32Array;
  right: Int32Array;
  count: number;
}

function signatures(m: VectorMatching, lhs: StepSeries[], rhs: StepSeries[]): Sigs {
  const f = sigFn(m);
  const ords = new Map<string, number>();
  const ord = (ls: Labels) => {
    const k = f(ls);
    let o = ords.get(k);
    if (o === undefined) ords.set(k, (o = ords.size));
    return o;
  };
  const left = new Int32Array(lhs.length);
  const right = new Int32Array(rhs.length);
  for (let i = 0; i < lhs.length; i++) left[i] = ord(lhs[i]!.labels);
  for (let i = 0; i < rhs.length; i++) right[i] = ord(rhs[i]!.labels);
  return { left, right, count: ords.size };
}

/** Per-signature presence over steps (sig·n + i). */
function sigPresence(series: StepSeries[], sigs: Int32Array, nSigs: number, n: number): Uint8Array {
  const pres = new Uint8Array(nSigs * n);
  for (let k = 0; k < series.length; k++) {
    const p = series[k]!.present;
    const base = sigs[k]! * n;
    for (let i = 0; i < n; i++) pres[base + i]! |= p[i]!;
  }
  return pres;
}

/** and / or / unless. Output series keep their input labels and values. */
export function setOperation(e: BinaryExpr, lhs: VectorValue, rhs: VectorValue, g: Grid): StepSeries[] {
  const n = g.n;
  const L = lhs.series;
  const R = rhs.series;
  const sigs = signatures(e.matching!, L, R);
  const out: StepSeries[] = [];
  switch (e.op) {
    case 'and':
    case 'unless': {
      const rp = sigPresence(R, sigs.right, sigs.count, n);
      const and = e.op === 'and';
      for (let k = 0; k < L.length; k++) {
        const s = L[k]!;
        const base = sigs.left[k]! * n;
        const p = new Uint8Array(n);
        let any = false;
        for (let i = 0; i < n; i++) {
          const keep = s.present[i]! & (and ? rp[base + i]! : rp[base + i]! ^ 1);
          p[i] = keep;
          if (keep) any = true;
        }
        if (any) out.push({ labels: s.labels, values: s.values, present: p, dropName: s.dropName });
      }
      return out;
    }
    case 'or': {
      const lp = sigPresence(L, sigs.left, sigs.count, n);
      for (const s of L) out.push(s);
      for (let k = 0; k < R.length; k++) {
        const s = R[k]!;
        const base = sigs.right[k]! * n;
        const p = new Uint8Array(n);
        let any = false;
        for (let i = 0; i < n; i++) {
          const keep = s.present[i]! & (lp[base + i]! ^ 1);
          p[i] = keep;
          if (keep) any = true;
        }
        if (any) out.push({ labels: s.labels, values: s.values, present: p, dropName: s.dropName });
      }
      return mergeEqualLabels(out);
    }
  }
  throw new PromQLError(`operator "${e.op}" is not a set operator`);
}

/** Series with identical labels (e.g. `x or x`) become one; they never share a step. */
function mergeEqualLabels(series: StepSeries[]): StepSeries[] {
  if (series.length < 2) return series;
  const byKey = new Map<string, number>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const k = labelsKey(s.labels);
    const at = byKey.get(k);
    if (at === undefined) {
      byKey.set(k, out.length);
      out.push(s);
      continue;
    }
    const t = out[at]!;
    const n = t.values.length;
    const v = new Float64Array(t.values);
    const p = new Uint8Array(t.present);
    for (let i = 0; i < n; i++) {
      if (!s.present[i]) continue;
      if (p[i]) throw new PromQLError('vector cannot contain metrics with the same labelset');
      v[i] = s.values[i]!;
      p[i] = 1;
    }
    out[at] = { labels: t.labels, values: v, present: p, dropName: t.dropName || s.dropName };
  }
  return out;
}

/** Arithmetic and comparison between two vectors with one-to-one / many-to-one / one-to-many matching. */
export function vectorVector(e: BinaryExpr, lhs: VectorValue, rhs: VectorValue, g: Grid, delayed: boolean): StepSeries[] {
  const m = e.matching!;
  if (m.card === 'many-to-many') throw new PromQLError('many-to-many only allowed for set operators');
  const n = g.n;
  const op = e.op;
  const cmp = isComparison(op);
  const returnBool = e.returnBool;
  // For one-to-many the sides swap: "many" is always iterated, "one" indexed by signature.
  const swapped = m.card === 'one-to-many';
  const many = swapped ? rhs.series : lhs.series;
  const one = swapped ? lhs.series : rhs.series;
  if (many.length === 0 || one.length === 0) return [];
  const sigs = signatures(m, many, one);
  const manySig = sigs.left;
  const oneSig = sigs.right;
  if (m.card === 'one-to-one') {
    const fast = oneToOneUnique(e, many, one, sigs, n, delayed);
    if (fast) return fast;
  }

  // Per-step bookkeeping, stamped with step+1 so nothing needs clearing.
  const oneStamp = new Int32Array(sigs.count);
  const oneIdx = new Int32Array(sigs.count);
  const matchedStamp = new Int32Array(sigs.count);

  // Output series by result labels.
  const outByKey = new Map<string, number>();
  const outs: { labels: Labels; values: Float64Array; present: Uint8Array; stamp: number; mstamp: number; msig: number }[] = [];
  const perMany = new Int32Array(many.length).fill(-1);
  const perPair = m.include.length > 0 ? new Map<number, number>() : null;
  const schemaChange = changesMetricSchema(op) || (!delayed && returnBool);

  const outFor = (li: number, ri: number): number => {
    if (perPair === null) {
      const c = perMany[li]!;
      if (c >= 0) return c;
    } else {
      const c = perPair.get(li * one.length + ri);
      if (c !== undefined) return c;
    }
    const labels = resultLabels(many[li]!.labels, one[ri]!.labels, m, schemaChange);
    const key = labelsKey(labels);
    let o = outByKey.get(key);
    if (o === undefined) {
      o = outs.length;
      outByKey.set(key, o);
      outs.push({ labels, values: new Float64Array(n), present: new Uint8Array(n), stamp: 0, mstamp: 0, msig: -1 });
    }
    if (perPair === null) perMany[li] = o;
    else perPair.set(li * one.length + ri, o);
    return o;
  };

  for (let i = 0; i < n; i++) {
    const stamp = i + 1;
    // Nothing can match when either side is empty at this step (and no error is raised).
    let anyMany = false;
    for (let l = 0; l < many.length; l++) if (many[l]!.present[i]) { anyMany = true; break; }
    if (!anyMany) continue;
    let anyOne = false;
    for (let r = 0; r < one.length; r++) {
      const s = one[r]!;
      if (!s.present[i]) continue;
      const sig = oneSig[r]!;
      if (oneStamp[sig] === stamp) duplicateError(s.labels, one[oneIdx[sig]!]!.labels, m, swapped);
      oneStamp[sig] = stamp;
      oneIdx[sig] = r;
      anyOne = true;
    }
    if (!anyOne) continue;
    for (let l = 0; l < many.length; l++) {
      const s = many[l]!;
      if (!s.present[i]) continue;
      const sig = manySig[l]!;
      if (oneStamp[sig] !== stamp) continue;
      const r = oneIdx[sig]!;
      const mv = s.values[i]!;
      const ov = one[r]!.values[i]!;
      // Undo the swap for the arithmetic.
      const fl = swapped ? ov : mv;
      const fr = swapped ? mv : ov;
      let value: number;
      let keep = true;
      if (cmp) {
        keep = compare(op, fl, fr);
        value = fl;
      } else value = scalarOp(op, fl, fr);
      if (returnBool) value = keep ? 1 : 0;
      const o = outFor(l, r);
      const slot = outs[o]!;
      if (m.card === 'one-to-one') {
        if (matchedStamp[sig] === stamp) {
          throw new PromQLError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
        }
        matchedStamp[sig] = stamp;
      } else {
        if (slot.mstamp === stamp && slot.msig === sig) {
          throw new PromQLError('multiple matches for labels: grouping labels must ensure unique matches');
        }
        slot.mstamp = stamp;
        slot.msig = sig;
      }
      if (!keep && !returnBool) continue;
      if (slot.stamp === stamp) throw new PromQLError('vector cannot contain metrics with the same labelset');
      slot.stamp = stamp;
      slot.values[i] = value;
      slot.present[i] = 1;
    }
  }
  const out: StepSeries[] = [];
  for (const o of outs) {
    let any = false;
    for (let i = 0; i < n; i++) if (o.present[i]) { any = true; break; }
    if (any) out.push({ labels: o.labels, values: o.values, present: o.present, dropName: returnBool });
  }
  return out;
}

/**
 * One-to-one matching where every signature occurs at most once per side
 * (the usual `a / b`): pairs are fixed, no matching error can occur, and each
 * pair is computed elementwise over the steps. Null when signatures repeat.
 */
function oneToOneUnique(e: BinaryExpr, lhs: StepSeries[], rhs: StepSeries[], sigs: Sigs, n: number, delayed: boolean): StepSeries[] | null {
  const partner = new Int32Array(sigs.count).fill(-1);
  for (let r = 0; r < rhs.length; r++) {
    const sig = sigs.right[r]!;
    if (partner[sig] !== -1) return null;
    partner[sig] = r;
  }
  const used = new Uint8Array(sigs.count);
  for (let l = 0; l < lhs.length; l++) {
    const sig = sigs.left[l]!;
    if (used[sig]) return null;
    used[sig] = 1;
  }
  const op = e.op;
  const cmp = isComparison(op);
  const returnBool = e.returnBool;
  const m = e.matching!;
  const dropMeta = changesMetricSchema(op) || (!delayed && returnBool);
  const out: StepSeries[] = [];
  for (let l = 0; l < lhs.length; l++) {
    const r = partner[sigs.left[l]!]!;
    if (r < 0) continue;
    const a = lhs[l]!;
    const b = rhs[r]!;
    const av = a.values;
    const ap = a.present;
    const bv = b.values;
    const bp = b.present;
    const values = new Float64Array(n);
    const present = new Uint8Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!(ap[i]! & bp[i]!)) continue;
      const x = av[i]!;
      const y = bv[i]!;
      if (cmp) {
        const keep = compare(op, x, y);
        if (returnBool) values[i] = keep ? 1 : 0;
        else if (keep) values[i] = x;
        else continue;
      } else values[i] = scalarOp(op, x, y);
      present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels: resultLabels(a.labels, b.labels, m, dropMeta), values, present, dropName: returnBool });
  }
  return out;
}

/** Prometheus's resultMetric: labels of the "many" side, adjusted by the matching. */
function resultLabels(manyLabels: Labels, oneLabels: Labels, m: VectorMatching, dropMeta: boolean): Labels {
  let ls = dropMeta ? dropMetadata(manyLabels) : manyLabels;
  if (m.card === 'one-to-one') ls = m.on ? keepLabels(ls, m.matchingLabels) : delLabels(ls, m.matchingLabels);
  for (const ln of m.include) ls = setLabel(ls, ln, getLabel(oneLabels, ln));
  return ls;
}

function duplicateError(a: Labels, b: Labels, m: VectorMatching, swapped: boolean): never {
  const side = swapped ? 'left' : 'right';
  const matched = labelsToString(matchLabels(a, m.on, m.matchingLabels));
  let d1 = labelsToString(a);
  let d2 = labelsToString(b);
  if (compareUtf8(d1, d2) > 0) [d1, d2] = [d2, d1];
  throw new PromQLError(
    `found duplicate series for the match group ${matched} on the ${side} hand-side of the operation: [${d1}, ${d2}]` +
      ';many-to-many matching not allowed: matching labels must be unique on one side',
  );
}
