// Label sets: the identity of a series. A Labels value is an array of
// {name, value} sorted by name with unique names, as in Prometheus.

export interface Label {
  readonly name: string;
  readonly value: string;
}

export type Labels = readonly Label[];

export const METRIC_NAME = '__name__';

/**
 * Compares two strings by their UTF-8 bytes, which is how Go (and so every
 * Prometheus file) orders strings. JS `<` compares UTF-16 code units; the two
 * only differ when a surrogate pair meets a BMP character at or above U+E000.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    // A surrogate (code point ≥ U+10000) sorts after every BMP char in UTF-8.
    if (sa && !sb) return cb >= 0xe000 ? 1 : ca - cb;
    if (sb && !sa) return ca >= 0xe000 ? -1 : ca - cb;
    return ca - cb;
  }
  return a.length - b.length;
}

/** Builds a sorted label set from an object or pairs; later duplicates win. */
export function labelsFrom(obj: Record<string, string> | Iterable<readonly [string, string]>): Label[] {
  const entries = Symbol.iterator in obj ? [...(obj as Iterable<readonly [string, string]>)] : Object.entries(obj);
  const map = new Map<string, string>();
  for (const [k, v] of entries) map.set(k, v);
  const out: Label[] = [];
  for (const [name, value] of map) out.push({ name, value });
  out.sort((x, y) => compareUtf8(x.name, y.name));
  return out;
}

/** Orders label sets as Prometheus does: pairwise by name then value; a prefix sorts first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const la = a[i]!;
    const lb = b[i]!;
    if (la.name !== lb.name) return compareUtf8(la.name, lb.name);
    if (la.value !== lb.value) return compareUtf8(la.value, lb.value);
  }
  return a.length - b.length;
}

export function labelsEqual(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.name !== b[i]!.name || a[i]!.value !== b[i]!.value) return false;
  }
  return true;
}

export function getLabel(ls: Labels, name: string): string {
  for (const l of ls) if (l.name === name) return l.value;
  return '';
}

/** A stable string key for maps (not for display). */
export function labelsKey(ls: Labels): string {
  let s = '';
  for (const l of ls) s += l.name + '\xff' + l.value + '\xff';
  return s;
}

/** Formats like Go's labels.String(): {a="1", b="x\"y"}. */
export function labelsToString(ls: Labels): string {
  let s = '{';
  for (let i = 0; i < ls.length; i++) {
    if (i > 0) s += ', ';
    s += ls[i]!.name + '=' + goQuote(ls[i]!.value);
  }
  return s + '}';
}

/** Go strconv.Quote for valid UTF-8 strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'; // lone surrogate
    else out += ch;
  }
  return out + '"';
}
