// OpenMetrics 1.0 text, accepting exactly what Prometheus's
// openmetricslex/openmetricsparse (v2.42, which promtool uses) accept: single
// spaces only, no blank lines or free comments, `# EOF` last, float-second
// timestamps, HELP/TYPE/UNIT, exemplars after `_total`/`_bucket` samples.
import { goQuote, type Label } from '../../model/labels.js';
import * as base from './base.js';
import { ParserBase } from './base.js';
import type { EntryType, Exemplar, MetricType } from './types.js';

// Local copies of what the per-byte loops read: a module-local const is the
// cheapest load there is (an imported binding may go through a getter, e.g.
// under a test runner's module transform).
const { CH, VALUE_STOP } = base;
const { F_ESCAPE, F_NONASCII, LNAME_CHAR, LNAME_START, NAME_CHAR, NAME_START } = base;

export interface OpenMetricsOptions {
  /**
   * Drop `<name>_created` samples of counters, histograms and summaries, as
   * Prometheus does when it ingests created timestamps. Off by default, as in
   * Prometheus and promtool, which keep them as ordinary series.
   */
  skipCreatedSeries?: boolean;
}

const H = 72, E = 69, L = 76, P = 80, T = 84, Y = 89, U = 85, N = 78, I = 73, O = 79, F = 70;

export class OpenMetricsParser extends ParserBase {
  protected readonly helpQuotes = true;
  private readonly skipCreated: boolean;
  private done = false;

  // Exemplar of the current sample: its labels (5 ints each, like lab), value, timestamp.
  private hasExemplar = false;
  private exLab = new Int32Array(5 * 4);
  private exN = 0;
  private exValue = 0;
  private exTs: number | undefined = undefined;

  constructor(input: Uint8Array, opts: OpenMetricsOptions = {}) {
    super(input);
    this.skipCreated = opts.skipCreatedSeries ?? false;
  }

  next(): EntryType | null {
    for (;;) {
      if (this.done) return null;
      const b = this.b;
      const i = this.i;
      if (i >= this.n) this.failAt('data does not end with # EOF', i);
      const c = b[i]!;
      if (c === 35) {
        if (b[i + 1] !== 32) this.fail('expected a valid start token', i);
        const j = i + 2;
        const c0 = b[j];
        if (b[j + 4] === 32) {
          if (c0 === H && b[j + 1] === E && b[j + 2] === L && b[j + 3] === P) return this.meta(j + 5, 'HELP');
          if (c0 === T && b[j + 1] === Y && b[j + 2] === P && b[j + 3] === E) return this.meta(j + 5, 'TYPE');
          if (c0 === U && b[j + 1] === N && b[j + 2] === I && b[j + 3] === T) return this.meta(j + 5, 'UNIT');
        }
        if (c0 === E && b[j + 1] === O && b[j + 2] === F) {
          let k = j + 3;
          if (b[k] === 10) k++;
          if (k < this.n) this.failAt('unexpected data after # EOF', k);
          this.done = true;
          this.i = this.n;
          return null;
        }
        this.fail('expected a valid start token', i);
      }
      if (!(CH[c]! & NAME_START)) this.fail('expected a valid start token', i);
      this.sample(i);
      if (this.skipCreated && this.isCreatedSeries()) continue;
      return 'series';
    }
  }

  override exemplar(): Exemplar | null {
    if (!this.hasExemplar) return null;
    const labels: Label[] = [];
    const lab = this.exLab;
    for (let k = 0; k < this.exN; k++) {
      const o = k * 5;
      const l = { name: this.str(lab[o]!, lab[o + 1]!), value: this.labelValue(lab[o + 2]!, lab[o + 3]!, lab[o + 4]!, false) };
      let j = labels.length;
      labels.push(l);
      while (j > 0 && labels[j - 1]!.name > l.name) {
        labels[j] = labels[j - 1]!;
        j--;
      }
      labels[j] = l;
    }
    return { labels, value: this.exValue, timestamp: this.exTs };
  }

  private meta(j: number, kind: 'HELP' | 'TYPE' | 'UNIT'): EntryType {
    const b = this.b;
    if (!(CH[b[j]!]! & NAME_START)) this.fail(`expected metric name after ${kind}`, j);
    this.metaStart = j;
    j++;
    while (j < this.n && CH[b[j]!]! & NAME_CHAR) j++;
    this.metaEnd = j;
    // Text: one space, then the rest of a newline-terminated line.
    const eol = b.indexOf(10, j);
    if (b[j] !== 32 || eol < 0) this.failAt(`expected text in ${kind}`, j);
    this.textStart = j + 1;
    this.textEnd = eol;
    this.i = eol + 1;
    switch (kind) {
      case 'TYPE':
        this.mtype = this.parseType();
        return 'type';
      case 'HELP':
        for (let k = j + 1; k < eol; k++) {
          if (b[k]! >= 0x80) {
            if (!this.validUtf8(j + 1, eol)) this.failAt('help text is not a valid utf8 string', j);
            break;
          }
        }
        return 'help';
      case 'UNIT': {
        const u = eol - (j + 1);
        const m = this.metaEnd - this.metaStart;
        if (u > 0 && (m < u + 1 || b[this.metaEnd - u - 1] !== 95 || !this.sameBytes(this.metaEnd - u, j + 1, u))) {
          this.failAt(`unit not a suffix of metric ${goQuote(this.family())}`, j);
        }
        return 'unit';
      }
    }
  }

  private parseType(): MetricType {
    const s = this.b.latin1Slice(this.textStart, this.textEnd);
    switch (s) {
      case 'counter':
      case 'gauge':
      case 'histogram':
      case 'gaugehistogram':
      case 'summary':
      case 'info':
      case 'stateset':
      case 'unknown':
        return s;
    }
    this.failAt(`invalid metric type ${goQuote(this.b.utf8Slice(this.textStart, this.textEnd))}`, this.textStart);
  }

  private sample(start: number): void {
    const b = this.b;
    const n = this.n;
    let j = start + 1;
    while (j < n && CH[b[j]!]! & NAME_CHAR) j++;
    this.nameStart = start;
    this.nameEnd = j;
    this.nl = 0;
    this.hasExemplar = false;
    if (b[j] === 123) j = this.labelPairs(j + 1, false);
    this.seriesEnd = j;
    // Value: exactly one space, then a run without spaces.
    if (b[j] !== 32 || j + 1 >= n || b[j + 1] === 32 || b[j + 1] === 10) this.fail('expected value after metric', j, true);
    const vs = ++j;
    while (j < n && b[j] !== 32 && b[j] !== 10) j++;
    this.value = this.parseFloatToken(vs, j);
    this.timestamp = undefined;
    if (j >= n) this.failAt('data does not end with # EOF', j);
    if (b[j] === 10) {
      this.i = j + 1;
      return;
    }
    // b[j] is a space: an exemplar, or a timestamp.
    if (this.exemplarStarts(j)) {
      this.i = this.parseExemplar(j + 4);
      return;
    }
    if (j + 1 >= n || b[j + 1] === 32 || b[j + 1] === 10) this.fail('expected timestamp or # symbol', j, true);
    const ts = ++j;
    while (j < n && b[j] !== 32 && b[j] !== 10) j++;
    this.timestamp = this.timestampToken(ts, j, 'invalid timestamp');
    if (j < n && b[j] === 10) {
      this.i = j + 1;
      return;
    }
    if (j < n && this.exemplarStarts(j)) {
      this.i = this.parseExemplar(j + 4);
      return;
    }
    this.fail('expected next entry after timestamp', j, true);
  }

  private exemplarStarts(j: number): boolean {
    const b = this.b;
    return b[j] === 32 && b[j + 1] === 35 && b[j + 2] === 32 && b[j + 3] === 123;
  }

  /** `{labels} value [timestamp]\n` after ` # `; returns the start of the next line. */
  private parseExemplar(j: number): number {
    const b = this.b;
    const n = this.n;
    const name = this.b.latin1Slice(this.nameStart, this.nameEnd);
    if (!name.endsWith('_total') && !name.endsWith('_bucket')) {
      this.failAt(`metric name ${this.metricName()} does not support exemplars`, j);
    }
    this.exN = 0;
    j = this.labelPairs(j, true);
    if (b[j] !== 32 || j + 1 >= n || b[j + 1] === 32 || b[j + 1] === 10) this.fail('expected value after exemplar labels', j, true);
    const vs = ++j;
    while (j < n && b[j] !== 32 && b[j] !== 10) j++;
    this.exValue = this.parseFloatToken(vs, j);
    this.exTs = undefined;
    this.hasExemplar = true;
    if (j >= n) this.failAt('data does not end with # EOF', j);
    if (b[j] === 10) return j + 1;
    if (j + 1 >= n || b[j + 1] === 32 || b[j + 1] === 10) this.fail('expected timestamp or comment', j, true);
    const ts = ++j;
    while (j < n && b[j] !== 32 && b[j] !== 10) j++;
    this.exTs = this.timestampToken(ts, j, 'invalid exemplar timestamp');
    if (j >= n || b[j] !== 10) this.fail('expected next entry after exemplar timestamp', j, true);
    return j + 1;
  }

  private timestampToken(s: number, e: number, invalid: string): number {
    const ts = this.parseFloatToken(s, e);
    if (ts !== ts || ts === Infinity || ts === -Infinity) this.failAt(invalid, s);
    return this.secondsToMs(ts);
  }

  /** Label pairs after '{' up to and including '}'; returns the position after '}'. */
  private labelPairs(j: number, exemplar: boolean): number {
    const b = this.b;
    const n = this.n;
    for (let first = true; ; first = false) {
      let c = b[j];
      if (c === 125) return j + 1;
      if (c === 44) {
        if (first) this.fail('expected label name or left brace', j);
        c = b[++j];
        if (c === undefined || !(CH[c]! & LNAME_START)) this.fail('expected label name', j);
      } else if (c !== undefined && CH[c]! & LNAME_START) {
        if (!first) this.fail('expected comma', j);
      } else {
        this.fail(first ? 'expected label name or left brace' : 'expected comma or left brace', j);
      }
      const ns = j;
      j++;
      while (j < n && CH[b[j]!]! & LNAME_CHAR) j++;
      const ne = j;
      if (b[j] !== 61) this.fail('expected equal', j);
      j++;
      if (b[j] !== 34) this.fail('expected label value', j);
      const q = j;
      const vs = ++j;
      let flags = 0;
      for (;;) {
        while (VALUE_STOP[b[j]!] === 0) j++;
        if (j >= n) this.fail('expected label value', q);
        const v = b[j]!;
        if (v === 34) break;
        // NUL is skipped inside sample label values but rejected in exemplars (as the Go lexer does).
        if (v === 10 || (v === 0 && exemplar)) this.fail('expected label value', q);
        if (v === 92) {
          if (j + 1 >= n || b[j + 1] === 10) this.fail('expected label value', q);
          flags |= F_ESCAPE;
          j += 2;
          continue;
        }
        if (v >= 0x80) flags |= F_NONASCII;
        j++;
      }
      if (flags & F_NONASCII && !this.validUtf8(vs, j)) this.failAt('invalid UTF-8 label value', vs);
      if (exemplar) this.pushExemplarLabel(ns, ne, vs, j, flags);
      else this.pushLabel(ns, ne, vs, j, flags);
      j++;
    }
  }

  private pushExemplarLabel(ns: number, ne: number, vs: number, ve: number, flags: number): void {
    let o = this.exN * 5;
    if (o + 5 > this.exLab.length) {
      const grown = new Int32Array(this.exLab.length * 2);
      grown.set(this.exLab);
      this.exLab = grown;
    }
    const lab = this.exLab;
    lab[o++] = ns;
    lab[o++] = ne;
    lab[o++] = vs;
    lab[o++] = ve;
    lab[o] = flags;
    this.exN++;
  }

  /** A `_created` sample of a type that carries created timestamps (Prometheus's isCreatedSeries). */
  private isCreatedSeries(): boolean {
    const t = this.mtype;
    if (t !== 'counter' && t !== 'summary' && t !== 'histogram') return false;
    const b = this.b;
    const e = this.nameEnd;
    return (
      e - this.nameStart >= 8 &&
      b[e - 8] === 95 && b[e - 7] === 99 && b[e - 6] === 114 && b[e - 5] === 101 &&
      b[e - 4] === 97 && b[e - 3] === 116 && b[e - 2] === 101 && b[e - 1] === 100
    );
  }
}
