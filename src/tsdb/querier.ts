// The engine's Querier over local storage: a DB (blocks + head) or any set of
// BlockReaderLike sources such as a bare Head in tests.
import { compareUtf8 } from '../model/labels.js';
import type { Matcher } from '../model/matchers.js';
import type { Querier, SelectHints } from '../promql/storage.js';
import type { BlockReaderLike } from './block.js';
import type { DB } from './db.js';
import { mergeChunkSeries, type ChunkSeries } from './series.js';

/** Querier over fixed sources (e.g. one Head); the sources must not change while a query runs. */
export function sourcesQuerier(sources: () => BlockReaderLike[]): Querier {
  const overlapping = (start: number, end: number) =>
    sources().filter((s) => s.maxTime >= start && s.minTime <= end);
  const selectAll = (matchers: Matcher[], start: number, end: number): ChunkSeries[] => [
    ...mergeChunkSeries(overlapping(start, end).map((s) => s.select(matchers, start, end))),
  ];
  return {
    async select(matchers: Matcher[], hints: SelectHints): Promise<ChunkSeries[]> {
      return selectAll(matchers, hints.start, hints.end);
    },
    async labelNames(matchers: Matcher[], start: number, end: number): Promise<string[]> {
      if (matchers.length === 0) {
        const set = new Set<string>();
        for (const s of overlapping(start, end)) for (const n of s.labelNames()) set.add(n);
        return [...set].sort(compareUtf8);
      }
      const set = new Set<string>();
      for (const s of selectAll(matchers, start, end)) for (const l of s.labels) set.add(l.name);
      return [...set].sort(compareUtf8);
    },
    async labelValues(name: string, matchers: Matcher[], start: number, end: number): Promise<string[]> {
      const set = new Set<string>();
      if (matchers.length === 0) {
        for (const s of overlapping(start, end)) for (const v of s.labelValues(name)) set.add(v);
      } else {
        for (const s of selectAll(matchers, start, end)) for (const l of s.labels) if (l.name === name) set.add(l.value);
      }
      set.delete('');
      return [...set].sort(compareUtf8);
    },
  };
}

/** Querier over a DB's blocks and head. */
export function dbQuerier(db: DB): Querier {
  return sourcesQuerier(() => db.sources(-Infinity, Infinity));
}
