// Query annotations (warnings and infos) with Prometheus's texts from
// util/annotations. They are deduplicated by their text without position, the
// last one added wins (as Prometheus's map does), and rendered at the end with
// the "(line:col)" of the expression that caused them.
import { goQuote } from '../../model/labels.js';
import { formatGoFloat } from '../../model/format.js';
import type { PosRange } from '../ast.js';

interface Anno {
  warning: boolean;
  text: string;
  pos: PosRange;
  /** Forced-monotonicity details (merged across steps and series). */
  mono?: { minTs: number; maxTs: number; minBucket: number; maxBucket: number; maxDiff: number; count: number };
}

const g = (v: number) => formatGoFloat(v, 'g');

export class Annotations {
  private readonly map = new Map<string, Anno>();

  get size(): number {
    return this.map.size;
  }

  warn(text: string, pos: PosRange): void {
    this.map.set('PromQL warning: ' + text, { warning: true, text: 'PromQL warning: ' + text, pos });
  }

  info(text: string, pos: PosRange): void {
    this.map.set('PromQL info: ' + text, { warning: false, text: 'PromQL info: ' + text, pos });
  }

  // --- the annotations the engine raises -----------------------------------

  invalidQuantile(q: number, pos: PosRange): void {
    this.warn(`quantile value should be between 0 and 1, got ${g(q)}`, pos);
  }

  invalidRatio(r: number, to: number, pos: PosRange): void {
    this.warn(`ratio value should be between -1 and 1, got ${g(r)}, capping to ${g(to)}`, pos);
  }

  badBucketLabel(metricName: string, le: string, pos: PosRange): void {
    let t = `bucket label "le" is missing or has a malformed value of ${goQuote(le)}`;
    if (metricName !== '') t += ` for metric name ${goQuote(metricName)}`;
    this.warn(t, pos);
  }

  possibleNonCounter(metricName: string, pos: PosRange): void {
    this.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${goQuote(metricName)}`, pos);
  }

  sortInRangeQuery(pos: PosRange): void {
    this.warn('sort is ineffective for range queries since results are always ordered by labels', pos);
  }

  forcedMonotonicity(metricName: string, pos: PosRange, ts: number, minBucket: number, maxBucket: number, maxDiff: number): void {
    let text =
      'PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)';
    if (metricName !== '') text += ` for metric name ${goQuote(metricName)}`;
    const prev = this.map.get(text);
    const mono = { minTs: ts, maxTs: ts, minBucket, maxBucket, maxDiff, count: 0 };
    if (prev?.mono) {
      // Prometheus's merge: widen the ranges and count the occurrences.
      const o = prev.mono;
      mono.minTs = Math.min(o.minTs, ts);
      mono.maxTs = Math.max(o.maxTs, ts);
      mono.minBucket = o.minBucket < minBucket ? o.minBucket : minBucket;
      mono.maxBucket = o.maxBucket > maxBucket ? o.maxBucket : maxBucket;
      mono.maxDiff = o.maxDiff > maxDiff ? o.maxDiff : maxDiff;
      mono.count = o.count + 1;
    }
    this.map.set(text, { warning: false, text, pos, mono });
  }

  merge(other: Annotations): void {
    for (const [k, v] of other.map) this.map.set(k, v);
  }

  /** Renders as the API does; without the query text there is no position suffix. */
  render(query: string | null): { warnings: string[]; infos: string[] } {
    const warnings: string[] = [];
    const infos: string[] = [];
    for (const a of this.map.values()) {
      let s = a.text;
      if (query !== null && query !== '') {
        const where = startPosInput(query, a.pos.start);
        if (a.mono) {
          const m = a.mono;
          s += `, from buckets ${g(m.minBucket)} to ${g(m.maxBucket)}, with a max diff of ${formatGoFloat(m.maxDiff, 'g', 2)}, over ${m.count + 1} samples from ${rfc3339(m.minTs)} to ${rfc3339(m.maxTs)}`;
        }
        s += ` (${where})`;
      }
      (a.warning ? warnings : infos).push(s);
    }
    return { warnings, infos };
  }
}

/** Go's time.Unix(ms/1000, 0).UTC().Format(time.RFC3339). */
function rfc3339(ms: number): string {
  const d = new Date(Math.trunc(ms / 1000) * 1000);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** posrange.StartPosInput: 1-based line and byte column of a byte offset. */
export function startPosInput(query: string, pos: number): string {
  const bytes = Buffer.from(query, 'utf8');
  if (pos < 0 || pos > bytes.length) return 'invalid position';
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < pos; i++) {
    if (bytes[i] === 0x0a) {
      lastBreak = i;
      line++;
    }
  }
  return `${line}:${pos - lastBreak}`;
}
