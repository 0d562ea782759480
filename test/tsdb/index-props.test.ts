// Property tests: arbitrary (unicode) label sets and chunk metas round-trip
// through IndexWriter/IndexReader, and postingsForMatchers agrees with a
// brute-force filter on both the persisted index and an in-memory source.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IndexReader, IndexWriter, merge, postingsForMatchers, type ChunkMeta, type PostingsSource,
} from '../../src/tsdb/index/index.js';
import { compareLabels, compareUtf8, labelsFrom, type Labels } from '../../src/model/labels.js';
import { Matcher, type MatchType } from '../../src/model/matchers.js';

let tmp: string;
let seq = 0;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-index-props-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Series {
  labels: Labels;
  chunks: ChunkMeta[];
}

/** Strings rich in the characters where UTF-8 and UTF-16 orders disagree. */
const tricky = fc.constantFrom('a', 'b', 'é', '中', '\uE000', '\uFEFF', '\uFFFD', '😀', '𝄞', '\u0000', '"', '\\', ' ');
const str = (minLength: number) =>
  fc.oneof(
    fc.string({ unit: tricky, minLength, maxLength: 4 }),
    fc.string({ unit: 'binary', minLength, maxLength: 6 }),
  );

const seriesArb = fc
  .array(fc.dictionary(str(1), str(0), { minKeys: 1, maxKeys: 4 }), { minLength: 0, maxLength: 40 })
  .chain((sets) => {
    // Unique label sets in index order.
    const seen = new Set<string>();
    const labels: Labels[] = [];
    for (const s of sets) {
      const ls = labelsFrom(s);
      const key = JSON.stringify(ls);
      if (!seen.has(key)) {
        seen.add(key);
        labels.push(ls);
      }
    }
    labels.sort(compareLabels);
    const chunkArb = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 })),
      { maxLength: 4 },
    );
    return fc.tuple(fc.constant(labels), fc.array(chunkArb, { minLength: labels.length, maxLength: labels.length }), fc.integer({ min: -(2 ** 45), max: 2 ** 45 }));
  })
  .map(([labels, chunkSpecs, t0]) => {
    let ref = 0;
    return labels.map((ls, i): Series => {
      let t = t0;
      const chunks = chunkSpecs[i]!.map(([refStep, gap, span]) => {
        ref += refStep;
        const minTime = t + gap;
        t = minTime + span;
        return { ref, minTime, maxTime: t };
      });
      return { labels: ls, chunks };
    });
  });

function write(series: Series[]): { reader: IndexReader; refs: number[] } {
  const p = join(tmp, `index-${seq++}`);
  const w = IndexWriter.create(p);
  const syms = new Set<string>();
  for (const s of series) for (const l of s.labels) syms.add(l.name).add(l.value);
  for (const s of [...syms].sort(compareUtf8)) w.addSymbol(s);
  const refs = series.map((s) => w.addSeries(s.labels, s.chunks));
  w.close();
  return { reader: IndexReader.open(p), refs };
}

describe('index round trip', () => {
  it('write → read gives the same series, postings, label names and values', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        const { reader: r, refs } = write(series);
        try {
          const syms = new Set<string>();
          const values = new Map<string, Set<string>>();
          for (const s of series) {
            for (const l of s.labels) {
              syms.add(l.name).add(l.value);
              if (!values.has(l.name)) values.set(l.name, new Set());
              values.get(l.name)!.add(l.value);
            }
          }
          expect([...r.symbols()]).toEqual([...syms].sort(compareUtf8));
          expect(r.labelNames()).toEqual([...values.keys()].sort(compareUtf8));
          expect([...r.allPostings()]).toEqual(refs);
          for (let i = 0; i < series.length; i++) expect(r.series(refs[i]!)).toEqual(series[i]);
          for (const [n, vs] of values) {
            expect(r.labelValues(n)).toEqual([...vs].sort(compareUtf8));
            for (const v of vs) {
              const want = refs.filter((_, i) => series[i]!.labels.some((l) => l.name === n && l.value === v));
              expect([...r.postings(n, [v])]).toEqual(want);
            }
            const all = refs.filter((_, i) => series[i]!.labels.some((l) => l.name === n));
            expect([...r.postings(n, [...vs].reverse())]).toEqual(all);
          }
        } finally {
          r.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** The same PostingsSource contract over plain maps (as the head has). */
class MemSource implements PostingsSource {
  private readonly m = new Map<string, Map<string, number[]>>();
  private readonly all: number[] = [];
  constructor(series: Labels[]) {
    series.forEach((ls, ref) => {
      this.all.push(ref);
      for (const l of ls) {
        if (!this.m.has(l.name)) this.m.set(l.name, new Map());
        const byV = this.m.get(l.name)!;
        if (!byV.has(l.value)) byV.set(l.value, []);
        byV.get(l.value)!.push(ref);
      }
    });
  }
  labelValues(name: string): string[] {
    return [...(this.m.get(name)?.keys() ?? [])].sort(compareUtf8);
  }
  postings(name: string, values: string[]): Uint32Array {
    const byV = this.m.get(name);
    if (!byV) return new Uint32Array(0);
    return merge(values.map((v) => Uint32Array.from(byV.get(v) ?? [])));
  }
  allPostings(): Uint32Array {
    return Uint32Array.from(this.all);
  }
}

const NAMES = ['a', 'b', 'c'];
const VALUES = ['', 'x', 'y', 'xy', 'é', '😀', '\uE000'];
const REGEXES = ['.*', '.+', 'x|y', 'x.*', '', 'é|😀', '[xy]', '(?:)', 'x?', '.', '\uE000|z', 'nomatch'];

const matcherArb = fc
  .tuple(
    fc.constantFrom<MatchType>('=', '!=', '=~', '!~'),
    fc.constantFrom(...NAMES, 'missing'),
    fc.constantFrom(...VALUES),
    fc.constantFrom(...REGEXES),
  )
  .map(([t, n, v, re]) => new Matcher(t, n, t === '=~' || t === '!~' ? re : v));

const smallSeriesArb = fc
  .array(
    fc.dictionary(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES.filter((v) => v !== '')), { minKeys: 1, maxKeys: 3 }),
    { maxLength: 30 },
  )
  .map((sets) => {
    const seen = new Map<string, Labels>();
    for (const s of sets) {
      const ls = labelsFrom(s);
      seen.set(JSON.stringify(ls), ls);
    }
    return [...seen.values()].sort(compareLabels);
  });

describe('postingsForMatchers', () => {
  it('equals a brute-force filter (value of a missing label is "") on the index and on a memory source', () => {
    fc.assert(
      fc.property(smallSeriesArb, fc.array(matcherArb, { minLength: 1, maxLength: 4 }), (labelSets, ms) => {
        const want = labelSets
          .map((ls, i) => [ls, i] as const)
          .filter(([ls]) => ms.every((m) => m.matches(ls.find((l) => l.name === m.name)?.value ?? '')))
          .map(([, i]) => i);
        // In-memory: refs are positions.
        expect([...postingsForMatchers(new MemSource(labelSets), ms)]).toEqual(want);
        // Persisted index: map refs back to positions.
        const { reader, refs } = write(labelSets.map((labels) => ({ labels, chunks: [] })));
        try {
          const got = [...postingsForMatchers(reader, ms)].map((r) => refs.indexOf(r));
          expect(got).toEqual(want);
        } finally {
          reader.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
