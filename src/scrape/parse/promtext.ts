// The Prometheus text exposition format 0.0.4, accepting exactly what
// Prometheus's promlex/promparse (v2.42, which promtool uses) accept:
// blanks and tabs between any tokens, blank lines, `#` comments, HELP/TYPE
// metadata, a trailing comma in braces, integer millisecond timestamps.
import { goQuote } from '../../model/labels.js';
import * as base from './base.js';
import { ParserBase } from './base.js';
import type { EntryType, MetricType } from './types.js';

// Local copies of what the per-byte loops read: a module-local const is the
// cheapest load there is (an imported binding may go through a getter, e.g.
// under a test runner's module transform).
const { CH, VALUE_STOP } = base;
const { F_ESCAPE, F_NONASCII, LNAME_CHAR, LNAME_START, NAME_CHAR, NAME_START } = base;

const H = 72, E = 69, L = 76, P = 80, T = 84, Y = 89;

/** Go appends a '\n' so the last line needs none; we copy only when it is missing. */
function withNewline(b: Uint8Array): Uint8Array {
  if (b.length > 0 && b[b.length - 1] === 10) return b;
  const out = Buffer.allocUnsafe(b.length + 1);
  out.set(b, 0);
  out[b.length] = 10;
  return out;
}

const isBlank = (c: number | undefined): boolean => c === 32 || c === 9;

export class PromTextParser extends ParserBase {
  protected readonly helpQuotes = false;

  constructor(input: Uint8Array) {
    super(withNewline(input));
  }

  next(): EntryType | null {
    const b = this.b;
    const n = this.n;
    let i = this.i;
    for (;;) {
      if (i >= n) {
        this.i = n;
        return null;
      }
      let c = b[i]!;
      while (c === 32 || c === 9) c = b[++i]!;
      if (c === 10) {
        i++;
        continue;
      }
      if (c === 0) {
        // The lexer reads a NUL at a token start as the end of input.
        this.i = n;
        return null;
      }
      if (c === 35) return this.hash(i);
      if (CH[c]! & NAME_START) return this.sample(i);
      this.fail('expected a valid start token', i);
    }
  }

  /** A line starting with '#': HELP, TYPE or a comment. */
  private hash(start: number): EntryType {
    const b = this.b;
    let j = start + 1;
    if (isBlank(b[j])) {
      while (isBlank(b[j])) j++;
      const c = b[j];
      const help = c === H && b[j + 1] === E && b[j + 2] === L && b[j + 3] === P;
      const type = c === T && b[j + 1] === Y && b[j + 2] === P && b[j + 3] === E;
      if ((help || type) && isBlank(b[j + 4])) {
        j += 5;
        while (isBlank(b[j])) j++;
        return this.meta(j, help ? 'HELP' : 'TYPE');
      }
    }
    const eol = b.indexOf(10, j);
    this.textStart = start;
    this.textEnd = eol;
    this.i = eol + 1;
    return 'comment';
  }

  private meta(j: number, kind: 'HELP' | 'TYPE'): EntryType {
    const b = this.b;
    if (!(CH[b[j]!]! & NAME_START)) this.fail(`expected metric name after ${kind}`, j);
    this.metaStart = j;
    j++;
    while (CH[b[j]!]! & NAME_CHAR) j++;
    this.metaEnd = j;
    // The text token is the rest of the line minus its first byte; a rest of
    // only blanks lexes as whitespace and leaves the text empty.
    const eol = b.indexOf(10, j);
    let k = j;
    while (k < eol && isBlank(b[k])) k++;
    this.textStart = k === eol ? eol : Math.min(j + 1, eol);
    this.textEnd = eol;
    this.i = eol + 1;
    if (kind === 'TYPE') {
      this.mtype = this.parseType();
      return 'type';
    }
    for (k = this.textStart; k < eol; k++) {
      if (b[k]! >= 0x80) {
        if (!this.validUtf8(this.textStart, eol)) this.failAt('help text is not a valid utf8 string', j);
        break;
      }
    }
    return 'help';
  }

  private parseType(): MetricType {
    const s = this.b.latin1Slice(this.textStart, this.textEnd);
    switch (s) {
      case 'counter':
      case 'gauge':
      case 'histogram':
      case 'summary':
        return s;
      case 'untyped':
        return 'unknown';
    }
    this.failAt(`invalid metric type ${goQuote(this.b.utf8Slice(this.textStart, this.textEnd))}`, this.textStart);
  }

  private sample(start: number): EntryType {
    const b = this.b;
    const n = this.n;
    let j = start + 1;
    while (CH[b[j]!]! & NAME_CHAR) j++;
    this.nameStart = start;
    this.nameEnd = j;
    this.nl = 0;
    while (isBlank(b[j])) j++;
    if (b[j] === 123) {
      j++;
      for (;;) {
        while (isBlank(b[j])) j++;
        let c = b[j]!;
        if (c === 125) {
          j++;
          break;
        }
        if (!(CH[c]! & LNAME_START)) this.fail('expected label name', j);
        const ns = j;
        j++;
        while (CH[b[j]!]! & LNAME_CHAR) j++;
        const ne = j;
        while (isBlank(b[j])) j++;
        if (b[j] !== 61) this.fail('expected equal', j);
        j++;
        while (isBlank(b[j])) j++;
        if (b[j] !== 34) this.fail('expected label value', j);
        const q = j;
        const vs = ++j;
        let flags = 0;
        // Raw newlines are allowed inside the quotes here (not in OpenMetrics).
        for (;;) {
          while (VALUE_STOP[b[j]!] === 0) j++;
          if (j >= n) this.fail('expected label value', q);
          c = b[j]!;
          if (c === 34) break;
          if (c === 92) {
            if (j + 1 >= n || b[j + 1] === 10) this.fail('expected label value', q);
            flags |= F_ESCAPE;
            j += 2;
            continue;
          }
          if (c >= 0x80) flags |= F_NONASCII;
          j++;
        }
        if (flags & F_NONASCII && !this.validUtf8(vs, j)) this.failAt('invalid UTF-8 label value', vs);
        this.pushLabel(ns, ne, vs, j, flags);
        j++;
        while (isBlank(b[j])) j++;
        if (b[j] === 44) j++;
      }
      this.seriesEnd = j;
      while (isBlank(b[j])) j++;
    } else {
      this.seriesEnd = this.nameEnd;
    }
    // Value: anything up to a blank, newline or brace.
    const vs = j;
    for (let c = b[j]!; c !== 32 && c !== 9 && c !== 10 && c !== 123 && c !== 0; c = b[++j]!);
    if (j === vs) this.fail('expected value after metric', j);
    this.value = this.parseFloatToken(vs, j);
    while (isBlank(b[j])) j++;
    let c = b[j]!;
    if (c === 10) {
      this.timestamp = undefined;
      this.i = j + 1;
      return 'series';
    }
    if (!(c >= 48 && c <= 57)) this.fail('expected timestamp or new record', j);
    const ts = j;
    let t = 0;
    while (c >= 48 && c <= 57) {
      t = t * 10 + (c - 48);
      c = b[++j]!;
    }
    if (j - ts > 15) t = this.bigTimestamp(ts, j);
    this.timestamp = t;
    while (isBlank(b[j])) j++;
    if (b[j] !== 10) this.fail('expected next entry after timestamp', j);
    this.i = j + 1;
    return 'series';
  }

  /** strconv.ParseInt(s, 10, 64) for long digit runs (JS numbers round past 2^53). */
  private bigTimestamp(s: number, e: number): number {
    let k = s;
    while (k < e - 1 && this.b[k] === 48) k++;
    const digits = this.b.latin1Slice(k, e);
    if (digits.length > 19 || (digits.length === 19 && digits > '9223372036854775807')) {
      this.failAt(`strconv.ParseInt: parsing ${goQuote(this.b.latin1Slice(s, e))}: value out of range`, s);
    }
    return Number(digits);
  }
}
