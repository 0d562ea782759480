// Runs promqltest scripts against our engine over an in-memory Head, with the
// checks of Prometheus's test.go: every instant eval is re-run with `@ t`
// added to its selectors at several other times, and each of those is also
// run as a range query around t whose middle step must give the same answer.
//
// Native histograms are not implemented yet, so an eval is SKIPPED (neither
// passed nor failed) when it uses them, which means exactly one of:
//  - an expected value is a native histogram (`{{…}}`);
//  - a vector selector of the query matches a series that holds native
//    histograms in the current storage: a loaded series with a `{{…}}`
//    value, or the NHCB series `load_with_nhcb` derives from classic
//    `_bucket`/`_sum`/`_count` series (name without the suffix, no `le`).
// Series with `{{…}}` values are not stored (their float points neither).
import { readFileSync } from 'node:fs';
import { parseGoFloat } from '../../model/format.js';
import { getLabel, labelsToString, METRIC_NAME, type Labels } from '../../model/labels.js';
import { staleNaN } from '../../tsdb/chunkenc/value.js';
import { Head } from '../../tsdb/head.js';
import { sourcesQuerier } from '../../tsdb/querier.js';
import type { Expr, SubqueryExpr, VectorSelector } from '../ast.js';
import { Engine } from '../engine/index.js';
import { exprToString, parseExpr } from '../parser/index.js';
import type { Querier } from '../storage.js';
import { PromQLError, type QueryResult, type QueryValue, type Sample } from '../value.js';
import { assertMatrixSorted, checkAnnotations, checkExpectedFailure, compareResult } from './compare.js';
import { isFail, isOrdered, parseScript, type EvalCmd, type LoadCmd } from './script.js';

/** The engine surface the runner needs (src/promql/engine's Engine). */
export interface QueryEngineLike {
  instantQuery(q: Querier, query: string, timeMs: number): Promise<QueryResult>;
  rangeQuery(q: Querier, query: string, startMs: number, endMs: number, stepMs: number): Promise<QueryResult>;
}

/** Parser and printer (src/promql/parser): needed for the `@` re-runs and selector inspection. */
export interface PromQLSyntax {
  parseExpr(input: string): Expr;
  exprToString(e: Expr): string;
}

/** Engine options as Prometheus's test engine sets them (promqltest.NewTestEngine). */
export const TEST_ENGINE_OPTIONS = {
  lookbackDelta: 5 * 60_000,
  timeout: 100_000,
  maxSamples: 10_000,
  noStepSubqueryInterval: 60_000,
  enableDelayedNameRemoval: true,
} as const;

/** Files of ../shared/promqltest that need only float samples (see its README). */
export const CORE_TIER = [
  'aggregators', 'at_modifier', 'collision', 'functions', 'histograms', 'literals',
  'operators', 'range_queries', 'selectors', 'staleness', 'subquery', 'trig_functions',
] as const;

export type EvalStatus = 'passed' | 'failed' | 'skipped';

export interface EvalResult {
  file: string;
  /** 1-based line of the command. */
  line: number;
  /** The eval's query, or `load` / `script` for a command that failed outside an eval. */
  query: string;
  status: EvalStatus;
  /** Why it failed, or why it was skipped. */
  message?: string;
}

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  results: EvalResult[];
}

export interface RunOptions {
  engine?: QueryEngineLike;
  syntax?: PromQLSyntax;
  /** Only evals whose query or `file:line` matches run (and count). */
  filter?: RegExp;
  /** Called as each eval finishes. */
  onResult?: (r: EvalResult) => void;
}

interface Resolved {
  engine: QueryEngineLike;
  syntax: PromQLSyntax;
  filter: RegExp | undefined;
  onResult: ((r: EvalResult) => void) | undefined;
}

function resolve(opts: RunOptions): Resolved {
  return {
    engine: opts.engine ?? new Engine({ ...TEST_ENGINE_OPTIONS }),
    syntax: opts.syntax ?? { parseExpr, exprToString },
    filter: opts.filter,
    onResult: opts.onResult,
  };
}

// ---------------------------------------------------------------------------
// AST helpers.

function children(e: Expr): Expr[] {
  switch (e.type) {
    case 'NumberLiteral': case 'StringLiteral': case 'VectorSelector': return [];
    case 'MatrixSelector': return [e.vectorSelector];
    case 'SubqueryExpr': case 'ParenExpr': case 'UnaryExpr': case 'StepInvariantExpr': return [e.expr];
    case 'BinaryExpr': return [e.lhs, e.rhs];
    case 'AggregateExpr': return e.param ? [e.expr, e.param] : [e.expr];
    case 'Call': return e.args;
  }
}

/** Pre-order walk with the ancestors of each node, as parser.Inspect. */
function inspect(e: Expr, f: (node: Expr, path: readonly Expr[]) => void, path: Expr[] = []): void {
  f(e, path);
  path.push(e);
  for (const c of children(e)) inspect(c, f, path);
  path.pop();
}

function selectors(e: Expr): VectorSelector[] {
  const out: VectorSelector[] = [];
  inspect(e, (n) => {
    if (n.type === 'VectorSelector') out.push(n);
  });
  return out;
}

/** Functions whose value depends on the evaluation time even with step-invariant arguments (promql.AtModifierUnsafeFunctions). */
const AT_MODIFIER_UNSAFE = new Set([
  'days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'end', 'hour', 'minute', 'month', 'year',
  'predict_linear', 'range', 'start', 'step', 'time', 'timestamp',
]);

/** Query context functions that resolve differently in a range query. */
const QUERY_CONTEXT_FUNCS = /(start|end|range|step)\(\)/;

interface InstantCase {
  expr: string;
  t: number;
}

/**
 * test.go's atModifierTestCases: `@ t` on every selector and subquery not
 * already pinned (nothing inside a pinned subquery changes), evaluated at
 * other times; none when an at-modifier-unsafe function is called.
 */
export function atModifierCases(syntax: PromQLSyntax, query: string, t: number): InstantCase[] {
  const expr = syntax.parseExpr(query);
  let unsafe = false;
  const pinned = (n: Expr) => n.type === 'SubqueryExpr' && n.at !== null && n.at.kind === 'timestamp';
  inspect(expr, (n, path) => {
    if (path.some(pinned)) return;
    switch (n.type) {
      case 'VectorSelector':
        // Also when `@ start()`/`@ end()` is set: Prometheus sets the timestamp, which then wins.
        if (n.at === null || n.at.kind !== 'timestamp') n.at = { kind: 'timestamp', ms: t };
        break;
      case 'MatrixSelector':
        if (n.vectorSelector.at === null || n.vectorSelector.at.kind !== 'timestamp') n.vectorSelector.at = { kind: 'timestamp', ms: t };
        break;
      case 'SubqueryExpr': {
        const sq: SubqueryExpr = n;
        if (sq.at === null || sq.at.kind !== 'timestamp') sq.at = { kind: 'timestamp', ms: t };
        break;
      }
      case 'Call':
        if (AT_MODIFIER_UNSAFE.has(n.func.name)) unsafe = true;
        break;
      default:
        break;
    }
  });
  if (unsafe) return [];
  const printed = syntax.exprToString(expr);
  const times = t === 0 ? [-1000, 0, 1000] : [-10 * t, 0, Math.trunc(t / 5), t, 10 * t];
  return times.map((et) => ({ expr: printed, t: et }));
}

// ---------------------------------------------------------------------------
// The test environment: storage plus what it knows about native histograms.

class TestStorage {
  head = new Head();
  readonly querier: Querier;
  /** Series that hold native histograms (not stored). */
  histogramSeries: Labels[] = [];

  constructor() {
    this.querier = sourcesQuerier(() => [this.head]);
  }

  clear(): void {
    this.head = new Head();
    this.histogramSeries = [];
  }

  /** Appends a load; on an append error nothing of it is stored (test.go rolls back). */
  load(cmd: LoadCmd): string | null {
    const app = this.head.appender();
    const hist: Labels[] = [];
    try {
      for (const s of cmd.series) {
        if (s.values.some((v) => v.histogram)) {
          hist.push(s.labels);
          continue;
        }
        for (let i = 0; i < s.values.length; i++) {
          const v = s.values[i]!;
          if (v.omitted) continue;
          app.add(s.labels, i * cmd.interval, v.stale ? staleNaN : v.value);
        }
      }
    } catch (e) {
      app.rollback();
      return `load (line ${cmd.line}): ${(e as Error).message}`;
    }
    app.commit();
    this.histogramSeries.push(...hist);
    if (cmd.withNHCB) this.histogramSeries.push(...nhcbSeries(cmd));
    return null;
  }

  /** Whether a selector would select a series that holds native histograms. */
  selectsHistograms(vs: VectorSelector): boolean {
    return this.histogramSeries.some((ls) => vs.matchers.every((m) => m.matches(getLabel(ls, m.name))));
  }
}

/** The native-histogram-with-custom-buckets series load_with_nhcb derives (convertnhcb.GetHistogramMetricBase). */
function nhcbSeries(cmd: LoadCmd): Labels[] {
  const out: Labels[] = [];
  for (const s of cmd.series) {
    const name = getLabel(s.labels, METRIC_NAME);
    const m = /^(.*)_(bucket|sum|count)$/.exec(name);
    if (!m) continue;
    if (m[2] === 'bucket' && !validLe(getLabel(s.labels, 'le'))) continue;
    out.push(s.labels.filter((l) => l.name !== 'le').map((l) => (l.name === METRIC_NAME ? { name: METRIC_NAME, value: m[1]! } : l)));
  }
  return out;
}

/** A bucket bound Go's ParseFloat reads as a number other than NaN ("+Inf" included). */
function validLe(le: string): boolean {
  try {
    return !Number.isNaN(parseGoFloat(le));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Evaluation.

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs a query; a PromQLError comes back as `{ error }`. Anything else is a
 * bug in the engine and must not satisfy an `expect fail`, so it is rethrown.
 */
async function attempt(run: () => Promise<QueryResult>): Promise<{ res: QueryResult } | { error: string }> {
  try {
    return { res: await run() };
  } catch (e) {
    if (e instanceof PromQLError) return { error: e.message };
    throw e;
  }
}

async function runInstantCase(env: Resolved, store: TestStorage, ev: EvalCmd, iq: InstantCase): Promise<string | null> {
  const r = await attempt(() => env.engine.instantQuery(store.querier, iq.expr, iq.t));
  const at = `${JSON.stringify(iq.expr)} at ${iq.t}ms`;
  if ('error' in r) {
    if (isFail(ev)) return checkExpectedFailure(ev, r.error);
    return `error evaluating query ${at} (line ${ev.line}): ${r.error}`;
  }
  if (isFail(ev)) return `expected error evaluating query ${at} (line ${ev.line}) but got none`;
  const anno = checkAnnotations(ev, iq.expr, r.res.warnings, r.res.infos);
  if (anno) return anno;
  const cmp = compareResult(ev, r.res.value);
  if (cmp) return `error in eval ${at} (line ${ev.line}): ${cmp}`;

  if (ev.excludeFromRangeQuery || QUERY_CONTEXT_FUNCS.test(iq.expr)) return null;
  // The same query as a range query around t must give the same answer at t.
  const rr = await attempt(() => env.engine.rangeQuery(store.querier, iq.expr, iq.t - 60_000, iq.t + 60_000, 60_000));
  if ('error' in rr) return `error evaluating query ${at} (line ${ev.line}) in range mode: ${rr.error}`;
  if (isOrdered(ev)) return null; // range results are always sorted by labels
  const m = rr.res.value;
  if (m.type !== 'matrix') return `range query ${at} (line ${ev.line}) returned a ${m.type}, not a matrix`;
  const unsorted = assertMatrixSorted(m.series);
  if (unsorted) return unsorted;
  const samples: Sample[] = [];
  for (const s of m.series) {
    for (let i = 0; i < s.ts.length; i++) {
      if (s.ts[i] === iq.t) {
        samples.push({ labels: s.labels, t: iq.t, v: s.vs[i]! });
        break;
      }
    }
  }
  let asInstant: QueryValue;
  if (r.res.value.type === 'scalar') {
    if (samples.length === 0) return `error in eval ${at} (line ${ev.line}) range mode: no point at ${iq.t} for a scalar`;
    asInstant = { type: 'scalar', t: iq.t, v: samples[0]!.v };
  } else asInstant = { type: 'vector', samples };
  const cmp2 = compareResult(ev, asInstant);
  return cmp2 ? `error in eval ${at} (line ${ev.line}) range mode: ${cmp2}` : null;
}

async function runRange(env: Resolved, store: TestStorage, ev: EvalCmd): Promise<string | null> {
  const r = await attempt(() => env.engine.rangeQuery(store.querier, ev.expr, ev.start, ev.end, ev.step));
  if ('error' in r) {
    if (isFail(ev)) return checkExpectedFailure(ev, r.error);
    return `error evaluating query ${JSON.stringify(ev.expr)} (line ${ev.line}): ${r.error}`;
  }
  if (isFail(ev)) return `expected error evaluating query ${JSON.stringify(ev.expr)} (line ${ev.line}) but got none`;
  const anno = checkAnnotations(ev, ev.expr, r.res.warnings, r.res.infos);
  if (anno) return anno;
  const cmp = compareResult(ev, r.res.value);
  return cmp ? `error in eval ${ev.expr} (line ${ev.line}): ${cmp}` : null;
}

/** Identifiers and quoted strings of a query that does not parse, for the native-histogram check. */
function mentionsName(query: string, names: Set<string>): boolean {
  for (const m of query.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`|([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) {
    const tok = m[1] ?? m[2] ?? m[3] ?? m[4]!;
    if (names.has(tok)) return true;
  }
  return false;
}

async function runEval(env: Resolved, store: TestStorage, ev: EvalCmd): Promise<{ status: EvalStatus; message?: string }> {
  if (ev.expectsHistogram) return { status: 'skipped', message: 'expects native histogram values' };
  let ast: Expr | null = null;
  let parseError: string | null = null;
  try {
    ast = env.syntax.parseExpr(ev.expr);
  } catch (e) {
    if (!(e instanceof PromQLError)) throw e;
    parseError = errorText(e);
  }
  if (ast) {
    const hit = selectors(ast).find((vs) => store.selectsHistograms(vs));
    if (hit) return { status: 'skipped', message: `selects native histograms: ${labelsToString(store.histogramSeries.find((ls) => hit.matchers.every((m) => m.matches(getLabel(ls, m.name))))!)}` };
  } else {
    const names = new Set(store.histogramSeries.map((ls) => getLabel(ls, METRIC_NAME)));
    if (mentionsName(ev.expr, names)) return { status: 'skipped', message: 'mentions a native histogram series (query does not parse)' };
  }
  // Prometheus rejects the whole script when an eval's query does not parse, expected failure or not.
  if (parseError !== null) return { status: 'failed', message: `parse error in query ${JSON.stringify(ev.expr)} (line ${ev.line}): ${parseError}` };

  let err: string | null;
  if (ev.isRange) err = await runRange(env, store, ev);
  else {
    const cases: InstantCase[] = [{ expr: ev.expr, t: ev.evalTime }];
    try {
      cases.push(...atModifierCases(env.syntax, ev.expr, ev.evalTime));
    } catch (e) {
      if (!(e instanceof PromQLError)) throw e;
      return { status: 'failed', message: errorText(e) };
    }
    err = null;
    for (const c of cases) {
      err = await runInstantCase(env, store, ev, c);
      if (err) break;
    }
  }
  return err ? { status: 'failed', message: err } : { status: 'passed' };
}

/** Runs one script's text. `file` names it in results. */
export async function runScript(text: string, file: string, opts: RunOptions = {}): Promise<RunSummary> {
  const env = resolve(opts);
  return runParsed(env, text, file);
}

async function runParsed(env: Resolved, text: string, file: string): Promise<RunSummary> {
  const summary: RunSummary = { passed: 0, failed: 0, skipped: 0, results: [] };
  const record = (r: EvalResult) => {
    summary[r.status]++;
    summary.results.push(r);
    env.onResult?.(r);
  };
  const store = new TestStorage();
  for (const cmd of parseScript(text)) {
    switch (cmd.kind) {
      case 'clear':
        store.clear();
        break;
      case 'error':
        record({ file, line: cmd.line, query: 'script', status: 'failed', message: cmd.message });
        break;
      case 'load': {
        const err = store.load(cmd);
        if (err) record({ file, line: cmd.line, query: 'load', status: 'failed', message: err });
        break;
      }
      case 'eval': {
        if (env.filter && !env.filter.test(cmd.expr) && !env.filter.test(`${file}:${cmd.line}`)) break;
        let out: { status: EvalStatus; message?: string };
        try {
          out = await runEval(env, store, cmd);
        } catch (e) {
          out = { status: 'failed', message: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
        }
        record({ file, line: cmd.line, query: cmd.expr, ...out });
        break;
      }
    }
  }
  return summary;
}

/** Runs script files one after another and adds up their results. */
export async function runFiles(files: readonly string[], opts: RunOptions = {}): Promise<RunSummary> {
  const env = resolve(opts);
  const total: RunSummary = { passed: 0, failed: 0, skipped: 0, results: [] };
  for (const f of files) {
    const s = await runParsed(env, readFileSync(f, 'utf8'), f);
    total.passed += s.passed;
    total.failed += s.failed;
    total.skipped += s.skipped;
    total.results.push(...s.results);
  }
  return total;
}

/** The closing line of a run, exactly `N passed, N failed, N skipped`. */
export function summaryLine(s: Pick<RunSummary, 'passed' | 'failed' | 'skipped'>): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}
