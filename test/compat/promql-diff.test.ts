// Issue 3, done-means 2: real Prometheus (Debian's 2.42) and `hyperion core` serve
// copies of one TSDB directory (promtool blocks from bench/promql-data.ts's 'diff'
// data set); every query of promql-queries.ts, as instant queries at several times
// and as range queries with several steps, must give the same result type, series,
// timestamps and values (relative error ≤ 1e-6, NaN = NaN, same number strings when
// the values are identical), and the same errorType when it fails.
//
// PROMQL_DIFF_TARGET=prometheus compares Prometheus with a second Prometheus instead
// (a check of the harness and the data set itself).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, requirePeer } from '../helpers/peers.js';
import {
  apiCall, copyTsdb, promtoolCreateBlocks, secs, startHyperion, startPrometheus, writePromqlDataset, writeServerConfig,
  type ApiResponse, type PromqlDataset, type Server,
} from '../../bench/promql-data.js';
import { apiCases, diffQueries, evalPlan, type DiffQuery } from './promql-queries.js';

const TARGET = process.env.PROMQL_DIFF_TARGET === 'prometheus' ? 'prometheus' : 'hyperion';
const CONCURRENCY = 4;
const REL_TOLERANCE = 1e-6;
const SHOW = Number(process.env.PROMQL_DIFF_SHOW ?? 20); // mismatches listed per failing test

interface Job {
  id: number;
  category: 'instant' | 'range' | 'error';
  query?: DiffQuery;
  desc: string;
  path: '/api/v1/query' | '/api/v1/query_range';
  method: 'GET' | 'POST';
  params: Record<string, string>;
  expect: 'data' | 'empty' | 'error' | 'any';
  ordered: boolean;
}

// --- normalisation and comparison ------------------------------------------------

interface SeriesPoints {
  labels: Record<string, string>;
  points: [number, string][];
}

type Norm =
  | { kind: 'error'; errorType: string; error: string; http: number }
  | { kind: 'scalar' | 'string'; t: number; v: string }
  | { kind: 'vector' | 'matrix'; series: Map<string, SeriesPoints>; order: string[] }
  | { kind: 'invalid'; detail: string };

function labelKey(m: Record<string, string>): string {
  return JSON.stringify(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function normalize(r: ApiResponse | Error): Norm {
  if (r instanceof Error) return { kind: 'invalid', detail: `request failed: ${r.message}` };
  const b = r.body;
  if (!b || (b.status !== 'success' && b.status !== 'error')) return { kind: 'invalid', detail: `HTTP ${r.httpStatus}: ${r.raw.slice(0, 200)}` };
  if (b.status === 'error') return { kind: 'error', errorType: String(b.errorType), error: String(b.error), http: r.httpStatus };
  const type = b.data?.resultType;
  const result = b.data?.result as unknown;
  if (type === 'scalar' || type === 'string') {
    const [t, v] = result as [number, string];
    return { kind: type, t, v };
  }
  if ((type === 'vector' || type === 'matrix') && Array.isArray(result)) {
    const series = new Map<string, SeriesPoints>();
    const order: string[] = [];
    for (const s of result as { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]) {
      const key = labelKey(s.metric);
      if (series.has(key)) return { kind: 'invalid', detail: `duplicate series ${fmtLabels(s.metric)} in the result` };
      series.set(key, { labels: s.metric, points: type === 'vector' ? [s.value!] : s.values! });
      order.push(key);
    }
    return { kind: type, series, order };
  }
  return { kind: 'invalid', detail: `unexpected resultType ${String(type)}: ${r.raw.slice(0, 200)}` };
}

function parseValue(s: string): number {
  if (s === 'NaN') return NaN;
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** null when equal; else what differs. Same double → the strings must match too (Go formatting). */
function compareValue(a: string, b: string): string | null {
  const x = parseValue(a);
  const y = parseValue(b);
  if ((Number.isNaN(x) && Number.isNaN(y)) || Object.is(x, y)) return a === b ? null : `same value formatted differently: "${a}" vs "${b}"`;
  if (x === y) return `"${a}" vs "${b}"`; // 0 vs -0
  if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y))) return null;
  return `${a} vs ${b}`;
}

function fmtLabels(m: Record<string, string>): string {
  const e = Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${e.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

function describeNorm(n: Norm): string {
  switch (n.kind) {
    case 'error':
      return `error ${n.errorType} (HTTP ${n.http}): ${n.error}`;
    case 'invalid':
      return `invalid response: ${n.detail}`;
    case 'scalar':
    case 'string':
      return `${n.kind} ${n.v}`;
    default:
      return `${n.kind} of ${n.series.size} series`;
  }
}

/** `ordered`: a top-level sort; `rangeQuery`: Prometheus sorts range-query matrices by labels. */
function compareNorm(ref: Norm, sut: Norm, ordered: boolean, rangeQuery = false): string | null {
  if (sut.kind === 'invalid') return describeNorm(sut);
  if (ref.kind === 'invalid') return `reference gave ${describeNorm(ref)}`;
  if (ref.kind === 'error' || sut.kind === 'error') {
    if (ref.kind === 'error' && sut.kind === 'error') return ref.errorType === sut.errorType ? null : `errorType ${ref.errorType} vs ${sut.errorType} (${sut.error})`;
    return `prometheus: ${describeNorm(ref)}; ours: ${describeNorm(sut)}`;
  }
  if (ref.kind !== sut.kind) return `resultType ${ref.kind} vs ${sut.kind}`;
  if (ref.kind === 'scalar' || ref.kind === 'string') {
    const s = sut as typeof ref;
    if (ref.t !== s.t) return `timestamp ${ref.t} vs ${s.t}`;
    if (ref.kind === 'string') return ref.v === s.v ? null : `string ${JSON.stringify(ref.v)} vs ${JSON.stringify(s.v)}`;
    const d = compareValue(ref.v, s.v);
    return d && `value ${d}`;
  }
  type Series = Extract<Norm, { kind: 'vector' | 'matrix' }>;
  const r = ref as Series;
  const s = sut as Series;
  const missing = [...r.series.keys()].filter((k) => !s.series.has(k));
  const extra = [...s.series.keys()].filter((k) => !r.series.has(k));
  if (missing.length || extra.length) {
    const show = (ks: string[], m: Map<string, SeriesPoints>) => ks.slice(0, 3).map((k) => fmtLabels(m.get(k)!.labels)).join(' ') + (ks.length > 3 ? ` …(+${ks.length - 3})` : '');
    return [`${r.series.size} vs ${s.series.size} series`, missing.length ? `missing ${show(missing, r.series)}` : '', extra.length ? `extra ${show(extra, s.series)}` : ''].filter(Boolean).join('; ');
  }
  for (const [k, rs] of r.series) {
    const ss = s.series.get(k)!;
    const where = fmtLabels(rs.labels);
    const n = Math.max(rs.points.length, ss.points.length);
    for (let i = 0; i < n; i++) {
      const a = rs.points[i];
      const b = ss.points[i];
      if (!a || !b || a[0] !== b[0]) return `${where}: sample ${i}: t=${a?.[0] ?? 'none'} vs t=${b?.[0] ?? 'none'} (${rs.points.length} vs ${ss.points.length} points)`;
      const d = compareValue(a[1], b[1]);
      if (d) return `${where} at t=${a[0]}: ${d}`;
    }
  }
  // Range-query matrices come sorted by labels (Go byte order); other results in evaluation order.
  if (rangeQuery && r.kind === 'matrix' && r.order.some((k, i) => s.order[i] !== k)) {
    const i = r.order.findIndex((k, j) => s.order[j] !== k);
    return `series order: position ${i} holds ${fmtLabels(s.series.get(s.order[i]!)!.labels)}, Prometheus has ${fmtLabels(r.series.get(r.order[i]!)!.labels)}`;
  }
  if (ordered && r.kind === 'vector') {
    for (let i = 0; i < r.order.length; i++) {
      const a = r.series.get(r.order[i]!)!.points[0]![1];
      const b = s.series.get(s.order[i]!)!.points[0]![1];
      // Ties (0 and -0 included) may come in either order.
      const x = parseValue(a);
      const y = parseValue(b);
      if (!(x === y || (Number.isNaN(x) && Number.isNaN(y)) || !compareValue(a, b))) return `order: position ${i} holds ${a} vs ${b}`;
    }
  }
  return null;
}

function isEmpty(n: Norm): boolean {
  return (n.kind === 'vector' || n.kind === 'matrix') && n.series.size === 0;
}

// --- running -------------------------------------------------------------------

async function runAll(server: Server, jobs: Job[]): Promise<Map<number, Norm>> {
  const out = new Map<number, Norm>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++]!;
      const r = await apiCall(server.url, j.path, j.params, j.method).catch((e: Error) => e);
      out.set(j.id, normalize(r));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

function buildJobs(ds: PromqlDataset): Job[] {
  const plan = evalPlan(ds.startMs, ds.endMs);
  const jobs: Job[] = [];
  const push = (j: Omit<Job, 'id'>) => jobs.push({ id: jobs.length, ...j });
  for (const q of diffQueries(ds.startMs, ds.endMs)) {
    const mode = q.mode ?? 'both';
    const expectation = q.expect ?? 'data';
    const category = expectation === 'error' ? 'error' : undefined;
    if (mode !== 'range') {
      for (const t of plan.instants) {
        push({ category: category ?? 'instant', query: q, desc: `instant @${secs(t)}: ${q.q}`, path: '/api/v1/query', method: 'GET', params: { query: q.q, time: secs(t) }, expect: expectation, ordered: !!q.ordered });
      }
    }
    if (mode !== 'instant') {
      for (const r of plan.ranges) {
        push({
          category: category ?? 'range', query: q, desc: `range ${secs(r.start)}..${secs(r.end)} step ${r.step / 1000}s: ${q.q}`,
          path: '/api/v1/query_range', method: 'POST', params: { query: q.q, start: secs(r.start), end: secs(r.end), step: String(r.step / 1000) },
          expect: expectation, ordered: false,
        });
      }
    }
  }
  for (const c of apiCases(ds.startMs, ds.endMs)) {
    push({ category: c.expect === 'error' ? 'error' : c.path === '/api/v1/query' ? 'instant' : 'range', desc: `${c.name} (${c.method} ${c.path} ${new URLSearchParams(c.params)})`, path: c.path, method: c.method, params: c.params, expect: c.expect, ordered: false });
  }
  return jobs;
}

// --- the test -----------------------------------------------------------------------

describe(`PromQL differential test: ${TARGET} vs Prometheus 2.42 over the same blocks`, () => {
  let tmp: string;
  let ds: PromqlDataset;
  let ref: Server | undefined;
  let sut: Server | undefined;
  let sutError: Error | undefined;
  let jobs: Job[];
  let refResults: Promise<Map<number, Norm>> | undefined;

  beforeAll(async () => {
    requirePeer('promtool');
    requirePeer('prometheus');
    tmp = mkdtempSync(join(tmpdir(), 'hyperion-promql-diff-'));
    ds = writePromqlDataset(join(tmp, 'data.om'), 'diff');
    promtoolCreateBlocks(join(tmp, 'data.om'), join(tmp, 'blocks'));
    copyTsdb(join(tmp, 'blocks'), join(tmp, 'prometheus'));
    copyTsdb(join(tmp, 'blocks'), join(tmp, TARGET === 'prometheus' ? 'prometheus-2' : 'hyperion'));
    const config = writeServerConfig(join(tmp, 'config'));
    jobs = buildJobs(ds);
    const [a, b] = await Promise.allSettled([
      startPrometheus(join(tmp, 'prometheus'), config),
      TARGET === 'prometheus' ? startPrometheus(join(tmp, 'prometheus-2'), config, 'prometheus-2') : startHyperion(CLI, join(tmp, 'hyperion'), config),
    ]);
    if (a.status === 'rejected') throw a.reason;
    ref = a.value;
    if (b.status === 'fulfilled') sut = b.value;
    else sutError = b.reason as Error;
  });

  afterAll(async () => {
    await Promise.all([ref?.stop(), sut?.stop()]);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const reference = () => (refResults ??= runAll(ref!, jobs));

  async function diffCategory(category: Job['category']): Promise<void> {
    if (!sut) throw new Error(`${TARGET} did not start: ${sutError?.message}`);
    const mine = jobs.filter((j) => j.category === category);
    const [r, s] = await Promise.all([reference(), runAll(sut, mine)]);
    const diffs: string[] = [];
    for (const j of mine) {
      const d = compareNorm(r.get(j.id)!, s.get(j.id)!, j.ordered, j.path === '/api/v1/query_range');
      if (d) diffs.push(`${j.desc}\n    ${d}`);
    }
    const queries = new Set(mine.map((j) => j.query?.q ?? j.desc)).size;
    const summary = `${diffs.length} of ${mine.length} ${category} evaluations (${queries} queries) differ from Prometheus`;
    expect(diffs.length, `${summary}; first ${Math.min(SHOW, diffs.length)}:\n${diffs.slice(0, SHOW).join('\n')}`).toBe(0);
    expect(mine.length).toBeGreaterThan(0);
  }

  it('the query list itself is sound on Prometheus (a few hundred queries; data, emptiness and errors where expected)', async () => {
    const r = await reference();
    const byQuery = new Map<string, Job[]>();
    for (const j of jobs) {
      const k = j.query ? `${j.query.mode ?? 'both'} ${j.query.q}` : j.desc;
      byQuery.set(k, [...(byQuery.get(k) ?? []), j]);
    }
    const problems: string[] = [];
    for (const [k, js] of byQuery) {
      const ns = js.map((j) => r.get(j.id)!);
      const want = js[0]!.expect;
      const errs = ns.filter((n) => n.kind === 'error' || n.kind === 'invalid');
      if (want === 'error') {
        if (errs.length !== ns.length) problems.push(`${k}: expected an error, got ${describeNorm(ns.find((n) => n.kind !== 'error')!)}`);
        continue;
      }
      if (errs.length) {
        problems.push(`${k}: ${describeNorm(errs[0]!)}`);
        continue;
      }
      if (want === 'data' && ns.every(isEmpty)) problems.push(`${k}: empty in every evaluation`);
      if (want === 'empty' && !ns.every(isEmpty)) problems.push(`${k}: expected no series`);
    }
    expect(problems, problems.slice(0, SHOW).join('\n')).toEqual([]);
    const queries = new Set(jobs.filter((j) => j.query).map((j) => j.query!.q)).size;
    expect(queries).toBeGreaterThanOrEqual(300);
    expect(jobs.filter((j) => j.category === 'range').length).toBeGreaterThan(500);
  });

  it('the comparison flags what it must and nothing else (harness self-check)', () => {
    const resp = (body: object, httpStatus = 200): ApiResponse => ({ httpStatus, body: body as ApiResponse['body'], raw: JSON.stringify(body) });
    const vec = (...ss: [Record<string, string>, string][]) => normalize(resp({ status: 'success', data: { resultType: 'vector', result: ss.map(([metric, v]) => ({ metric, value: [1.5, v] })) } }));
    const mat = (...ss: [Record<string, string>, [number, string][]][]) => normalize(resp({ status: 'success', data: { resultType: 'matrix', result: ss.map(([metric, values]) => ({ metric, values })) } }));
    const err = (errorType: string) => normalize(resp({ status: 'error', errorType, error: 'x' }, 400));
    const a = { job: 'a' };
    const b = { job: 'b' };
    expect(compareNorm(vec([a, '1'], [b, 'NaN']), vec([b, 'NaN'], [a, '1.0000000001']), false)).toBeNull();
    expect(compareNorm(vec([a, '1']), vec([a, '1.00001']), false)).toMatch(/1 vs 1\.00001/);
    expect(compareNorm(vec([a, '+Inf']), vec([a, '-Inf']), false)).not.toBeNull();
    expect(compareNorm(vec([a, 'NaN']), vec([a, '0']), false)).not.toBeNull();
    expect(compareNorm(vec([a, '1e-07']), vec([a, '0.0000001']), false)).toMatch(/formatted differently/);
    expect(compareNorm(vec([a, '0']), vec([a, '-0']), false)).not.toBeNull();
    expect(compareNorm(vec([a, '1']), vec([a, '1'], [b, '2']), false)).toMatch(/extra \{job="b"\}/);
    expect(compareNorm(vec([a, '1'], [b, '2']), vec([b, '2'], [a, '1']), false)).toBeNull();
    expect(compareNorm(vec([a, '1'], [b, '2']), vec([b, '2'], [a, '1']), true)).toMatch(/order/);
    expect(compareNorm(vec([a, '1'], [b, '1']), vec([b, '1'], [a, '1']), true)).toBeNull();
    expect(compareNorm(mat([a, [[1, '1'], [2, '2']]]), mat([a, [[1, '1'], [3, '2']]]), false)).toMatch(/t=2 vs t=3/);
    expect(compareNorm(mat([a, [[1, '1']]], [b, [[1, '1']]]), mat([b, [[1, '1']]], [a, [[1, '1']]]), false, true)).toMatch(/series order/);
    expect(compareNorm(mat([a, [[1, '1']]], [b, [[1, '1']]]), mat([b, [[1, '1']]], [a, [[1, '1']]]), false, false)).toBeNull();
    expect(compareNorm(vec([a, '1'], [a, '2']), vec([a, '1']), false)).toMatch(/duplicate series/);
    expect(compareNorm(err('bad_data'), err('bad_data'), false)).toBeNull();
    expect(compareNorm(err('bad_data'), err('execution'), false)).toMatch(/errorType bad_data vs execution/);
    expect(compareNorm(err('execution'), vec(), false)).not.toBeNull();
    expect(compareNorm(vec(), normalize(new Error('ECONNREFUSED')), false)).toMatch(/request failed/);
    expect(compareNorm(normalize(resp({ status: 'success', data: { resultType: 'scalar', result: [1.5, '2'] } })), vec([{}, '2']), false)).toMatch(/resultType/);
  });

  it('instant queries at four times give the same results', { timeout: 300_000 }, () => diffCategory('instant'));
  it('range queries with three ranges and steps give the same results', { timeout: 300_000 }, () => diffCategory('range'));
  it('malformed queries and invalid API requests give the same error types', { timeout: 300_000 }, () => diffCategory('error'));
});
