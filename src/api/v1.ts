// The Prometheus HTTP API (/api/v1/...), mirroring web/api/v1/api.go: the
// same parameters (GET query strings and form-encoded POST bodies), the same
// checks in the same order with the same error texts, the same JSON, error
// types and status codes. It sees storage only through a Querier and PromQL
// only through an engine and a parser, so the core and the querier share it.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Expr } from '../promql/ast.js';
import type { Querier } from '../promql/storage.js';
import { PromQLError, ERROR_STATUS, type QueryResult, type QueryValue } from '../promql/value.js';
import type { Matcher } from '../model/matchers.js';
import { compareLabels, compareUtf8, goQuote, type Labels } from '../model/labels.js';
import { silentLogger, type Logger } from '../util/log.js';
import { QueryGate } from './gate.js';
import { envelopeJSON, envelopeParts, goJSON, goJSONFloat, goTimeJSON, jsonString, JSONWriter, RawJSON, stringsJSON, writeQueryValue, type ApiSuccess } from './json.js';
import {
  ApiError, Form, invalidParam, MAX_TIME_MS, MIN_TIME_MS, goAtoi, isValidLabelName, parseDurationNs, parseLimitParam, parseTime, unescapeName, urlQueryValue,
} from './params.js';
import { tsdbStatusJSON, type TSDBStatus } from './tsdbstatus.js';

const gzipAsync = promisify(gzip);

/** What the API needs of the PromQL engine (src/promql/engine's Engine satisfies it). */
export interface QueryEngine {
  instantQuery(q: Querier, query: string, timeMs: number, opts?: EngineQueryOptions): Promise<QueryResult>;
  rangeQuery(q: Querier, query: string, startMs: number, endMs: number, stepMs: number, opts?: EngineQueryOptions): Promise<QueryResult>;
}

export interface EngineQueryOptions {
  /** ms; only set when the request asks for one. */
  lookbackDelta?: number;
  signal?: AbortSignal;
}

/** What the API needs of the PromQL parser (src/promql/parser's exports satisfy it). */
export interface PromQLParser {
  parseExpr(input: string): Expr;
  parseMetricSelector(input: string): Matcher[];
  prettify(e: Expr): string;
  astToJSON(e: Expr): unknown;
}

/** One metric family's metadata as a scrape target reported it. */
export interface MetricMetadata {
  metricFamily: string;
  type: string;
  help: string;
  unit: string;
}

/** Where /api/v1/metadata reads from; the scraper fills it (one entry per target and family). */
export interface MetadataSource {
  /** All entries, or only those of `metric` when given. */
  listMetadata(metric?: string): Iterable<MetricMetadata>;
}

/** api.go PrometheusVersion. */
export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

/** api.go RuntimeInfo; times are ms since the epoch. */
export interface RuntimeInfo {
  startTime: number;
  CWD: string;
  hostname: string;
  serverTime: number;
  reloadConfigSuccess: boolean;
  lastConfigTime: number;
  corruptionCount: number;
  goroutineCount: number;
  GOMAXPROCS: number;
  GOMEMLIMIT: number;
  GOGC: string;
  GODEBUG: string;
  storageRetention: string;
}

export interface ApiOptions {
  engine: QueryEngine;
  parser: PromQLParser;
  /** The storage view for one request (called per request: the DB may open after the server). */
  querier: () => Querier;
  /** false while starting (WAL replay) or stopping: every endpoint answers 503. */
  ready?: () => boolean;
  buildInfo: BuildInfo;
  flags: () => Record<string, string>;
  /** The effective configuration as YAML for /status/config. */
  configYAML: () => string;
  runtimeInfo: () => RuntimeInfo | Promise<RuntimeInfo>;
  /** Head cardinality for /status/tsdb; without it the endpoint is an internal error. */
  tsdbStatus?: (limit: number) => Promise<TSDBStatus>;
  metadata?: MetadataSource;
  /** --query.max-concurrency (default 20). */
  maxConcurrency?: number;
  /** --web.cors.origin as an anchored regex; default any origin. */
  corsOrigin?: RegExp;
  now?: () => number;
  logger?: Logger;
}

const RESULTS_TRUNCATED = 'results truncated due to limit';
const FORM_BODY_LIMIT = 10 << 20; // Go's ParseForm reads at most 10 MB of a POST body

interface Ctx {
  form: Form;
  url: string;
  req: FastifyRequest;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  params: Record<string, string>;
}

type Endpoint = (ctx: Ctx) => Promise<ApiSuccess>;

/** Registers /api/v1/* on `app` (call before listen, e.g. from startOpsServer's configure). */
export async function registerApiV1(app: FastifyInstance, opts: ApiOptions): Promise<void> {
  await app.register(async (api) => apiPlugin(api, opts), { prefix: '/api/v1' });
}

async function apiPlugin(api: FastifyInstance, o: ApiOptions): Promise<void> {
  const log = o.logger ?? silentLogger;
  const now = o.now ?? Date.now;
  const gate = new QueryGate(o.maxConcurrency ?? 20);
  const cors = o.corsOrigin ?? /^(?:.*)$/;
  const corsAny = cors.source === '^(?:.*)$';

  // Form bodies are read as text and parsed with Go's rules; other bodies (JSON included) are ignored, as r.FormValue ignores them.
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => done(null, body));
  api.addContentTypeParser('*', { bodyLimit: FORM_BODY_LIMIT }, (_req, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, undefined));
    payload.on('error', (e) => done(e, undefined));
  });

  // Unknown API paths: Go's plain-text 404 (Grafana's alerting probe looks for "page not found").
  api.setNotFoundHandler((req, reply) => {
    setCORS(req, reply);
    void reply.code(404).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send('404 page not found\n');
  });

  function setCORS(req: FastifyRequest, reply: FastifyReply): void {
    const origin = req.headers.origin;
    if (!origin) return;
    reply.header('Access-Control-Allow-Headers', 'Accept, Authorization, Content-Type, Origin');
    reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    reply.header('Access-Control-Expose-Headers', 'Date');
    reply.header('Vary', 'Origin');
    if (corsAny) reply.header('Access-Control-Allow-Origin', '*');
    else if (cors.test(origin)) reply.header('Access-Control-Allow-Origin', origin);
  }

  async function send(req: FastifyRequest, reply: FastifyReply, code: number, body: string | Buffer): Promise<FastifyReply> {
    reply.code(code).header('Content-Type', 'application/json');
    // A Buffer, so fastify leaves the content type exactly "application/json" as Prometheus sends it.
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const ae = req.headers['accept-encoding'];
    if (bytes.length > 1024 && typeof ae === 'string' && /\bgzip\b/.test(ae)) {
      reply.header('Content-Encoding', 'gzip').header('Vary', 'Accept-Encoding');
      // Level 1: most of the size win for JSON at a fraction of the CPU.
      return reply.send(await gzipAsync(bytes, { level: 1 }));
    }
    return reply.send(bytes);
  }

  function wrap(fn: Endpoint) {
    return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      setCORS(req, reply);
      if (o.ready && !o.ready()) {
        return reply.code(503).type('text/plain; charset=utf-8').send('Service Unavailable');
      }
      const url = req.raw.url ?? req.url;
      const form = Form.fromRequest(url, typeof req.body === 'string' ? req.body : undefined);
      const ac = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) ac.abort(new DOMException('the client closed the connection', 'AbortError'));
      };
      reply.raw.once('close', onClose);
      try {
        const res = await fn({ form, url, req, signal: ac.signal, params: (req.params ?? {}) as Record<string, string> });
        if (res.data === null) return reply.code(204).send();
        const { warnings, infos } = limitAnnotations(res.warnings ?? [], res.infos ?? []);
        if (typeof res.data === 'string') return await send(req, reply, 200, envelopeJSON({ status: 'success', data: res.data, warnings, infos }));
        const [head, tail] = envelopeParts({ status: 'success', data: res.data, warnings, infos });
        return await send(req, reply, 200, Buffer.concat([Buffer.from(head), res.data, Buffer.from(tail)]));
      } catch (e) {
        const ae = toApiError(e, log);
        return await send(req, reply, ERROR_STATUS[ae.errorType] ?? 500, envelopeJSON({ status: 'error', errorType: ae.errorType, error: ae.message }));
      } finally {
        reply.raw.off('close', onClose);
      }
    };
  }

  const methodNotAllowed = async (req: FastifyRequest, reply: FastifyReply) => {
    setCORS(req, reply);
    return reply.code(405).type('text/plain; charset=utf-8').header('Allow', 'GET, OPTIONS').send('Method Not Allowed\n');
  };
  const getOnly = (path: string, fn: Endpoint) => {
    api.get(path, wrap(fn));
    api.route({ method: ['POST', 'PUT', 'DELETE', 'PATCH'], url: path, handler: methodNotAllowed });
  };
  const getPost = (path: string, fn: Endpoint) => {
    api.get(path, wrap(fn));
    api.post(path, wrap(fn));
  };

  // CORS preflight for every API path.
  api.options('/*', async (req, reply) => {
    setCORS(req, reply);
    return reply.code(204).send();
  });

  // --- queries ---------------------------------------------------------------

  /** Runs one engine call behind the concurrency gate with the request's timeout and cancellation. */
  async function runQuery(ctx: Ctx, timeoutNs: number | undefined, lookbackDelta: number | undefined, call: (q: Querier, opts: EngineQueryOptions) => Promise<QueryResult>) {
    const signals = [ctx.signal];
    let timeoutSignal: AbortSignal | undefined;
    if (timeoutNs !== undefined) {
      timeoutSignal = AbortSignal.timeout(Math.max(0, Math.floor(timeoutNs / 1e6)));
      signals.push(timeoutSignal);
    }
    const signal = signals.length === 1 ? ctx.signal : AbortSignal.any(signals);
    const queued = performance.now();
    let release: () => void;
    try {
      release = await gate.acquire(signal);
    } catch (e) {
      // Prometheus queues inside NewInstantQuery/NewRangeQuery, whose errors the
      // API reports as a bad "query" parameter: so does a queue timeout.
      throw invalidParam('query', isTimeout(e) ? 'query timed out in query queue' : 'query was canceled in query queue');
    }
    const started = performance.now();
    const q = o.querier();
    try {
      const opts: EngineQueryOptions = { signal };
      if (lookbackDelta !== undefined) opts.lookbackDelta = lookbackDelta;
      const res = await call(q, opts);
      const storageWarnings = q.warnings?.() ?? [];
      return { res, storageWarnings, queueSec: (started - queued) / 1000, execSec: (performance.now() - started) / 1000 };
    } catch (e) {
      throw engineError(e, timeoutSignal, log);
    } finally {
      release();
    }
  }

  function queryOpts(form: Form): { timeoutNs: number | undefined; lookbackDelta: number | undefined } {
    let timeoutNs: number | undefined;
    const to = form.get('timeout');
    if (to !== '') {
      try {
        timeoutNs = parseDurationNs(to);
      } catch (e) {
        throw invalidParam('timeout', e as Error);
      }
    }
    let lookbackDelta: number | undefined;
    const lb = form.get('lookback_delta');
    if (lb !== '') {
      let ns: number;
      try {
        ns = parseDurationNs(lb);
      } catch (e) {
        throw new ApiError('bad_data', `error parsing lookback delta duration: ${(e as Error).message}`);
      }
      // Zero or negative means the engine's default.
      if (ns > 0) lookbackDelta = Math.trunc(ns / 1e6);
    }
    return { timeoutNs, lookbackDelta };
  }

  function queryData(form: Form, limit: number, run: Awaited<ReturnType<typeof runQuery>>): ApiSuccess {
    const { res } = run;
    const warnings = [...res.warnings, ...run.storageWarnings];
    let value: QueryValue = res.value;
    if (limit > 0) {
      if (value.type === 'vector' && value.samples.length > limit) {
        value = { type: 'vector', samples: value.samples.slice(0, limit) };
        warnings.push(RESULTS_TRUNCATED);
      } else if (value.type === 'matrix' && value.series.length > limit) {
        value = { type: 'matrix', series: value.series.slice(0, limit) };
        warnings.push(RESULTS_TRUNCATED);
      }
    }
    const stats = form.get('stats');
    const sw = statsParamWarning(stats);
    if (sw) warnings.push(sw);
    const w = new JSONWriter();
    w.ascii('{"resultType":"' + value.type + '","result":');
    writeQueryValue(w, value);
    if (stats !== '') w.ascii(',"stats":' + statsJSON(run.queueSec, run.execSec, res.samplesLoaded ?? 0));
    w.ascii('}');
    return { data: w.finish(), warnings, infos: res.infos };
  }

  async function query(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    const limit = limitParam(f);
    const ts = timeParam(f, 'time', now());
    const { timeoutNs, lookbackDelta } = queryOpts(f);
    const run = await runQuery(ctx, timeoutNs, lookbackDelta, (q, opts) => o.engine.instantQuery(q, f.get('query'), ts, opts));
    return queryData(f, limit, run);
  }

  async function queryRange(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    const limit = limitParam(f);
    const start = requiredTime(f, 'start');
    const end = requiredTime(f, 'end');
    if (end < start) throw invalidParam('end', 'end timestamp must not be before start time');
    let stepNs: number;
    try {
      stepNs = parseDurationNs(f.get('step'));
    } catch (e) {
      throw invalidParam('step', e as Error);
    }
    if (stepNs <= 0) throw invalidParam('step', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    // For safety, at most 11,000 points per series (Duration division truncates).
    if (Math.trunc(((end - start) * 1e6) / stepNs) > 11000) {
      throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    const { timeoutNs, lookbackDelta } = queryOpts(f);
    // The engine steps in whole ms, as Prometheus's durationMilliseconds truncates.
    const stepMs = Math.max(1, Math.trunc(stepNs / 1e6));
    const run = await runQuery(ctx, timeoutNs, lookbackDelta, (q, opts) => o.engine.rangeQuery(q, f.get('query'), start, end, stepMs, opts));
    return queryData(f, limit, run);
  }

  async function queryExemplars(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    const start = timeParam(f, 'start', MIN_TIME_MS);
    const end = timeParam(f, 'end', MAX_TIME_MS);
    if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
    let expr: Expr;
    try {
      expr = o.parser.parseExpr(f.get('query'));
    } catch (e) {
      throw new ApiError('bad_data', (e as Error).message);
    }
    // No selectors: nothing to look up, 204 No Content as Prometheus answers.
    if (!hasSelector(expr)) return { data: null };
    // No exemplar storage yet: every selector has none.
    return { data: '[]' };
  }

  async function formatQuery(ctx: Ctx): Promise<ApiSuccess> {
    const expr = parseQueryParam(ctx.form);
    return { data: jsonString(o.parser.prettify(expr)) };
  }

  async function parseQuery(ctx: Ctx): Promise<ApiSuccess> {
    const expr = parseQueryParam(ctx.form);
    return { data: goJSON(o.parser.astToJSON(expr)) };
  }

  function parseQueryParam(f: Form): Expr {
    try {
      return o.parser.parseExpr(f.get('query'));
    } catch (e) {
      throw invalidParam('query', e as Error);
    }
  }

  // --- series, labels, metadata ----------------------------------------------

  function parseMatchers(values: string[]): Matcher[][] {
    const sets = values.map((v) => o.parser.parseMetricSelector(v));
    for (const ms of sets) {
      if (!ms.some((m) => !m.matches(''))) throw new Error('match[] must contain at least one non-empty matcher');
    }
    return sets;
  }

  async function series(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    if (f.parseError) throw new ApiError('bad_data', `error parsing form values: ${f.parseError}`);
    const matches = f.all('match[]');
    if (matches.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
    const limit = limitParam(f);
    const start = timeParam(f, 'start', MIN_TIME_MS);
    const end = timeParam(f, 'end', MAX_TIME_MS);
    let sets: Matcher[][];
    try {
      sets = parseMatchers(matches);
    } catch (e) {
      throw invalidParam('match[]', e as Error);
    }
    const q = o.querier();
    const lists: Labels[][] = [];
    for (const ms of sets) {
      const got = await storageCall(() => q.select(ms, { start, end, func: 'series' }, ctx.signal));
      lists.push(got.map((s) => s.labels));
    }
    let all = lists.length === 1 ? lists[0]! : mergeLabelSets(lists);
    const warnings = [...(q.warnings?.() ?? [])];
    if (limit > 0 && all.length > limit) {
      all = all.slice(0, limit);
      warnings.push(RESULTS_TRUNCATED);
    }
    const w = new JSONWriter();
    w.ascii('[');
    for (let i = 0; i < all.length; i++) {
      if (i > 0) w.ascii(',');
      w.labels(all[i]!);
    }
    w.ascii(']');
    return { data: w.finish(), warnings };
  }

  async function labelNames(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    const limit = limitParam(f);
    const start = timeParam(f, 'start', MIN_TIME_MS);
    const end = timeParam(f, 'end', MAX_TIME_MS);
    let sets: Matcher[][];
    try {
      sets = parseMatchers(f.all('match[]'));
    } catch (e) {
      throw new ApiError('bad_data', (e as Error).message);
    }
    const q = o.querier();
    let names: string[];
    if (sets.length > 1) {
      const set = new Set<string>();
      for (const ms of sets) for (const n of await storageCall(() => q.labelNames(ms, start, end))) set.add(n);
      names = [...set].sort(compareUtf8);
    } else {
      names = await storageCall(() => q.labelNames(sets[0] ?? [], start, end));
    }
    const warnings = [...(q.warnings?.() ?? [])];
    if (limit > 0 && names.length > limit) {
      names = names.slice(0, limit);
      warnings.push(RESULTS_TRUNCATED);
    }
    return { data: stringsJSON(names), warnings };
  }

  async function labelValues(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    let name = ctx.params.name!;
    if (name.startsWith('U__')) name = unescapeName(name);
    if (!isValidLabelName(name)) throw new ApiError('bad_data', `invalid label name: ${goQuote(name)}`);
    const limit = limitParam(f);
    const start = timeParam(f, 'start', MIN_TIME_MS);
    const end = timeParam(f, 'end', MAX_TIME_MS);
    let sets: Matcher[][];
    try {
      sets = parseMatchers(f.all('match[]'));
    } catch (e) {
      throw new ApiError('bad_data', (e as Error).message);
    }
    const q = o.querier();
    const set = new Set<string>();
    if (sets.length === 0) sets = [[]];
    for (const ms of sets) for (const v of await storageCall(() => q.labelValues(name, ms, start, end))) set.add(v);
    let vals = [...set].sort(compareUtf8);
    const warnings = [...(q.warnings?.() ?? [])];
    if (limit > 0 && vals.length > limit) {
      vals = vals.slice(0, limit);
      warnings.push(RESULTS_TRUNCATED);
    }
    return { data: stringsJSON(vals), warnings };
  }

  async function metadata(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    let limit = -1;
    if (f.get('limit') !== '') {
      try {
        limit = goAtoi(f.get('limit'));
      } catch {
        throw new ApiError('bad_data', 'limit must be a number');
      }
    }
    let limitPerMetric = -1;
    if (f.get('limit_per_metric') !== '') {
      try {
        limitPerMetric = goAtoi(f.get('limit_per_metric'));
      } catch {
        throw new ApiError('bad_data', 'limit_per_metric must be a number');
      }
    }
    const metric = f.get('metric');
    const byFamily = new Map<string, Map<string, { type: string; help: string; unit: string }>>();
    for (const md of o.metadata?.listMetadata(metric === '' ? undefined : metric) ?? []) {
      let ms = byFamily.get(md.metricFamily);
      if (ms && limitPerMetric > 0 && ms.size >= limitPerMetric) continue;
      if (!ms) byFamily.set(md.metricFamily, (ms = new Map()));
      ms.set(md.type + '\xff' + md.help + '\xff' + md.unit, { type: md.type, help: md.help, unit: md.unit });
    }
    const names = [...byFamily.keys()].sort(compareUtf8);
    const res: Record<string, RawJSON> = {};
    for (const name of names) {
      // limit counts families; 0 means none (api.go checks limit >= 0).
      if (limit >= 0 && Object.keys(res).length >= limit) break;
      res[name] = new RawJSON(goJSON([...byFamily.get(name)!.values()].map((m) => new RawJSON(goJSON(m, true)))));
    }
    return { data: goJSON(res) };
  }

  // --- rules and alerts (no rule manager yet: always empty) --------------------

  async function rules(ctx: Ctx): Promise<ApiSuccess> {
    const f = ctx.form;
    if (f.parseError) throw new ApiError('bad_data', `error parsing form values: ${f.parseError}`);
    try {
      parseMatchers(f.all('match[]'));
    } catch (e) {
      throw new ApiError('bad_data', (e as Error).message);
    }
    const typ = urlQueryValue(ctx.url, 'type').toLowerCase();
    if (typ !== '' && typ !== 'alert' && typ !== 'record') throw invalidParam('type', `not supported value ${goQuote(typ)}`);
    const ex = urlQueryValue(ctx.url, 'exclude_alerts').toLowerCase();
    if (ex !== '' && !['1', 't', 'true', '0', 'f', 'false'].includes(ex)) {
      throw invalidParam('exclude_alerts', `error converting exclude_alerts: strconv.ParseBool: parsing ${goQuote(ex)}: invalid syntax`);
    }
    const maxGroups = urlQueryValue(ctx.url, 'group_limit');
    const nextToken = urlQueryValue(ctx.url, 'group_next_token');
    if (nextToken !== '' && maxGroups === '') throw invalidParam('group_next_token', 'group_limit needs to be present in order to paginate over the groups');
    if (maxGroups !== '') {
      let n: number;
      try {
        n = goAtoi(maxGroups.replace(/^\+/, ''));
        if (n > 2147483647 || n < -2147483648) throw new Error(`strconv.ParseInt: parsing ${goQuote(maxGroups)}: value out of range`);
      } catch (e) {
        const msg = (e as Error).message.replace('strconv.Atoi', 'strconv.ParseInt');
        throw invalidParam('group_limit', `group_limit needs to be a valid number: ${msg}`);
      }
      if (n <= 0) throw invalidParam('group_limit', 'group_limit needs to be greater than 0');
      if (nextToken !== '') throw invalidParam('group_next_token', `invalid group_next_token '${nextToken}'. were rule groups changed?`);
    }
    return { data: '{"groups":[]}' };
  }

  // --- status ------------------------------------------------------------------

  async function buildInfo(): Promise<ApiSuccess> {
    const b = o.buildInfo;
    return { data: goJSON({ version: b.version, revision: b.revision, branch: b.branch, buildUser: b.buildUser, buildDate: b.buildDate, goVersion: b.goVersion }, true) };
  }

  async function runtimeInfo(): Promise<ApiSuccess> {
    const r = await o.runtimeInfo();
    return {
      data: goJSON(
        {
          startTime: new RawJSON(goTimeJSON(r.startTime)),
          CWD: r.CWD,
          hostname: r.hostname,
          serverTime: new RawJSON(goTimeJSON(r.serverTime)),
          reloadConfigSuccess: r.reloadConfigSuccess,
          lastConfigTime: new RawJSON(goTimeJSON(r.lastConfigTime)),
          corruptionCount: r.corruptionCount,
          goroutineCount: r.goroutineCount,
          GOMAXPROCS: r.GOMAXPROCS,
          GOMEMLIMIT: r.GOMEMLIMIT,
          GOGC: r.GOGC,
          GODEBUG: r.GODEBUG,
          storageRetention: r.storageRetention,
        },
        true,
      ),
    };
  }

  async function tsdbStatus(ctx: Ctx): Promise<ApiSuccess> {
    let limit = 10;
    const s = ctx.form.get('limit');
    if (s !== '') {
      let n: number;
      try {
        n = goAtoi(s);
      } catch {
        throw new ApiError('bad_data', 'limit must be a positive number');
      }
      if (n < 1) throw new ApiError('bad_data', 'limit must be a positive number');
      if (n > 10000) throw new ApiError('bad_data', 'limit must not exceed 10000');
      limit = n;
    }
    if (!o.tsdbStatus) throw new ApiError('internal', 'TSDB status is not available');
    return { data: tsdbStatusJSON(await o.tsdbStatus(limit)) };
  }

  // --- helpers -------------------------------------------------------------------

  function limitParam(f: Form): number {
    try {
      return parseLimitParam(f.get('limit'));
    } catch (e) {
      throw invalidParam('limit', e as Error);
    }
  }

  /** api.go parseTimeParam: default when absent; errors wrapped as "invalid time value for '<name>'". */
  function timeParam(f: Form, name: string, dflt: number): number {
    const v = f.get(name);
    if (v === '') return dflt;
    try {
      return parseTime(v);
    } catch (e) {
      throw invalidParam(name, `invalid time value for '${name}': ${(e as Error).message}`);
    }
  }

  /** query_range's start/end: required, parsed without the "invalid time value" wrapping. */
  function requiredTime(f: Form, name: string): number {
    try {
      return parseTime(f.get(name));
    } catch (e) {
      throw invalidParam(name, e as Error);
    }
  }

  getPost('/query', query);
  getPost('/query_range', queryRange);
  getPost('/query_exemplars', queryExemplars);
  getPost('/format_query', formatQuery);
  getPost('/parse_query', parseQuery);
  getPost('/labels', labelNames);
  getPost('/series', series);
  // Label names may be longer than a route parameter may be: match the rest of the path.
  api.get('/label/*', async (req, reply) => {
    const rest = (req.raw.url ?? req.url).split('?')[0]!.replace(/^.*?\/label\//, '');
    let decoded: string | null;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      decoded = null;
    }
    const m = decoded === null ? null : /^([^/]+)\/values$/.exec(decoded);
    if (!m) {
      setCORS(req, reply);
      return reply.code(404).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send('404 page not found\n');
    }
    (req as { params: unknown }).params = { name: m[1]! };
    return wrap(labelValues)(req, reply);
  });
  api.route({ method: ['POST', 'PUT', 'DELETE', 'PATCH'], url: '/label/*', handler: methodNotAllowed });
  getOnly('/metadata', metadata);
  getOnly('/rules', rules);
  getOnly('/alerts', async () => ({ data: '{"alerts":[]}' }));
  getOnly('/status/buildinfo', buildInfo);
  getOnly('/status/config', async () => ({ data: '{"yaml":' + jsonString(o.configYAML()) + '}' }));
  getOnly('/status/flags', async () => ({ data: goJSON(o.flags()) }));
  getOnly('/status/runtimeinfo', runtimeInfo);
  getOnly('/status/tsdb', tsdbStatus);
}

// ---------------------------------------------------------------------------

/** Merges label lists (each sorted) into one sorted list without duplicates (storage.NewMergeSeriesSet). */
function mergeLabelSets(lists: Labels[][]): Labels[] {
  const all = lists.flat().sort(compareLabels);
  const out: Labels[] = [];
  for (const ls of all) if (out.length === 0 || compareLabels(out[out.length - 1]!, ls) !== 0) out.push(ls);
  return out;
}

/** Whether an expression reads any series (parser.ExtractSelectors is non-empty). */
function hasSelector(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  if (Array.isArray(e)) return e.some(hasSelector);
  const node = e as { type?: unknown };
  if (node.type === 'VectorSelector') return true;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'pos' || k === 'func' || k === 'matchers') continue;
    if (typeof v === 'object' && v !== null && hasSelector(v)) return true;
  }
  return false;
}

function isTimeout(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'TimeoutError' : (e as { name?: string } | null)?.name === 'TimeoutError';
}

function isAbort(e: unknown): boolean {
  const n = (e as { name?: string } | null)?.name;
  return n === 'AbortError' || n === 'TimeoutError';
}

/** Storage errors in series/labels calls: Prometheus reports them as execution errors. */
async function storageCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(isAbort(e) ? 'canceled' : 'execution', (e as Error).message);
  }
}

/** An engine failure as the API reports it (api.go returnAPIError and invalidParamError for the query). */
function engineError(e: unknown, timeoutSignal: AbortSignal | undefined, log: Logger): ApiError {
  const timedOut = timeoutSignal?.aborted === true;
  if (e instanceof PromQLError) {
    // Parse and validation errors come from Prometheus's NewQuery: they name the parameter.
    if (e.errorType === 'bad_data') return invalidParam('query', e.message);
    if (e.errorType === 'canceled' && timedOut) return new ApiError('timeout', 'query timed out in query execution');
    return new ApiError(e.errorType, e.message);
  }
  if (isAbort(e)) {
    return timedOut || isTimeout(e) ? new ApiError('timeout', 'query timed out in query execution') : new ApiError('canceled', 'query was canceled in query execution');
  }
  log.error({ err: (e as Error)?.stack ?? String(e) }, 'query failed unexpectedly');
  return new ApiError('internal', (e as Error)?.message ?? String(e));
}

function toApiError(e: unknown, log: Logger): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof PromQLError) return new ApiError(e.errorType, e.message);
  log.error({ err: (e as Error)?.stack ?? String(e) }, 'API request failed unexpectedly');
  return new ApiError('internal', (e as Error)?.message ?? String(e));
}

/** annotations.AsStrings(query, 10, 10): duplicates dropped, at most 10 of each, then a count of the rest. */
function limitAnnotations(warnings: readonly string[], infos: readonly string[]): { warnings: string[]; infos: string[] } {
  const cap = (list: readonly string[], what: string) => {
    const uniq = [...new Set(list)];
    if (uniq.length <= 10) return uniq;
    return [...uniq.slice(0, 10), `${uniq.length - 10} more ${what} annotations omitted`];
  };
  return { warnings: cap(warnings, 'warning'), infos: cap(infos, 'info') };
}

/** api.go statsParamWarning: values other than "", "true" and "all" are deprecated. */
function statsParamWarning(s: string): string | null {
  if (s === '' || s === 'true' || s === 'all') return null;
  return `value ${goQuote(s)} for parameter "stats" is deprecated and will be rejected in the next major release, use "true" or "all"`;
}

/** stats.NewQueryStats as JSON. We time the queue and the whole evaluation; finer timers are 0. */
function statsJSON(queueSec: number, execSec: number, samples: number): string {
  return (
    '{"timings":{"evalTotalTime":' + goJSONFloat(execSec) +
    ',"resultSortTime":0,"queryPreparationTime":0,"innerEvalTime":' + goJSONFloat(execSec) +
    ',"execQueueTime":' + goJSONFloat(queueSec) +
    ',"execTotalTime":' + goJSONFloat(queueSec + execSec) +
    '},"samples":{"totalQueryableSamples":' + samples + ',"samplesRead":' + samples + ',"peakSamples":' + samples + '}}'
  );
}
