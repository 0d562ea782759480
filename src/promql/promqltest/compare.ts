// Result, annotation and failure checks of an eval, as test.go's
// compareResult / checkAnnotations / checkExpectedFailure. Each returns null
// when the expectation holds, else the message explaining the mismatch.
import { compareLabels, labelsKey, labelsToString, type Labels } from '../../model/labels.js';
import { formatGoFloat } from '../../model/format.js';
import { isStaleNaN } from '../../tsdb/chunkenc/value.js';
import type { MatrixSeries, QueryValue } from '../value.js';
import { isOrdered, SCALAR_KEY, type EvalCmd, type ExpectLine } from './script.js';
import type { SeqValue } from './series.js';

/** Relative error allowed between sample values. */
export const DEFAULT_EPSILON = 0.000001;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Prometheus util/almost.Equal: relative difference below epsilon, any two
 * NaNs equal, but the stale marker equals only itself.
 */
export function almostEqual(a: number, b: number, epsilon = DEFAULT_EPSILON): boolean {
  const sa = isStaleNaN(a);
  const sb = isStaleNaN(b);
  if (sa || sb) return sa && sb;
  return floatsClose(a, b, epsilon);
}

function floatsClose(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** almost.Equal of an expected sequence value (stale kept as a flag) and an actual value. */
export function seqValueEquals(e: SeqValue, actual: number): boolean {
  if (e.stale) return isStaleNaN(actual);
  if (isStaleNaN(actual)) return false;
  return floatsClose(e.value, actual, DEFAULT_EPSILON);
}

const fmtF = (v: number) => formatGoFloat(v, 'g');
const fmtSeq = (e: SeqValue) => (e.histogram ? '{{…}}' : e.omitted ? '_' : e.stale ? 'stale' : fmtF(e.value));
const fmtVals = (vals: SeqValue[]) => '[' + vals.map(fmtSeq).join(' ') + ']';

function formatSeries(s: MatrixSeries): string {
  const pts: string[] = [];
  for (let i = 0; i < s.ts.length; i++) pts.push(`${fmtF(s.vs[i]!)} @[${s.ts[i]}]`);
  return `${s.ts.length} float point${s.ts.length === 1 ? '' : 's'} [${pts.join(' ')}] and 0 histogram points []`;
}

function formatValue(v: QueryValue): string {
  switch (v.type) {
    case 'scalar': return `scalar: ${fmtF(v.v)} @[${v.t}]`;
    case 'string': return `string: ${v.v} @[${v.t}]`;
    case 'vector': return v.samples.map((s) => `${labelsToString(s.labels)} => ${fmtF(s.v)} @[${s.t}]`).join('\n');
    case 'matrix': return v.series.map((s) => `${labelsToString(s.labels)} =>\n${formatSeries(s)}`).join('\n');
  }
}

/** Range results must come sorted by labels. */
export function assertMatrixSorted(series: readonly { labels: Labels }[]): string | null {
  for (let i = 0; i + 1 < series.length; i++) {
    if (compareLabels(series[i]!.labels, series[i + 1]!.labels) > 0) {
      return `matrix results should always be sorted by labels, but matrix is not sorted: series at index ${i + 1} with labels ${labelsToString(series[i + 1]!.labels)} sorts before series at index ${i} with labels ${labelsToString(series[i]!.labels)}`;
    }
  }
  return null;
}

/** Compares a query value with the eval's expectation. */
export function compareResult(ev: EvalCmd, val: QueryValue): string | null {
  switch (val.type) {
    case 'matrix': {
      if (isOrdered(ev)) return 'expected ordered result, but query returned a matrix';
      if (ev.expectScalar) return `expected scalar result, but got matrix ${formatValue(val)}`;
      const unsorted = assertMatrixSorted(val.series);
      if (unsorted) return unsorted;
      const seen = new Set<string>();
      for (const s of val.series) {
        const key = labelsKey(s.labels);
        const exp = ev.expected.get(key);
        if (!exp) return `unexpected metric ${labelsToString(s.labels)} in result, has ${formatSeries(s)}`;
        seen.add(key);
        const expT: number[] = [];
        const expV: SeqValue[] = [];
        let expHistograms = 0;
        for (let i = 0; i < exp.vals.length; i++) {
          const t = ev.start + i * ev.step;
          if (t > ev.end) return `expected ${exp.vals.length} points for ${labelsToString(exp.labels)}, but query time range cannot return this many points`;
          const e = exp.vals[i]!;
          if (e.histogram) expHistograms++;
          else if (!e.omitted) {
            expT.push(t);
            expV.push(e);
          }
        }
        if (expT.length !== s.ts.length || expHistograms !== 0) {
          return `expected ${expT.length} float points and ${expHistograms} histogram points for ${labelsToString(exp.labels)}, but got ${formatSeries(s)}`;
        }
        for (let i = 0; i < expT.length; i++) {
          if (expT[i] !== s.ts[i]) {
            return `expected float value at index ${i} for ${labelsToString(exp.labels)} to have timestamp ${expT[i]}, but it had timestamp ${s.ts[i]} (result has ${formatSeries(s)})`;
          }
          if (!seqValueEquals(expV[i]!, s.vs[i]!)) {
            return `expected float value at index ${i} (t=${s.ts[i]}) for ${labelsToString(exp.labels)} to be ${fmtSeq(expV[i]!)}, but got ${fmtF(s.vs[i]!)} (result has ${formatSeries(s)})`;
          }
        }
      }
      for (const [key, exp] of ev.expected) {
        if (!seen.has(key)) return `expected metric ${labelsToString(exp.labels)} not found`;
      }
      return null;
    }
    case 'vector': {
      if (ev.expectScalar) return `expected scalar result, but got vector ${formatValue(val)}`;
      const ordered = isOrdered(ev);
      const seen = new Set<string>();
      for (let pos = 0; pos < val.samples.length; pos++) {
        const s = val.samples[pos]!;
        const key = labelsKey(s.labels);
        const exp = ev.expected.get(key);
        if (!exp) return `unexpected metric ${labelsToString(s.labels)} in result, has value ${fmtF(s.v)}`;
        if (ordered && exp.pos !== pos + 1) return `expected metric ${labelsToString(s.labels)} with ${fmtVals(exp.vals)} at position ${exp.pos} but was at ${pos + 1}`;
        const exp0 = exp.vals[0];
        if (!exp0) return `expected metric ${labelsToString(s.labels)} has no value`;
        if (exp0.histogram) return `expected histogram for ${labelsToString(s.labels)} but got float value ${fmtF(s.v)}`;
        if (!seqValueEquals(exp0, s.v)) return `expected ${fmtSeq(exp0)} for ${labelsToString(s.labels)} but got ${fmtF(s.v)}`;
        seen.add(key);
      }
      for (const [key, exp] of ev.expected) {
        if (!seen.has(key)) return `expected metric ${labelsToString(exp.labels)} with ${pos(exp.pos)}${fmtVals(exp.vals)} not found`;
      }
      return null;
    }
    case 'scalar': {
      if (!ev.expectScalar) return `expected vector or matrix result, but got ${formatValue(val)}`;
      const exp0 = ev.expected.get(SCALAR_KEY)?.vals[0];
      if (!exp0) return 'expected scalar has no value';
      if (!seqValueEquals(exp0, val.v)) return `expected scalar ${fmtSeq(exp0)} but got ${fmtF(val.v)}`;
      return null;
    }
    case 'string':
      if (ev.expectedString !== val.v) return `expected string "${ev.expectedString}" but got "${val.v}"`;
      return null;
  }
}

const pos = (p: number) => `${p}: `;

function matches(e: ExpectLine, s: string): boolean {
  if (e.regex === null) return e.message === s;
  e.regex.lastIndex = 0;
  return e.regex.test(s);
}

function validateExpectedAnnotationsOfType(expr: string, expected: ExpectLine[], actual: string[], line: number, kind: string): string | null {
  if (expected.length === 0) return null;
  if (actual.length === 0) return `expected ${kind} annotations but none were found for query ${JSON.stringify(expr)} (line ${line})`;
  for (const e of expected) {
    if (!actual.some((a) => matches(e, a))) {
      return `expected ${kind} annotation matching ${e.regex === null ? 'message' : 'pattern'} ${JSON.stringify(e.source)} but no matching annotation was found for query ${JSON.stringify(expr)} (line ${line}), found: [${actual.join(' ')}]`;
    }
  }
  for (const a of actual) {
    if (!expected.some((e) => matches(e, a))) return `unexpected ${kind} annotation ${JSON.stringify(a)} found for query ${expr} (line ${line})`;
  }
  return null;
}

/** Checks warn/info annotations against expect lines (and the legacy eval_warn / eval_info). */
export function checkAnnotations(ev: EvalCmd, expr: string, warnings: string[], infos: string[]): string | null {
  if (ev.warn && warnings.length === 0) return `expected warnings evaluating query ${JSON.stringify(expr)} (line ${ev.line}) but got none`;
  if (ev.info && infos.length === 0) return `expected info annotations evaluating query ${JSON.stringify(expr)} (line ${ev.line}) but got none`;
  // Annotations are a set in Prometheus: duplicates collapse.
  const w = [...new Set(warnings)];
  const inf = [...new Set(infos)];
  const err = validateExpectedAnnotationsOfType(expr, ev.expects.warn, w, ev.line, 'warn') ?? validateExpectedAnnotationsOfType(expr, ev.expects.info, inf, ev.line, 'info');
  if (err) return err;
  if (ev.expects.no_warn.length > 0 && w.length > 0) return `unexpected warning annotations evaluating query ${JSON.stringify(expr)} (line ${ev.line}): [${w.join(' ')}]`;
  if (ev.expects.no_info.length > 0 && inf.length > 0) return `unexpected info annotations evaluating query ${JSON.stringify(expr)} (line ${ev.line}): [${inf.join(' ')}]`;
  return null;
}

/** Checks an error against expected_fail_message/regexp and `expect fail msg:/regex:`. */
export function checkExpectedFailure(ev: EvalCmd, actual: string): string | null {
  if (ev.expectedFailMessage !== '' && ev.expectedFailMessage !== actual) {
    return `expected error ${JSON.stringify(ev.expectedFailMessage)} evaluating query ${JSON.stringify(ev.expr)} (line ${ev.line}), but got: ${actual}`;
  }
  if (ev.expectedFailRegexp) {
    ev.expectedFailRegexp.lastIndex = 0;
    if (!ev.expectedFailRegexp.test(actual)) {
      return `expected error matching pattern ${JSON.stringify(ev.expectedFailRegexp.source)} evaluating query ${JSON.stringify(ev.expr)} (line ${ev.line}), but got: ${actual}`;
    }
  }
  const f = ev.expects.fail[0];
  if (f && !matches(f, actual)) {
    return `expected error matching ${JSON.stringify(f.source)} evaluating query ${JSON.stringify(ev.expr)} (line ${ev.line}), but got: ${actual}`;
  }
  return null;
}
