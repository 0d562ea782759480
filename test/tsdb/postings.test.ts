// Postings set operations and the PostingsForMatchers semantics of Prometheus.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  intersect, intersectAll, merge, without, literalAlternatives, postingsForMatchers, type PostingsSource,
} from '../../src/tsdb/index/index.js';
import { compareUtf8, labelsFrom, type Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matchers.js';

const P = (...xs: number[]) => Uint32Array.from(xs);
const sortedSet = fc.uniqueArray(fc.nat({ max: 5000 }), { maxLength: 200 }).map((a) => Uint32Array.from(a.sort((x, y) => x - y)));
const sparseBig = fc.uniqueArray(fc.nat({ max: 0xffffffff }), { maxLength: 50 }).map((a) => Uint32Array.from(a.sort((x, y) => x - y)));

describe('set operations', () => {
  it('pinned cases', () => {
    expect([...intersect(P(1, 3, 5, 7), P(3, 4, 5, 8))]).toEqual([3, 5]);
    expect([...intersect(P(), P(1))]).toEqual([]);
    expect([...merge([P(1, 4), P(2, 4, 9), P(), P(0, 9)])]).toEqual([0, 1, 2, 4, 9]);
    expect([...merge([P(1, 4), P(4, 5)])]).toEqual([1, 4, 5]);
    expect([...merge([])]).toEqual([]);
    expect([...without(P(1, 2, 3, 4), P(2, 4, 6))]).toEqual([1, 3]);
    expect([...without(P(1, 2), P())]).toEqual([1, 2]);
    expect([...intersectAll([P(1, 2, 3), P(2, 3), P(3, 9)])]).toEqual([3]);
    expect([...intersectAll([])]).toEqual([]);
    // Galloping path: one tiny list against a long one, including the last element.
    const long = Uint32Array.from({ length: 10_000 }, (_, i) => i * 2);
    expect([...intersect(P(0, 5, 6, 19_998, 20_000), long)]).toEqual([0, 6, 19_998]);
    expect([...intersect(long, P(0xffffffff))]).toEqual([]);
  });

  it('agree with Set arithmetic', () => {
    fc.assert(
      fc.property(fc.oneof(sortedSet, sparseBig), fc.oneof(sortedSet, sparseBig), fc.array(sortedSet, { maxLength: 6 }), (a, b, many) => {
        const sb = new Set(b);
        expect([...intersect(a, b)]).toEqual([...a].filter((x) => sb.has(x)));
        expect([...without(a, b)]).toEqual([...a].filter((x) => !sb.has(x)));
        expect([...merge([a, b])]).toEqual([...new Set([...a, ...b])].sort((x, y) => x - y));
        const all = [a, b, ...many];
        expect([...merge(all)]).toEqual([...new Set(all.flatMap((l) => [...l]))].sort((x, y) => x - y));
        expect([...intersectAll(all)]).toEqual([...a].filter((x) => all.every((l) => l.includes(x))));
      }),
      { numRuns: 300 },
    );
  });

  it('do not modify their inputs', () => {
    const a = P(1, 2, 3);
    const b = P(2, 3, 4);
    merge([a, b, P(0)]);
    without(a, b);
    intersect(a, b);
    expect([...a]).toEqual([1, 2, 3]);
    expect([...b]).toEqual([2, 3, 4]);
  });
});

describe('literalAlternatives', () => {
  it('finds literal sets only', () => {
    expect(literalAlternatives('a|b|😀')).toEqual(['a', 'b', '😀']);
    expect(literalAlternatives('abc')).toEqual(['abc']);
    expect(literalAlternatives('a.c')).toBeUndefined();
    expect(literalAlternatives('a|b+')).toBeUndefined();
    expect(literalAlternatives('(a|b)')).toBeUndefined();
    expect(literalAlternatives('a\\|b')).toBeUndefined();
  });
});

/** Refs are positions in the list, so expectations read as series numbers. */
class Source implements PostingsSource {
  calls: string[] = [];
  constructor(private readonly series: Labels[]) {}
  labelValues(name: string): string[] {
    this.calls.push(`labelValues(${name})`);
    const vs = new Set<string>();
    for (const ls of this.series) for (const l of ls) if (l.name === name) vs.add(l.value);
    return [...vs].sort(compareUtf8);
  }
  postings(name: string, values: string[]): Uint32Array {
    this.calls.push(`postings(${name},${values.join('|')})`);
    const out: number[] = [];
    this.series.forEach((ls, i) => {
      if (ls.some((l) => l.name === name && values.includes(l.value))) out.push(i);
    });
    return Uint32Array.from(out);
  }
  allPostings(): Uint32Array {
    this.calls.push('allPostings');
    return Uint32Array.from(this.series.keys());
  }
}

describe('postingsForMatchers semantics', () => {
  const src = new Source([
    labelsFrom({ __name__: 'up', job: 'a' }), // 0
    labelsFrom({ __name__: 'up', job: 'b', env: 'prod' }), // 1
    labelsFrom({ __name__: 'up', env: 'dev' }), // 2
    labelsFrom({ __name__: 'down', job: 'a', env: 'prod' }), // 3
  ]);
  const q = (...ms: [Matcher['type'], string, string][]) => [...postingsForMatchers(src, ms.map(([t, n, v]) => new Matcher(t, n, v)))];

  it('equality and unknown names', () => {
    expect(q(['=', '__name__', 'up'])).toEqual([0, 1, 2]);
    expect(q(['=', '__name__', 'up'], ['=', 'job', 'a'])).toEqual([0]);
    expect(q(['=', 'nope', 'x'])).toEqual([]);
    expect(q(['=', 'job', 'zzz'])).toEqual([]);
  });

  it('name="" selects series without the label; name!="" those with it', () => {
    expect(q(['=', 'env', ''])).toEqual([0]);
    expect(q(['!=', 'env', ''])).toEqual([1, 2, 3]);
    expect(q(['=', '__name__', 'up'], ['=', 'job', ''])).toEqual([2]);
    expect(q(['=', 'nope', ''])).toEqual([0, 1, 2, 3]);
    expect(q(['!=', 'nope', ''])).toEqual([]);
  });

  it('matchers that match "" also select series without the label', () => {
    expect(q(['!=', 'job', 'a'])).toEqual([1, 2]);
    expect(q(['=~', 'job', 'b|'])).toEqual([1, 2]);
    expect(q(['!~', 'env', 'pr.*'])).toEqual([0, 2]);
    expect(q(['=', '__name__', 'up'], ['!=', 'env', 'prod'])).toEqual([0, 2]);
  });

  it('regex shortcuts: .* adds nothing, !~".*" is empty, .+ means present, !~".+" means absent', () => {
    expect(q(['=~', 'job', '.*'])).toEqual([0, 1, 2, 3]);
    expect(q(['=', '__name__', 'down'], ['=~', 'anything', '.*'])).toEqual([3]);
    expect(q(['!~', 'job', '.*'])).toEqual([]);
    expect(q(['=~', 'env', '.+'])).toEqual([1, 2, 3]);
    expect(q(['!~', 'env', '.+'])).toEqual([0]);
    expect(q(['=~', 'env', 'pro.'], ['=~', 'env', '.+'])).toEqual([1, 3]);
  });

  it('only negative matchers start from all postings', () => {
    src.calls = [];
    expect(q(['!=', 'job', 'a'], ['!~', 'env', 'dev'])).toEqual([1]);
    expect(src.calls[0]).toBe('allPostings');
    // The all-postings key on its own.
    src.calls = [];
    expect(q(['=', '', ''])).toEqual([0, 1, 2, 3]);
    expect(src.calls).toEqual(['allPostings']);
  });

  it('literal regex sets use postings directly, other regexes test every value', () => {
    src.calls = [];
    expect(q(['=~', 'job', 'a|b'])).toEqual([0, 1, 3]);
    expect(src.calls).toEqual(['postings(job,a|b)']);
    src.calls = [];
    expect(q(['=~', 'job', '[ab]'])).toEqual([0, 1, 3]);
    expect(src.calls).toEqual(['labelValues(job)', 'postings(job,a|b)']);
  });
});
