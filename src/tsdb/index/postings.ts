// Postings: sorted, duplicate-free Uint32Arrays of series refs, and the set
// operations queries need. postingsForMatchers follows Prometheus's
// tsdb/querier.go PostingsForMatchers and works over any PostingsSource, so
// the persisted index and the in-memory head share it.
//
// Results never alias a caller's array when they could be mutated by it:
// functions may return one of their inputs unchanged (e.g. merge of a single
// list), so treat postings as read-only.
import { Matcher } from '../../model/matchers.js';

export type Postings = Uint32Array;

export const EMPTY_POSTINGS: Postings = new Uint32Array(0);

/** What postingsForMatchers needs from an index (block index or head). */
export interface PostingsSource {
  /** All values of a label name, sorted by UTF-8 bytes; [] for an unknown name. */
  labelValues(name: string): string[];
  /** Union of the postings of name=value for each value, sorted. */
  postings(name: string, values: string[]): Uint32Array;
  /** Every series. */
  allPostings(): Uint32Array;
}

/** Series in both lists. Gallops through the longer one when sizes differ a lot. */
export function intersect(a: Postings, b: Postings): Postings {
  if (a.length > b.length) [a, b] = [b, a];
  if (a.length === 0) return EMPTY_POSTINGS;
  const out = new Uint32Array(a.length);
  let n = 0;
  if (a.length * 16 < b.length) {
    let lo = 0;
    for (let i = 0; i < a.length && lo < b.length; i++) {
      const x = a[i]!;
      // Exponential search for the first b[j] >= x, then binary search.
      let step = 1;
      let hi = lo;
      while (hi < b.length && b[hi]! < x) {
        lo = hi + 1;
        hi += step;
        step *= 2;
      }
      if (hi > b.length) hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo < b.length && b[lo] === x) out[n++] = x;
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x === y) {
        out[n++] = x;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
  }
  return out.subarray(0, n);
}

/** Intersection of all lists (shortest first); empty for no lists. */
export function intersectAll(lists: readonly Postings[]): Postings {
  if (lists.length === 0) return EMPTY_POSTINGS;
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let acc = sorted[0]!;
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i]!);
  return acc;
}

function merge2(a: Postings, b: Postings): Postings {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out[n++] = x;
      i++;
    } else if (y < x) {
      out[n++] = y;
      j++;
    } else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.subarray(0, n);
}

/** Sorted union of any number of sorted lists, without duplicates. */
export function merge(lists: readonly Postings[]): Postings {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY_POSTINGS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  if (nonEmpty.length === 2) return merge2(nonEmpty[0]!, nonEmpty[1]!);
  // Many lists: concatenate and let the native typed-array sort do the work.
  let total = 0;
  for (const l of nonEmpty) total += l.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const l of nonEmpty) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let n = 1;
  for (let i = 1; i < total; i++) if (all[i] !== all[n - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}

/** Series in a but not in b. */
export function without(a: Postings, b: Postings): Postings {
  if (a.length === 0 || b.length === 0) return a;
  const out = new Uint32Array(a.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (j < b.length && b[j] === x) continue;
    out[n++] = x;
  }
  return out.subarray(0, n);
}

const REGEX_META = /[\\.+*?()[\]{}^$]/;

/**
 * The literal alternatives of a regex like "a|b|c", or undefined when the
 * regex uses any other syntax (then every label value must be tested).
 */
export function literalAlternatives(re: string): string[] | undefined {
  if (REGEX_META.test(re)) return undefined;
  return re.split('|');
}

/** Postings of series that have the label and whose value matches m (never series without the label). */
function postingsForMatcher(ix: PostingsSource, m: Matcher): Postings {
  if (m.type === '=') return ix.postings(m.name, [m.value]);
  if (m.type === '=~') {
    const set = literalAlternatives(m.value);
    if (set) return ix.postings(m.name, set);
  }
  return ix.postings(m.name, ix.labelValues(m.name).filter((v) => m.matches(v)));
}

/** Postings of series that have the label and whose value does NOT match m. */
function inversePostingsForMatcher(ix: PostingsSource, m: Matcher): Postings {
  if (m.type === '!~') {
    const set = literalAlternatives(m.value);
    if (set) return ix.postings(m.name, set);
  }
  if (m.type === '!=') return ix.postings(m.name, [m.value]);
  if (m.value === '' && (m.type === '=~' || m.type === '=')) return ix.postings(m.name, ix.labelValues(m.name));
  return ix.postings(m.name, ix.labelValues(m.name).filter((v) => !m.matches(v)));
}

/** The matcher with the opposite operator (same name and value). */
function inverse(m: Matcher): Matcher {
  const t = m.type === '=' ? '!=' : m.type === '!=' ? '=' : m.type === '=~' ? '!~' : '=~';
  return new Matcher(t, m.name, m.value);
}

/**
 * Series refs matching every matcher, sorted. As in Prometheus: a matcher
 * that matches "" also selects series without the label (name="" means
 * "label absent", name!="" means "label present"); =~".*" adds no
 * restriction; negative matchers are subtracted; with only such matchers the
 * base is all postings.
 */
export function postingsForMatchers(ix: PostingsSource, matchers: readonly Matcher[]): Postings {
  if (matchers.length === 1 && matchers[0]!.name === '' && matchers[0]!.value === '') return ix.allPostings();

  const labelMustBeSet = new Set<string>();
  for (const m of matchers) if (!m.matches('')) labelMustBeSet.add(m.name);
  const isNot = (m: Matcher) => m.type === '!=' || m.type === '!~';
  const isSubtracting = (m: Matcher) => !labelMustBeSet.has(m.name) || (isNot(m) && m.matches(''));

  const its: Postings[] = [];
  const notIts: Postings[] = [];
  let hasSubtracting = false;
  let hasIntersecting = false;
  for (const m of matchers) {
    if (isSubtracting(m)) hasSubtracting = true;
    else hasIntersecting = true;
  }
  if (hasSubtracting && !hasIntersecting) its.push(ix.allPostings());

  for (const m of matchers) {
    if (m.name === '' && m.value === '') throw new Error('unexpected all postings');
    if (m.type === '=~' && m.value === '.*') continue;
    if (m.type === '!~' && m.value === '.*') return EMPTY_POSTINGS;
    if (m.type === '=~' && m.value === '.+') {
      const p = ix.postings(m.name, ix.labelValues(m.name));
      if (p.length === 0) return EMPTY_POSTINGS;
      its.push(p);
    } else if (m.type === '!~' && m.value === '.+') {
      notIts.push(ix.postings(m.name, ix.labelValues(m.name)));
    } else if (labelMustBeSet.has(m.name)) {
      const matchesEmpty = m.matches('');
      if (isNot(m) && matchesEmpty) {
        // l!="foo": subtract the series with l="foo".
        notIts.push(postingsForMatcher(ix, inverse(m)));
      } else if (isNot(m) && !matchesEmpty) {
        // l!="" (or l!~"" like): series that have l with a value the inverse rejects.
        const p = inversePostingsForMatcher(ix, inverse(m));
        if (p.length === 0) return EMPTY_POSTINGS;
        its.push(p);
      } else {
        const p = postingsForMatcher(ix, m);
        if (p.length === 0) return EMPTY_POSTINGS;
        its.push(p);
      }
    } else {
      // Matches "": select series without the label by subtracting those
      // whose value does not match.
      notIts.push(inversePostingsForMatcher(ix, m));
    }
  }

  let out = intersectAll(its);
  for (const n of notIts) {
    if (out.length === 0) break;
    out = without(out, n);
  }
  return out;
}
