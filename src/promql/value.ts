// Query results and errors as the HTTP API and the test runner see them.
import type { Labels } from '../model/labels.js';

export interface Sample {
  labels: Labels;
  t: number;
  v: number;
}

export interface MatrixSeries {
  labels: Labels;
  /** Sample times (ms) and values; typed arrays keep NaN payloads (stale markers) intact. */
  ts: Float64Array;
  vs: Float64Array;
}

export type QueryValue =
  | { type: 'scalar'; t: number; v: number }
  | { type: 'string'; t: number; v: string }
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; series: MatrixSeries[] };

export interface QueryResult {
  value: QueryValue;
  /** Annotations: "PromQL warning: …" and "PromQL info: …" texts as Prometheus words them. */
  warnings: string[];
  infos: string[];
  /** Total samples loaded (for stats=all and limits). */
  samplesLoaded?: number;
}

/** Prometheus API error types and their HTTP codes. */
export type ErrorType = 'bad_data' | 'execution' | 'canceled' | 'timeout' | 'internal' | 'not_found' | 'not_acceptable' | 'unavailable';

export const ERROR_STATUS: Record<ErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  internal: 500,
  not_found: 404,
  not_acceptable: 406,
  unavailable: 500,
};

/** An error with the API error type it maps to. Parse errors are bad_data; evaluation errors execution. */
export class PromQLError extends Error {
  constructor(message: string, readonly errorType: ErrorType = 'execution') {
    super(message);
    this.name = 'PromQLError';
  }
}
