// Series descriptions of the promqltest language (`metric{a="b"} 1+2x3 _ stale`),
// as Prometheus's parser reads them (ParseSeriesDesc): a metric, then a
// space-separated value sequence. Native histogram values (`{{…}}`) are not
// decoded; they are kept as opaque markers so the runner can skip them.
import { labelsFrom, METRIC_NAME, type Labels } from '../../model/labels.js';
import { GoNumError, parseGoFloat } from '../../model/format.js';
import { unquoteString } from '../selector.js';

/**
 * One point of a sequence. `stale` is kept as a flag: V8 may canonicalise the
 * stale-marker NaN when a number is stored in a plain array.
 */
export interface SeqValue {
  omitted: boolean;
  value: number;
  stale: boolean;
  /** A native histogram point (`{{…}}`); value is meaningless. */
  histogram: boolean;
}

export interface SeriesDesc {
  labels: Labels;
  values: SeqValue[];
}

export class SeriesDescError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeriesDescError';
  }
}

const OMITTED: SeqValue = { omitted: true, value: 0, stale: false, histogram: false };
const HISTOGRAM: SeqValue = { omitted: false, value: 0, stale: false, histogram: true };

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isAlnum = (c: string | undefined) => isAlpha(c) || isDigit(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Go's strconv.ParseInt(s, 0, 64) falling back to ParseFloat — how both the
 * parser's number() and promqltest's parseNumber read a literal (so `010` is
 * octal 8 and `0x10` is 16). Throws on anything else.
 */
export function parseGoNumber(s: string): number {
  // Integer literal forms; underscores only between digits or after a base prefix.
  const m = /^([+-]?)(0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[oO]_?[0-7]+(?:_[0-7]+)*|0[bB]_?[01]+(?:_[01]+)*|0(?:_?[0-7]+)*|[1-9][0-9]*(?:_[0-9]+)*)$/.exec(s);
  if (m) {
    const body = m[2]!.replace(/_/g, '');
    let n: number;
    if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
    else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
    else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
    else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
    else n = Number(body);
    // Beyond int64 ParseInt fails and ParseFloat takes over; only decimal survives that.
    if (Math.abs(n) < 2 ** 63 && Number.isFinite(n)) return m[1] === '-' ? -n : n;
  }
  try {
    return parseGoFloat(s);
  } catch (e) {
    if (e instanceof GoNumError) throw new SeriesDescError(`error parsing number: ${e.message}`);
    throw e;
  }
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  peek(k = 0): string | undefined {
    return this.s[this.i + k];
  }
  eof(): boolean {
    return this.i >= this.s.length;
  }
  skipSpace(): boolean {
    const start = this.i;
    while (isSpace(this.peek())) this.i++;
    return this.i > start;
  }
  fail(msg: string): never {
    throw new SeriesDescError(`1:${this.i + 1}: parse error: ${msg}`);
  }
}

function scanIdentifier(sc: Scanner, colons: boolean): string {
  const start = sc.i;
  if (!isAlpha(sc.peek())) sc.fail(`unexpected character ${JSON.stringify(sc.peek() ?? 'EOF')}`);
  while (isAlnum(sc.peek()) || (colons && sc.peek() === ':')) sc.i++;
  return sc.s.slice(start, sc.i);
}

function scanString(sc: Scanner): string {
  const q = sc.peek();
  const start = sc.i;
  sc.i++;
  while (!sc.eof() && sc.peek() !== q) {
    if (sc.peek() === '\\' && q !== '`') sc.i++;
    sc.i++;
  }
  if (sc.eof()) sc.fail('unterminated quoted string');
  sc.i++;
  try {
    return unquoteString(sc.s.slice(start, sc.i));
  } catch (e) {
    return sc.fail((e as Error).message);
  }
}

function scanLabelSet(sc: Scanner, pairs: [string, string][]): void {
  sc.i++; // '{'
  for (;;) {
    sc.skipSpace();
    const c = sc.peek();
    if (c === '}') {
      sc.i++;
      return;
    }
    if (c === undefined) sc.fail('unexpected end of input inside braces');
    let name: string;
    if (c === '"' || c === "'" || c === '`') {
      name = scanString(sc);
      sc.skipSpace();
      if (sc.peek() !== '=') {
        // A lone quoted string is the metric name.
        pairs.push([METRIC_NAME, name]);
        sc.skipSpace();
        if (sc.peek() === ',') sc.i++;
        continue;
      }
    } else {
      name = scanIdentifier(sc, false);
      sc.skipSpace();
    }
    if (sc.peek() !== '=') sc.fail('unexpected character in label set, expected "="');
    sc.i++;
    sc.skipSpace();
    const q = sc.peek();
    if (q !== '"' && q !== "'" && q !== '`') sc.fail('unexpected character in label set, expected string');
    pairs.push([name, scanString(sc)]);
    sc.skipSpace();
    if (sc.peek() === ',') sc.i++;
    else if (sc.peek() !== '}') sc.fail('unexpected character in label set, expected "," or "}"');
  }
}

/** Skips `{{ … }}`; histogram descriptions contain no braces of their own. */
function scanHistogram(sc: Scanner): void {
  const end = sc.s.indexOf('}}', sc.i + 2);
  if (end < 0) sc.fail('unterminated histogram description');
  sc.i = end + 2;
}

function scanUint(sc: Scanner): number {
  const start = sc.i;
  while (isDigit(sc.peek())) sc.i++;
  if (sc.i === start) sc.fail('expected repetition count after "x"');
  if (isAlnum(sc.peek())) sc.fail('invalid repetition in series values');
  return Number(sc.s.slice(start, sc.i));
}

/** A number token as the series lexer scans it (no hex; digits . _ e±). */
function scanNumberToken(sc: Scanner): string {
  const start = sc.i;
  if (isDigit(sc.peek()) || (sc.peek() === '.' && isDigit(sc.peek(1)))) {
    while (!sc.eof()) {
      const c = sc.peek()!;
      if (isDigit(c) || c === '.' || c === '_') sc.i++;
      else if ((c === 'e' || c === 'E') && (isDigit(sc.peek(1)) || ((sc.peek(1) === '+' || sc.peek(1) === '-') && isDigit(sc.peek(2))))) sc.i += 2;
      else break;
    }
    // Anything alphanumeric right after the number is an error, except the `x` of a repetition.
    if (isAlnum(sc.peek()) && sc.peek() !== 'x') sc.fail(`bad number syntax: ${JSON.stringify(sc.s.slice(start, sc.i + 1))}`);
    return sc.s.slice(start, sc.i);
  }
  if (isAlpha(sc.peek())) {
    while (isAlnum(sc.peek()) || sc.peek() === ':') sc.i++;
    return sc.s.slice(start, sc.i);
  }
  return sc.fail(`unexpected character in series sequence: ${JSON.stringify(sc.peek() ?? 'EOF')}`);
}

/** number | signed_number | `stale`; returns the value and whether it is the stale marker. */
function scanSeriesValue(sc: Scanner, allowStale: boolean): { v: number; stale: boolean } {
  let sign = 1;
  let signed = false;
  if (sc.peek() === '+' || sc.peek() === '-') {
    sign = sc.peek() === '-' ? -1 : 1;
    signed = true;
    sc.i++;
  }
  const tok = scanNumberToken(sc);
  if (!signed && allowStale && tok === 'stale') return { v: NaN, stale: true };
  const lower = tok.toLowerCase();
  if (isAlpha(tok[0]) && lower !== 'inf' && lower !== 'nan') sc.fail(`unexpected identifier ${JSON.stringify(tok)} in series values, expected number or "stale"`);
  let v: number;
  try {
    v = parseGoNumber(tok);
  } catch (e) {
    return sc.fail((e as Error).message);
  }
  return { v: sign * v, stale: false };
}

function num(v: number): SeqValue {
  return { omitted: false, value: v, stale: false, histogram: false };
}

function scanItem(sc: Scanner, out: SeqValue[]): void {
  const c = sc.peek();
  if (c === '_') {
    sc.i++;
    if (sc.peek() === 'x') {
      sc.i++;
      const n = scanUint(sc);
      for (let k = 0; k < n; k++) out.push(OMITTED);
    } else out.push(OMITTED);
    return;
  }
  if (c === '{' && sc.peek(1) === '{') {
    scanHistogram(sc);
    if (sc.peek() === 'x') {
      sc.i++;
      const n = scanUint(sc);
      for (let k = 0; k <= n; k++) out.push(HISTOGRAM);
    } else if (sc.peek() === '+' || sc.peek() === '-') {
      sc.i++;
      if (sc.peek() !== '{' || sc.peek(1) !== '{') sc.fail('expected histogram increment');
      scanHistogram(sc);
      if (sc.peek() !== 'x') sc.fail('expected "x" after histogram increment');
      sc.i++;
      const n = scanUint(sc);
      for (let k = 0; k <= n; k++) out.push(HISTOGRAM);
    } else out.push(HISTOGRAM);
    return;
  }
  const first = scanSeriesValue(sc, true);
  if (first.stale) {
    if (!sc.eof() && !isSpace(sc.peek())) sc.fail('unexpected character after "stale"');
    out.push({ omitted: false, value: NaN, stale: true, histogram: false });
    return;
  }
  if (sc.peek() === 'x') {
    // v x n: n+1 copies (the extra one is the point at time 0).
    sc.i++;
    const n = scanUint(sc);
    for (let k = 0; k <= n; k++) out.push(num(first.v));
    return;
  }
  if (sc.peek() === '+' || sc.peek() === '-') {
    const d = scanSeriesValue(sc, false);
    if (sc.peek() !== 'x') sc.fail('expected "x" and a repetition count after the increment');
    sc.i++;
    const n = scanUint(sc);
    // Accumulated like Prometheus (v += d each step), so float rounding matches.
    let v = first.v;
    for (let k = 0; k <= n; k++) {
      out.push(num(v));
      v += d.v;
    }
    return;
  }
  out.push(num(first.v));
}

/** Parses `metric{labels} values…`. Labels are sorted; the values expanded. */
export function parseSeriesDesc(line: string): SeriesDesc {
  const sc = new Scanner(line.trim());
  const pairs: [string, string][] = [];
  if (sc.peek() !== '{') pairs.push([METRIC_NAME, scanIdentifier(sc, true)]);
  if (sc.peek() === '{') scanLabelSet(sc, pairs);
  const values: SeqValue[] = [];
  while (!sc.eof()) {
    if (!sc.skipSpace()) sc.fail(`unexpected character ${JSON.stringify(sc.peek())} in series values`);
    if (sc.eof()) break;
    scanItem(sc, values);
  }
  return { labels: labelsFrom(pairs), values };
}
