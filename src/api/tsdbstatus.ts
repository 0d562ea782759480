// /api/v1/status/tsdb: head cardinality as Prometheus computes it from the
// head's postings (MemPostings.Stats): top-N metric names by series, label
// names by distinct values, label names by memory of their values, and
// name=value pairs by series.
import { goJSON, RawJSON } from './json.js';
import type { Head } from '../tsdb/head.js';
import { compareUtf8 } from '../model/labels.js';

export interface TSDBStat {
  name: string;
  value: number;
}

export interface TSDBStatus {
  headStats: { numSeries: number; numLabelPairs: number; chunkCount: number; minTime: number; maxTime: number };
  seriesCountByMetricName: TSDBStat[];
  labelValueCountByLabelName: TSDBStat[];
  memoryInBytesByLabelName: TSDBStat[];
  seriesCountByLabelValuePair: TSDBStat[];
}

/** UTF-8 length of a string. */
function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** labels.SizeOfLabels (stringlabels, Prometheus's default build): length-prefixed name and value, per series. */
function sizeOfLabel(name: string, value: string, n: number): number {
  const ln = byteLen(name);
  const lv = byteLen(value);
  return (ln + (ln < 255 ? 1 : 4) + lv + (lv < 255 ? 1 : 4)) * n;
}

/** Keeps the `limit` largest; ties in Go's map order are random, so we break them by name. */
class TopN {
  private readonly items: TSDBStat[] = [];
  constructor(private readonly limit: number) {}
  push(name: string, value: number): void {
    this.items.push({ name, value });
    // Trim now and then so a huge head does not hold every pair.
    if (this.items.length > this.limit * 4 + 1024) this.trim();
  }
  private trim(): void {
    this.items.sort((a, b) => b.value - a.value || compareUtf8(a.name, b.name));
    this.items.length = Math.min(this.items.length, this.limit);
  }
  get(): TSDBStat[] {
    this.trim();
    return this.items;
  }
}

/** Cardinality statistics of the head, `limit` entries per list (Prometheus default 10). */
export async function headTSDBStatus(head: Head, limit = 10): Promise<TSDBStatus> {
  const metrics = new TopN(limit);
  const labels = new TopN(limit);
  const memory = new TopN(limit);
  const pairs = new TopN(limit);
  let numLabelPairs = 0;
  for (const name of head.labelNames()) {
    const values = head.labelValues(name);
    labels.push(name, values.length);
    numLabelPairs += values.length;
    let size = 0;
    for (const value of values) {
      const n = head.postings(name, [value]).length;
      if (name === '__name__') metrics.push(value, n);
      pairs.push(name + '=' + value, n);
      size += sizeOfLabel(name, value, n);
    }
    memory.push(name, size);
  }
  const chunkMetric = await head.metrics.chunks.get();
  let minTime = head.minTime;
  let maxTime = head.maxTime;
  if (head.isEmpty()) {
    // An empty head reports the times Prometheus's does: the data already in
    // blocks as both bounds, or the int64 extremes when there is none.
    minTime = Number.isFinite(head.minValidTime) ? head.minValidTime : Infinity;
    maxTime = Number.isFinite(head.minValidTime) ? head.minValidTime : -Infinity;
  }
  return {
    headStats: { numSeries: head.numSeries, numLabelPairs, chunkCount: chunkMetric.values[0]?.value ?? 0, minTime, maxTime },
    seriesCountByMetricName: metrics.get(),
    labelValueCountByLabelName: labels.get(),
    memoryInBytesByLabelName: memory.get(),
    seriesCountByLabelValuePair: pairs.get(),
  };
}

/** int64 text for ms bounds; ±Infinity stand for MaxInt64/MinInt64. */
function int64JSON(v: number): RawJSON {
  if (v === Infinity) return new RawJSON('9223372036854775807');
  if (v === -Infinity) return new RawJSON('-9223372036854775808');
  return new RawJSON(String(Math.trunc(v)));
}

export function tsdbStatusJSON(s: TSDBStatus): string {
  const h = s.headStats;
  return goJSON(
    {
      headStats: { numSeries: h.numSeries, numLabelPairs: h.numLabelPairs, chunkCount: h.chunkCount, minTime: int64JSON(h.minTime), maxTime: int64JSON(h.maxTime) },
      seriesCountByMetricName: s.seriesCountByMetricName,
      labelValueCountByLabelName: s.labelValueCountByLabelName,
      memoryInBytesByLabelName: s.memoryInBytesByLabelName,
      seriesCountByLabelValuePair: s.seriesCountByLabelValuePair,
    },
    true,
  );
}
