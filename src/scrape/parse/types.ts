// The pull-parser face shared by the text-format and OpenMetrics parsers,
// shaped after Prometheus's textparse.Parser.
import type { Label } from '../../model/labels.js';

/** What next() found. 'unit' only comes from OpenMetrics, 'comment' only from the text format. */
export type EntryType = 'series' | 'type' | 'help' | 'unit' | 'comment';

/**
 * Metric family types. The text format's `untyped` is reported as 'unknown',
 * as Prometheus does (textparse maps it to MetricTypeUnknown); 'untyped' is
 * listed for callers that carry the text-format spelling themselves.
 */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'unknown'
  | 'gaugehistogram'
  | 'stateset'
  | 'info';

export interface Exemplar {
  /** Sorted by name; values exactly as written (Prometheus does not unescape exemplar label values). */
  labels: Label[];
  value: number;
  /** Milliseconds, when the exemplar has a timestamp. */
  timestamp: number | undefined;
}

export interface ExpositionParser {
  /** Advances to the next entry; null at the end (after `# EOF` for OpenMetrics). Throws ParseError. */
  next(): EntryType | null;

  // After 'series':
  /** The sample value; NaN for any NaN (store it as NORMAL_NAN_BITS). */
  readonly value: number;
  /** Milliseconds, or undefined when the line has no timestamp. */
  readonly timestamp: number | undefined;
  metricName(): string;
  /**
   * The labels including __name__, sorted by name, written into `out` (which
   * is cleared first) and returned. Label objects may be shared between calls;
   * the array is the caller's. Duplicate names are kept, as Prometheus's
   * parser keeps them; the appender rejects them.
   */
  labels(out?: Label[]): Label[];
  /** The series text exactly as written (name and braces), e.g. a cache key. */
  series(): string;
  /** The exemplar of this sample (OpenMetrics only), built on demand. */
  exemplar(): Exemplar | null;

  // After 'type' / 'help' / 'unit':
  family(): string;
  type(): MetricType;
  help(): string;
  unit(): string;

  // After 'comment':
  comment(): string;
}

/** A syntax error, with the 1-based line it was found on. */
export class ParseError extends Error {
  constructor(
    /** The message without the line suffix, worded like Prometheus's. */
    readonly reason: string,
    readonly line: number,
  ) {
    super(`${reason} (line ${line})`);
    this.name = 'ParseError';
  }
}
