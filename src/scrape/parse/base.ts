// What both exposition parsers share: byte classes, the recorded offsets of
// the current entry, lazy string building (with interning, since the same
// names and values recur on every scrape line), number parsing and errors.
import { goQuote, METRIC_NAME, type Label } from '../../model/labels.js';
import { parseGoFloat } from '../../model/format.js';
import { ParseError, type EntryType, type Exemplar, type ExpositionParser, type MetricType } from './types.js';

// Byte classes.
export const NAME_START = 1; // [a-zA-Z_:]
export const NAME_CHAR = 2; // [a-zA-Z_:0-9]
export const LNAME_START = 4; // [a-zA-Z_]
export const LNAME_CHAR = 8; // [a-zA-Z_0-9]
export const CH = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  if (alpha || c === 58) CH[c]! |= NAME_START | NAME_CHAR;
  if (digit) CH[c]! |= NAME_CHAR | LNAME_CHAR;
  if (alpha) CH[c]! |= LNAME_START | LNAME_CHAR;
}

/** Label-value flags. */
export const F_ESCAPE = 1;
export const F_NONASCII = 2;

type FastBuffer = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const TWO63 = 2 ** 63;

// Process-wide intern tables, direct-mapped by a hash of the bytes, each slot
// keeping a copy of its key bytes. Shared by all parsers, so the names and
// label pairs of one scrape are reused by the next without allocating.
const SLOTS = 1 << 14;
const STR_MAX = 48; // longest interned string, in bytes
const PAIR_MAX = 80; // longest interned label pair (name + value bytes)
const strVals: (string | undefined)[] = new Array<string | undefined>(SLOTS);
const strNameLabels: (Label | undefined)[] = new Array<Label | undefined>(SLOTS);
const strLens = new Int32Array(SLOTS).fill(-1);
const strPool = new Uint8Array(SLOTS * STR_MAX);
const pairVals: (Label | undefined)[] = new Array<Label | undefined>(SLOTS);
const pairNameLens = new Int32Array(SLOTS).fill(-1);
const pairValLens = new Int32Array(SLOTS);
const pairPool = new Uint8Array(SLOTS * PAIR_MAX);

/** Stops the scan of a label value: '"', '\\', '\n', NUL and non-ASCII bytes. */
export const VALUE_STOP = new Uint8Array(256);
for (const c of [0, 10, 34, 92]) VALUE_STOP[c] = 1;
for (let c = 0x80; c < 256; c++) VALUE_STOP[c] = 1;

export abstract class ParserBase implements ExpositionParser {
  value = 0;
  timestamp: number | undefined = undefined;

  protected readonly b: FastBuffer;
  /** End of the data (the text parser may add a '\n' past the caller's bytes). */
  protected readonly n: number;
  protected i = 0;

  // Current series: name, then 5 ints per label (name start/end, value start/end, flags).
  protected nameStart = 0;
  protected nameEnd = 0;
  protected seriesEnd = 0;
  protected lab = new Int32Array(5 * 16);
  protected nl = 0;

  // Current metadata / comment.
  protected metaStart = 0;
  protected metaEnd = 0;
  protected textStart = 0;
  protected textEnd = 0;
  protected mtype: MetricType = 'unknown';

  // The labels of the last series asked for, reused while the series text repeats.
  private cacheStart = -1;
  private cacheEnd = -1;
  private readonly cacheLabels: Label[] = [];

  constructor(b: Uint8Array) {
    this.b = (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)) as FastBuffer;
    this.n = this.b.length;
  }

  abstract next(): EntryType | null;

  /** Which unescaping help() applies: the text format knows \\ and \n, OpenMetrics also \". */
  protected abstract readonly helpQuotes: boolean;

  metricName(): string {
    return this.str(this.nameStart, this.nameEnd);
  }

  labels(out: Label[] = []): Label[] {
    const start = this.nameStart;
    const len = this.seriesEnd - start;
    const cached = this.cacheLabels;
    let n = 0;
    if (this.cacheEnd - this.cacheStart === len && this.sameBytes(this.cacheStart, start, len)) {
      for (; n < cached.length; n++) out[n] = cached[n]!;
    } else {
      out[n++] = this.nameLabel();
      const lab = this.lab;
      for (let k = 0; k < this.nl; k++) {
        const o = k * 5;
        const l = this.pair(lab[o]!, lab[o + 1]!, lab[o + 2]!, lab[o + 3]!, lab[o + 4]!);
        // Insertion sort (stable): label sets are small and usually in order already.
        let j = n++;
        while (j > 0 && out[j - 1]!.name > l.name) {
          out[j] = out[j - 1]!;
          j--;
        }
        out[j] = l;
      }
      this.cacheStart = start;
      this.cacheEnd = this.seriesEnd;
      for (let k = 0; k < n; k++) cached[k] = out[k]!;
      if (cached.length !== n) cached.length = n;
    }
    if (out.length !== n) out.length = n;
    return out;
  }

  series(): string {
    return this.b.utf8Slice(this.nameStart, this.seriesEnd);
  }

  exemplar(): Exemplar | null {
    return null;
  }

  family(): string {
    return this.str(this.metaStart, this.metaEnd);
  }

  type(): MetricType {
    return this.mtype;
  }

  help(): string {
    const s = this.b.utf8Slice(this.textStart, this.textEnd);
    return s.indexOf('\\') >= 0 ? unescape(s, this.helpQuotes) : s;
  }

  unit(): string {
    return this.b.utf8Slice(this.textStart, this.textEnd);
  }

  comment(): string {
    return this.b.utf8Slice(this.textStart, this.textEnd);
  }

  // -------------------------------------------------------------------------
  // Helpers for the subclasses.

  protected pushLabel(ns: number, ne: number, vs: number, ve: number, flags: number): void {
    let o = this.nl * 5;
    if (o + 5 > this.lab.length) {
      const grown = new Int32Array(this.lab.length * 2);
      grown.set(this.lab);
      this.lab = grown;
    }
    const lab = this.lab;
    lab[o++] = ns;
    lab[o++] = ne;
    lab[o++] = vs;
    lab[o++] = ve;
    lab[o] = flags;
    this.nl++;
  }

  /** A label value's string; `unescapeValue` false keeps escapes as written (exemplars). */
  protected labelValue(s: number, e: number, flags: number, unescapeValue: boolean): string {
    if (flags === 0) return this.str(s, e);
    const raw = this.b.utf8Slice(s, e);
    return flags & F_ESCAPE && unescapeValue ? unescape(raw, true) : raw;
  }

  /** The string for bytes [s, e), interned when short. */
  protected str(s: number, e: number): string {
    const slot = this.strSlot(s, e);
    if (slot < 0) return this.b.utf8Slice(s, e);
    return strVals[slot]!;
  }

  /** {__name__: metric name}, shared while the name recurs. */
  private nameLabel(): Label {
    const slot = this.strSlot(this.nameStart, this.nameEnd);
    if (slot < 0) return { name: METRIC_NAME, value: this.b.utf8Slice(this.nameStart, this.nameEnd) };
    return (strNameLabels[slot] ??= { name: METRIC_NAME, value: strVals[slot]! });
  }

  /** The slot of bytes [s, e) in the string table, filled on a miss; -1 when too long. */
  private strSlot(s: number, e: number): number {
    const len = e - s;
    if (len > STR_MAX) return -1;
    const b = this.b;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 16777619);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const base = slot * STR_MAX;
    if (strLens[slot] === len) {
      let k = 0;
      while (k < len && strPool[base + k] === b[s + k]) k++;
      if (k === len) return slot;
    }
    strPool.set(b.subarray(s, e), base);
    strLens[slot] = len;
    strVals[slot] = b.utf8Slice(s, e);
    strNameLabels[slot] = undefined;
    return slot;
  }

  /** The label for name bytes [ns, ne) and raw value bytes [vs, ve), shared while the pair recurs. */
  private pair(ns: number, ne: number, vs: number, ve: number, flags: number): Label {
    const nlen = ne - ns;
    const vlen = ve - vs;
    if (nlen + vlen > PAIR_MAX) return { name: this.str(ns, ne), value: this.labelValue(vs, ve, flags, true) };
    const b = this.b;
    let h = 0x811c9dc5;
    for (let i = ns; i < ne; i++) h = Math.imul(h ^ b[i]!, 16777619);
    h = Math.imul(h ^ 0xff, 16777619);
    for (let i = vs; i < ve; i++) h = Math.imul(h ^ b[i]!, 16777619);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const base = slot * PAIR_MAX;
    if (pairNameLens[slot] === nlen && pairValLens[slot] === vlen) {
      let k = 0;
      while (k < nlen && pairPool[base + k] === b[ns + k]) k++;
      if (k === nlen) {
        let m = 0;
        const vb = base + nlen;
        while (m < vlen && pairPool[vb + m] === b[vs + m]) m++;
        if (m === vlen) return pairVals[slot]!;
      }
    }
    const l = { name: this.str(ns, ne), value: this.labelValue(vs, ve, flags, true) };
    pairPool.set(b.subarray(ns, ne), base);
    pairPool.set(b.subarray(vs, ve), base + nlen);
    pairNameLens[slot] = nlen;
    pairValLens[slot] = vlen;
    pairVals[slot] = l;
    return l;
  }

  protected sameBytes(a: number, c: number, len: number): boolean {
    if (a === c) return true;
    const b = this.b;
    for (let k = 0; k < len; k++) if (b[a + k] !== b[c + k]) return false;
    return true;
  }

  /**
   * A float token as Prometheus reads it: strconv.ParseFloat, minus the
   * forms it refuses ('p' exponents and '_' separators).
   */
  protected parseFloatToken(s: number, e: number): number {
    const b = this.b;
    let i = s;
    let neg = false;
    let c = b[i]!;
    if (c === 45) {
      neg = true;
      i++;
    } else if (c === 43) i++;
    // Fast path: up to 15 digits with an optional point is exact as m / 10^k.
    let m = 0;
    let digits = 0;
    let frac = -1;
    for (; i < e; i++) {
      c = b[i]!;
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
      } else if (c === 46 && frac < 0) {
        frac = digits;
      } else break;
    }
    if (digits > 0) {
      if (i === e && digits <= 15) {
        const v = frac >= 0 && frac < digits ? m / POW10[digits - frac]! : m;
        return neg ? -v : v;
      }
      // Plain decimal with an exponent or many digits: JS's conversion is
      // correctly rounded like Go's once the syntax is known to be Go's.
      if (i < e && (b[i]! | 0x20) === 101) {
        i++;
        if (i < e && (b[i] === 43 || b[i] === 45)) i++;
        const ds = i;
        while (i < e && b[i]! >= 48 && b[i]! <= 57) i++;
        if (i === ds) i = -1;
      }
      if (i === e) {
        const v = Number(b.latin1Slice(s, e));
        if (v !== Infinity && v !== -Infinity) return v;
      }
    }
    for (let k = s; k < e; k++) {
      c = b[k]!;
      if (c === 112 || c === 80 || c === 95) throw new ParseError('unsupported character in float', this.lineAt(s));
    }
    try {
      return parseGoFloat(b.utf8Slice(s, e));
    } catch (err) {
      throw new ParseError((err as Error).message, this.lineAt(s));
    }
  }

  /** Float seconds to int64 milliseconds the way Go's int64(ts*1000) does (truncation). */
  protected secondsToMs(ts: number): number {
    const ms = Math.trunc(ts * 1000);
    // Go on amd64 turns out-of-range conversions into MinInt64.
    if (ms >= TWO63 || ms < -TWO63) return -TWO63;
    return ms === 0 ? 0 : ms;
  }

  protected validUtf8(s: number, e: number): boolean {
    return validUtf8(this.b, s, e);
  }

  protected lineAt(pos: number): number {
    const b = this.b;
    let line = 1;
    const end = Math.min(pos, this.n);
    for (let k = b.indexOf(10, 0); k >= 0 && k < end; k = b.indexOf(10, k + 1)) line++;
    return line;
  }

  /** Throws `<expected>, got <token at pos>` like Prometheus's parseError. */
  protected fail(expected: string, pos: number, spaceToken = false): never {
    throw new ParseError(`${expected}, got ${this.describe(pos, spaceToken)}`, this.lineAt(pos));
  }

  protected failAt(reason: string, pos: number): never {
    throw new ParseError(reason, this.lineAt(pos));
  }

  /** The token starting at pos, quoted, for error messages. */
  private describe(pos: number, spaceToken: boolean): string {
    const b = this.b;
    if (pos >= this.n) return 'EOF';
    const c = b[pos]!;
    let e = pos + 1;
    if (CH[c]! & NAME_CHAR) {
      while (e < this.n && CH[b[e]!]! & NAME_CHAR) e++;
    } else if (c === 34) {
      while (e < this.n && b[e] !== 10 && b[e] !== 34) e += b[e] === 92 ? 2 : 1;
      e = Math.min(e + 1, this.n);
    } else if (c >= 0xc0) {
      while (e < this.n && (b[e]! & 0xc0) === 0x80) e++;
    } else if (c === 32 && spaceToken) {
      // OpenMetrics value/timestamp tokens start with their space.
      while (e < this.n && b[e] !== 32 && b[e] !== 10) e++;
    }
    if (c >= 0x80 && !validUtf8(b, pos, e)) return `"\\x${c.toString(16)}"`; // as Go's %q shows a stray byte
    return goQuote(b.utf8Slice(pos, e));
  }
}

/** Go strings.Replacer over \" (when quotes), \\ and \n; other backslashes stay. */
export function unescape(s: string, quotes: boolean): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf('\\'); i >= 0 && i + 1 < s.length; i = s.indexOf('\\', i)) {
    const c = s.charCodeAt(i + 1);
    let r: string | undefined;
    if (c === 92) r = '\\';
    else if (c === 110) r = '\n';
    else if (c === 34 && quotes) r = '"';
    if (r === undefined) {
      i++;
      continue;
    }
    out += s.slice(last, i) + r;
    i += 2;
    last = i;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Go's utf8.Valid over b[s, e): no overlongs, surrogates or code points above U+10FFFF. */
export function validUtf8(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  while (i < e) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return false;
    if (i + need >= e) return false;
    const c1 = b[i + 1]!;
    if (c1 < lo || c1 > hi) return false;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k]!;
      if (ck < 0x80 || ck > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}
