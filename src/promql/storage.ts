// The only thing the engine knows about storage. A local TSDB, the gRPC
// fan-out over StoreAPI endpoints, or a test fixture all implement Querier.
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matchers.js';
import type { ChunkSeries } from '../tsdb/series.js';

export type { ChunkSeries };

/** What a select is for; stores may use it to read less (Prometheus's SelectHints). */
export interface SelectHints {
  /** Inclusive ms bounds of the samples needed. */
  start: number;
  end: number;
  step?: number;
  /** Range of the matrix selector / subquery, ms. */
  range?: number;
  func?: string;
  grouping?: string[];
  by?: boolean;
}

export interface Querier {
  /**
   * Series matching all matchers that have samples in [hints.start, hints.end],
   * sorted by labels, as chunks (XOR) — the form both blocks and StoreAPI carry.
   */
  select(matchers: Matcher[], hints: SelectHints, signal?: AbortSignal): Promise<ChunkSeries[]>;
  /** Sorted label names of series matching the matchers (all series when none) in [start, end]. */
  labelNames(matchers: Matcher[], start: number, end: number): Promise<string[]>;
  /** Sorted values of `name` over matching series in [start, end]. */
  labelValues(name: string, matchers: Matcher[], start: number, end: number): Promise<string[]>;
  /** Warnings the store wants the user to see (e.g. a partial response). */
  warnings?(): string[];
}

/** Series labels only (for /api/v1/series). */
export async function selectLabels(q: Querier, matchers: Matcher[], start: number, end: number): Promise<Labels[]> {
  return (await q.select(matchers, { start, end, func: 'series' })).map((s) => s.labels);
}
