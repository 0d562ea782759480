// The HTTP API's own behaviour, with the PromQL engine replaced by a stub:
// error types and HTTP codes, the request timeout and cancellation, the
// concurrency gate, readiness, CORS, 404/405, limits and truncation
// warnings, annotation limits, stats, and every endpoint that does not
// evaluate PromQL (series, labels, label values, metadata, status, rules),
// over a real DB in a temp dir.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { labelsFrom } from '../../src/model/labels.js';
import { DB } from '../../src/tsdb/index.js';
import { dbQuerier } from '../../src/tsdb/querier.js';
import { PromQLError, type QueryResult } from '../../src/promql/value.js';
import { parseMetricSelector } from '../../src/promql/selector.js';
import type { Expr } from '../../src/promql/ast.js';
import type { Querier } from '../../src/promql/storage.js';
import { registerApiV1, headTSDBStatus, type ApiOptions, type QueryEngine, type EngineQueryOptions, type MetricMetadata } from '../../src/api/index.js';

let dir: string;
let db: DB;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyperion-api-stub-'));
  db = DB.open(dir);
  const app = db.appender();
  app.add(labelsFrom({ __name__: 'm', a: '1' }), 1000, 1);
  app.add(labelsFrom({ __name__: 'm', a: '2', Z: '<&>' }), 1000, 2);
  app.add(labelsFrom({ __name__: 'up', job: 'x' }), 1000, 1);
  app.add(labelsFrom({ __name__: 'up', job: 'y' }), 5000, 1);
  app.add(labelsFrom({ __name__: 'dotted', 'service.name': 'checkout' }), 1000, 1);
  app.commit();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A minimal parser: selectors through the selector parser; expressions are "selector" or "1+1". */
const stubParser: ApiOptions['parser'] = {
  parseExpr(input: string): Expr {
    if (input === '') throw new PromQLError('unknown position: parse error: no expression found in input', 'bad_data');
    if (input === '1+1') {
      return { type: 'BinaryExpr', op: '+', lhs: { type: 'NumberLiteral', val: 1, pos: { start: 0, end: 1 } }, rhs: { type: 'NumberLiteral', val: 1, pos: { start: 2, end: 3 } }, returnBool: false, matching: null, pos: { start: 0, end: 3 } };
    }
    return { type: 'VectorSelector', name: input, matchers: parseMetricSelector(input), offset: 0, at: null, pos: { start: 0, end: input.length } };
  },
  parseMetricSelector,
  prettify: () => 'x',
  astToJSON: () => ({}),
};

type Call = { kind: 'instant' | 'range'; query: string; args: number[]; opts?: EngineQueryOptions };

function stubEngine(impl: (c: Call) => Promise<QueryResult>): QueryEngine & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    instantQuery(_q: Querier, query: string, t: number, opts?: EngineQueryOptions) {
      const c: Call = { kind: 'instant', query, args: [t], opts };
      calls.push(c);
      return impl(c);
    },
    rangeQuery(_q: Querier, query: string, s: number, e: number, step: number, opts?: EngineQueryOptions) {
      const c: Call = { kind: 'range', query, args: [s, e, step], opts };
      calls.push(c);
      return impl(c);
    },
  };
}

const ok = (value: QueryResult['value'], extra: Partial<QueryResult> = {}): QueryResult => ({ value, warnings: [], infos: [], ...extra });

async function makeApp(over: Partial<ApiOptions> = {}): Promise<FastifyInstance> {
  const app = Fastify();
  await registerApiV1(app, {
    engine: stubEngine(async () => ok({ type: 'scalar', t: 0, v: 1 })),
    parser: stubParser,
    querier: () => dbQuerier(db),
    buildInfo: { version: '0.1.0', revision: 'abc', branch: 'main', buildUser: 'u', buildDate: 'd', goVersion: 'node20' },
    flags: () => ({ 'web.listen-address': '0.0.0.0:9090', 'config.file': 'p.yml', 'a.b': '<x>' }),
    configYAML: () => 'global:\n  scrape_interval: 1m\n',
    runtimeInfo: () => ({
      startTime: Date.UTC(2025, 0, 2, 3, 4, 5, 120), CWD: '/x', hostname: 'h', serverTime: Date.UTC(2025, 0, 2, 3, 4, 6), reloadConfigSuccess: true,
      lastConfigTime: Date.UTC(2025, 0, 2, 3, 4, 5), corruptionCount: 0, goroutineCount: 3, GOMAXPROCS: 2, GOMEMLIMIT: 100, GOGC: '', GODEBUG: '', storageRetention: '15d',
    }),
    tsdbStatus: (limit) => headTSDBStatus(db.head, limit),
    ...over,
  });
  await app.ready();
  return app;
}

async function get(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const r = await app.inject({ method: 'GET', url, headers });
  return { code: r.statusCode, body: r.body, headers: r.headers };
}

async function postForm(app: FastifyInstance, url: string, body: string) {
  const r = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
  return { code: r.statusCode, body: r.body, headers: r.headers };
}

describe('query endpoints (stub engine)', () => {
  it('passes parameters to the engine and maps its errors to types and codes', async () => {
    const cases: [PromQLError | Error, number, string][] = [
      [new PromQLError('1:5: parse error: unclosed left parenthesis', 'bad_data'), 400, '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:5: parse error: unclosed left parenthesis"}'],
      [new PromQLError('found duplicate series for the match group {a="1"} on the right hand-side of the operation: [{a="1"}, {a="1"}];many-to-many matching not allowed: matching labels must be unique on one side', 'execution'), 422,
        '{"status":"error","errorType":"execution","error":"found duplicate series for the match group {a=\\"1\\"} on the right hand-side of the operation: [{a=\\"1\\"}, {a=\\"1\\"}];many-to-many matching not allowed: matching labels must be unique on one side"}'],
      [new PromQLError('query timed out in query execution', 'timeout'), 503, '{"status":"error","errorType":"timeout","error":"query timed out in query execution"}'],
      [new PromQLError('query was canceled in query execution', 'canceled'), 499, '{"status":"error","errorType":"canceled","error":"query was canceled in query execution"}'],
      [new Error('disk on fire'), 500, '{"status":"error","errorType":"internal","error":"disk on fire"}'],
    ];
    for (const [err, code, body] of cases) {
      const app = await makeApp({ engine: stubEngine(async () => Promise.reject(err)) });
      expect(await get(app, '/api/v1/query?query=x&time=1')).toEqual(expect.objectContaining({ code, body }));
      expect((await get(app, '/api/v1/query?query=x&time=1')).headers['content-type']).toBe('application/json');
      await app.close();
    }
  });

  it('instant query: time defaults to now, lookback_delta and timeout reach the engine', async () => {
    const eng = stubEngine(async () => ok({ type: 'scalar', t: 4000, v: 2 }));
    const app = await makeApp({ engine: eng, now: () => 4000 });
    expect(await get(app, '/api/v1/query?query=1%2B1')).toEqual(expect.objectContaining({ code: 200, body: '{"status":"success","data":{"resultType":"scalar","result":[4,"2"]}}' }));
    expect(eng.calls[0]).toMatchObject({ kind: 'instant', query: '1+1', args: [4000] });
    expect(eng.calls[0]!.opts!.lookbackDelta).toBeUndefined();
    await get(app, '/api/v1/query?query=x&time=1.5&lookback_delta=1m&timeout=30s');
    expect(eng.calls[1]).toMatchObject({ args: [1500], opts: { lookbackDelta: 60000 } });
    expect(eng.calls[1]!.opts!.signal).toBeInstanceOf(AbortSignal);
    await get(app, '/api/v1/query?query=x&lookback_delta=0');
    expect(eng.calls[2]!.opts!.lookbackDelta).toBeUndefined();
    await app.close();
  });

  it('checks parameters in api.go order with its messages', async () => {
    const eng = stubEngine(async () => ok({ type: 'vector', samples: [] }));
    const app = await makeApp({ engine: eng });
    const bad = async (url: string, error: string) => {
      const r = await get(app, url);
      expect(r.code).toBe(400);
      expect(JSON.parse(r.body)).toEqual({ status: 'error', errorType: 'bad_data', error });
    };
    await bad('/api/v1/query?query=x&limit=x&time=y', 'invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax');
    await bad('/api/v1/query?query=x&limit=-1', 'invalid parameter "limit": limit must be non-negative');
    await bad('/api/v1/query?query=x&time=y', 'invalid parameter "time": invalid time value for \'time\': cannot parse "y" to a valid timestamp');
    await bad('/api/v1/query?query=x&timeout=z', 'invalid parameter "timeout": cannot parse "z" to a valid duration');
    await bad('/api/v1/query?query=x&lookback_delta=z', 'error parsing lookback delta duration: cannot parse "z" to a valid duration');
    await bad('/api/v1/query_range?query=x&start=x&end=1&step=1', 'invalid parameter "start": cannot parse "x" to a valid timestamp');
    await bad('/api/v1/query_range?query=x&end=1&step=1', 'invalid parameter "start": cannot parse "" to a valid timestamp');
    await bad('/api/v1/query_range?query=x&start=1&end=x&step=1', 'invalid parameter "end": cannot parse "x" to a valid timestamp');
    await bad('/api/v1/query_range?query=x&start=10&end=1&step=1', 'invalid parameter "end": end timestamp must not be before start time');
    await bad('/api/v1/query_range?query=x&start=1&end=10&step=x', 'invalid parameter "step": cannot parse "x" to a valid duration');
    await bad('/api/v1/query_range?query=x&start=1&end=10&step=0', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
    await bad('/api/v1/query_range?query=x&start=1&end=10&step=-1s', 'invalid parameter "step": cannot parse "-1s" to a valid duration');
    await bad('/api/v1/query_range?query=x&start=0&end=11001&step=1', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    expect(eng.calls).toHaveLength(0);
    // Exactly 11,000 steps is allowed; the step reaches the engine in ms.
    expect((await get(app, '/api/v1/query_range?query=x&start=0&end=11000&step=1')).code).toBe(200);
    expect(eng.calls[0]).toMatchObject({ kind: 'range', args: [0, 11000000, 1000] });
    await get(app, '/api/v1/query_range?query=x&start=2015-07-01T20:10:30.781Z&end=2015-07-01T20:11:00.781Z&step=15s');
    expect(eng.calls[1]).toMatchObject({ args: [1435781430781, 1435781460781, 15000] });
    await app.close();
  });

  it('truncates vectors and matrices to limit with a warning; other annotations pass through, capped at 10', async () => {
    const samples = [1, 2, 3].map((v) => ({ labels: labelsFrom({ __name__: 'm', i: String(v) }), t: 1000, v }));
    const warnings = Array.from({ length: 12 }, (_, i) => `PromQL warning: w${i}`);
    const eng = stubEngine(async (c) =>
      c.kind === 'instant'
        ? ok({ type: 'vector', samples }, { warnings, infos: ['PromQL info: i', 'PromQL info: i'] })
        : ok({ type: 'matrix', series: samples.map((s) => ({ labels: s.labels, ts: Float64Array.of(1000, 2500), vs: Float64Array.of(s.v, NaN) })) }),
    );
    const app = await makeApp({ engine: eng });
    const r = JSON.parse((await get(app, '/api/v1/query?query=m&time=1&limit=2')).body);
    expect(r.data.result).toEqual([
      { metric: { __name__: 'm', i: '1' }, value: [1, '1'] },
      { metric: { __name__: 'm', i: '2' }, value: [1, '2'] },
    ]);
    expect(r.warnings).toEqual([...warnings.slice(0, 10), '3 more warning annotations omitted']);
    expect(r.infos).toEqual(['PromQL info: i']);
    const m = await get(app, '/api/v1/query_range?query=m&start=1&end=3&step=1&limit=1');
    expect(m.body).toBe('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m","i":"1"},"values":[[1,"1"],[2.500,"NaN"]]}]},"warnings":["results truncated due to limit"]}');
    // limit=0 means no limit.
    expect(JSON.parse((await get(app, '/api/v1/query_range?query=m&start=1&end=3&step=1&limit=0')).body).data.result).toHaveLength(3);
    await app.close();
  });

  it('adds stats when asked, warns about deprecated stats values', async () => {
    const app = await makeApp({ engine: stubEngine(async () => ok({ type: 'scalar', t: 1000, v: 1 }, { samplesLoaded: 42 })) });
    const r = JSON.parse((await get(app, '/api/v1/query?query=x&time=1&stats=all')).body);
    expect(Object.keys(r.data)).toEqual(['resultType', 'result', 'stats']);
    expect(Object.keys(r.data.stats.timings)).toEqual(['evalTotalTime', 'resultSortTime', 'queryPreparationTime', 'innerEvalTime', 'execQueueTime', 'execTotalTime']);
    expect(r.data.stats.samples).toEqual({ totalQueryableSamples: 42, samplesRead: 42, peakSamples: 42 });
    expect(r.warnings).toBeUndefined();
    const d = JSON.parse((await get(app, '/api/v1/query?query=x&time=1&stats=yes')).body);
    expect(d.warnings).toEqual(['value "yes" for parameter "stats" is deprecated and will be rejected in the next major release, use "true" or "all"']);
    expect(JSON.parse((await get(app, '/api/v1/query?query=x&time=1')).body).data.stats).toBeUndefined();
    await app.close();
  });

  it('times out with the request timeout and cancels when the client leaves', async () => {
    // An engine that waits for its signal, then reports cancellation as Prometheus's engine does.
    const waiting = stubEngine(
      (c) =>
        new Promise((_, reject) => {
          c.opts!.signal!.addEventListener('abort', () => reject(new PromQLError('query was canceled in query execution', 'canceled')));
        }),
    );
    const app = await makeApp({ engine: waiting });
    const r = await get(app, '/api/v1/query?query=x&timeout=50ms');
    expect(r.code).toBe(503);
    expect(r.body).toBe('{"status":"error","errorType":"timeout","error":"query timed out in query execution"}');
    // A client that hangs up aborts the engine's signal.
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const ac = new AbortController();
    const req = fetch(`http://127.0.0.1:${port}/api/v1/query_range?query=x&start=0&end=60&step=15`, { signal: ac.signal }).catch((e: Error) => e.name);
    while (waiting.calls.length < 2) await new Promise((res) => setTimeout(res, 5));
    const engineSignal = waiting.calls[1]!.opts!.signal!;
    expect(engineSignal.aborted).toBe(false);
    ac.abort();
    expect(await req).toBe('AbortError');
    for (let i = 0; i < 100 && !engineSignal.aborted; i++) await new Promise((res) => setTimeout(res, 10));
    expect(engineSignal.aborted).toBe(true);
    await app.close();
  });

  it('queues queries beyond --query.max-concurrency and times out in the queue', async () => {
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const eng = stubEngine(
      () =>
        new Promise((resolve) => {
          running++;
          peak = Math.max(peak, running);
          release.push(() => {
            running--;
            resolve(ok({ type: 'scalar', t: 0, v: 1 }));
          });
        }),
    );
    const app = await makeApp({ engine: eng, maxConcurrency: 2 });
    const pending = [1, 2, 3, 4].map(() => get(app, '/api/v1/query?query=x&time=0'));
    await new Promise((r) => setTimeout(r, 50));
    expect(running).toBe(2);
    // A request that cannot wait long gets Prometheus's queue timeout, which
    // Prometheus reports as a bad "query" parameter (it queues in NewInstantQuery).
    const queued = await get(app, '/api/v1/query?query=x&time=0&timeout=20ms');
    expect(queued.code).toBe(400);
    expect(queued.body).toBe('{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": query timed out in query queue"}');
    while (release.length > 0 || running > 0) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const r of await Promise.all(pending)) expect(r.code).toBe(200);
    expect(peak).toBe(2);
    await app.close();
  });

  it('takes form-encoded POST bodies (Grafana) with body values before URL values', async () => {
    const eng = stubEngine(async () => ok({ type: 'scalar', t: 3000, v: 2 }));
    const app = await makeApp({ engine: eng });
    const r = await postForm(app, '/api/v1/query?time=9', 'query=1%2B1&time=3');
    expect(r.body).toBe('{"status":"success","data":{"resultType":"scalar","result":[3,"2"]}}');
    expect(eng.calls[0]).toMatchObject({ query: '1+1', args: [3000] });
    const rr = await postForm(app, '/api/v1/query_range', 'query=up&start=1&end=61&step=15&timeout=60s');
    expect(rr.code).toBe(200);
    expect(eng.calls[1]).toMatchObject({ kind: 'range', query: 'up', args: [1000, 61000, 15000] });
    // Other bodies are ignored, as Go's r.FormValue ignores them.
    const js = await app.inject({ method: 'POST', url: '/api/v1/query?query=q2&time=2', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(js.statusCode).toBe(200);
    expect(eng.calls[2]).toMatchObject({ query: 'q2', args: [2000] });
    await app.close();
  });

  it('answers the exemplar probe: 204 without selectors, [] with', async () => {
    const app = await makeApp();
    const none = await get(app, '/api/v1/query_exemplars?query=1%2B1');
    expect(none.code).toBe(204);
    expect(none.body).toBe('');
    expect(await get(app, '/api/v1/query_exemplars?query=test&start=1&end=2')).toEqual(expect.objectContaining({ code: 200, body: '{"status":"success","data":[]}' }));
    expect((await postForm(app, '/api/v1/query_exemplars', 'query=test')).body).toBe('{"status":"success","data":[]}');
    expect((await get(app, '/api/v1/query_exemplars?query=test&start=2&end=1')).body).toBe('{"status":"error","errorType":"bad_data","error":"end timestamp must not be before start timestamp"}');
    expect((await get(app, '/api/v1/query_exemplars?query=')).body).toBe('{"status":"error","errorType":"bad_data","error":"unknown position: parse error: no expression found in input"}');
    await app.close();
  });
});

describe('series, labels and label values', () => {
  it('series: sorted, merged over match[] sets, limited', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/series?match[]=m')).body).toBe('{"status":"success","data":[{"Z":"<&>","__name__":"m","a":"2"},{"__name__":"m","a":"1"}]}');
    expect((await get(app, '/api/v1/series?match[]=m&match[]=up&match[]=m%7Ba%3D%221%22%7D')).body).toBe(
      '{"status":"success","data":[{"Z":"<&>","__name__":"m","a":"2"},{"__name__":"m","a":"1"},{"__name__":"up","job":"x"},{"__name__":"up","job":"y"}]}',
    );
    expect((await get(app, '/api/v1/series?match[]=up&start=0&end=2')).body).toBe('{"status":"success","data":[{"__name__":"up","job":"x"}]}');
    expect((await get(app, '/api/v1/series?match[]=up&limit=1')).body).toBe('{"status":"success","data":[{"__name__":"up","job":"x"}],"warnings":["results truncated due to limit"]}');
    expect((await get(app, '/api/v1/series?match[]=nope')).body).toBe('{"status":"success","data":[]}');
    // Form POST (the metrics browser) merges body and URL match[].
    expect((await postForm(app, '/api/v1/series?match[]=m', 'match%5B%5D=up&limit=40000')).body).toBe(
      '{"status":"success","data":[{"Z":"<&>","__name__":"m","a":"2"},{"__name__":"m","a":"1"},{"__name__":"up","job":"x"},{"__name__":"up","job":"y"}]}',
    );
    await app.close();
  });

  it('series: errors', async () => {
    const app = await makeApp();
    const err = async (url: string, error: string) => {
      const r = await get(app, url);
      expect(r.code).toBe(400);
      expect(r.body).toBe(JSON.stringify({ status: 'error', errorType: 'bad_data', error }).replace(/</g, '\\u003c'));
    };
    await err('/api/v1/series', 'no match[] parameter provided');
    await err('/api/v1/series?match[]=%7Ba%3D~%22.*%22%7D', 'invalid parameter "match[]": match[] must contain at least one non-empty matcher');
    await err('/api/v1/series?match[]=up&limit=x', 'invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax');
    await err('/api/v1/series?match[]=up&start=x', 'invalid parameter "start": invalid time value for \'start\': cannot parse "x" to a valid timestamp');
    await err('/api/v1/series?match[]=up;x', 'error parsing form values: invalid semicolon separator in query');
    await app.close();
  });

  it('labels: names over all or matching series, GET and POST, limit', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/labels')).body).toBe('{"status":"success","data":["Z","__name__","a","job","service.name"]}');
    expect((await get(app, '/api/v1/labels?match[]=up')).body).toBe('{"status":"success","data":["__name__","job"]}');
    expect((await postForm(app, '/api/v1/labels', 'match[]=up&match[]=dotted')).body).toBe('{"status":"success","data":["__name__","job","service.name"]}');
    expect((await get(app, '/api/v1/labels?limit=2')).body).toBe('{"status":"success","data":["Z","__name__"],"warnings":["results truncated due to limit"]}');
    expect((await get(app, '/api/v1/labels?match[]=%7Ba%3D%22%22%7D')).body).toBe('{"status":"error","errorType":"bad_data","error":"match[] must contain at least one non-empty matcher"}');
    await app.close();
  });

  it('label values: plain and U__-escaped names, match[], time range, limit, invalid names', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/label/a/values')).body).toBe('{"status":"success","data":["1","2"]}');
    expect((await get(app, '/api/v1/label/__name__/values')).body).toBe('{"status":"success","data":["dotted","m","up"]}');
    expect((await get(app, '/api/v1/label/job/values?match[]=up&start=4&end=6')).body).toBe('{"status":"success","data":["y"]}');
    expect((await get(app, '/api/v1/label/job/values?match[]=m')).body).toBe('{"status":"success","data":[]}');
    expect((await get(app, '/api/v1/label/U__service_2e_name/values')).body).toBe('{"status":"success","data":["checkout"]}');
    expect((await get(app, '/api/v1/label/service.name/values')).body).toBe('{"status":"success","data":["checkout"]}');
    expect((await get(app, '/api/v1/label/Z/values')).body).toBe('{"status":"success","data":["\\u003c\\u0026\\u003e"]}');
    expect((await get(app, '/api/v1/label/__name__/values?limit=1')).body).toBe('{"status":"success","data":["dotted"],"warnings":["results truncated due to limit"]}');
    expect((await get(app, '/api/v1/label/nope/values')).body).toBe('{"status":"success","data":[]}');
    const long = 'U__' + 'x'.repeat(300);
    expect((await get(app, `/api/v1/label/${long}/values`)).body).toBe('{"status":"success","data":[]}');
    expect(await get(app, '/api/v1/label/a/b/values')).toEqual(expect.objectContaining({ code: 404, body: '404 page not found\n' }));
    expect((await app.inject({ method: 'POST', url: '/api/v1/label/a/values' })).statusCode).toBe(405);
    await app.close();
  });
});

describe('metadata, rules, alerts', () => {
  it('metadata is {} without a source, and follows limit/limit_per_metric with one', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/metadata')).body).toBe('{"status":"success","data":{}}');
    expect((await get(app, '/api/v1/metadata?limit=x')).body).toBe('{"status":"error","errorType":"bad_data","error":"limit must be a number"}');
    expect((await get(app, '/api/v1/metadata?limit_per_metric=x')).body).toBe('{"status":"error","errorType":"bad_data","error":"limit_per_metric must be a number"}');
    await app.close();
    const md: MetricMetadata[] = [
      { metricFamily: 'up', type: 'gauge', help: 'Up.', unit: '' },
      { metricFamily: 'http_requests', type: 'counter', help: 'Requests.', unit: '' },
      { metricFamily: 'http_requests', type: 'counter', help: 'Requests.', unit: '' },
      { metricFamily: 'http_requests', type: 'counter', help: 'All requests.', unit: '' },
    ];
    const app2 = await makeApp({ metadata: { listMetadata: (metric) => md.filter((m) => metric === undefined || m.metricFamily === metric) } });
    expect((await get(app2, '/api/v1/metadata')).body).toBe(
      '{"status":"success","data":{"http_requests":[{"type":"counter","help":"Requests.","unit":""},{"type":"counter","help":"All requests.","unit":""}],"up":[{"type":"gauge","help":"Up.","unit":""}]}}',
    );
    expect((await get(app2, '/api/v1/metadata?limit_per_metric=1&limit=1')).body).toBe('{"status":"success","data":{"http_requests":[{"type":"counter","help":"Requests.","unit":""}]}}');
    expect((await get(app2, '/api/v1/metadata?metric=up')).body).toBe('{"status":"success","data":{"up":[{"type":"gauge","help":"Up.","unit":""}]}}');
    expect((await get(app2, '/api/v1/metadata?limit=0')).body).toBe('{"status":"success","data":{}}');
    await app2.close();
  });

  it('rules and alerts are empty; the ruler probe gets a plain 404', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/rules')).body).toBe('{"status":"success","data":{"groups":[]}}');
    expect((await get(app, '/api/v1/rules?type=alert&exclude_alerts=true')).body).toBe('{"status":"success","data":{"groups":[]}}');
    expect((await get(app, '/api/v1/rules?type=x')).body).toBe('{"status":"error","errorType":"bad_data","error":"invalid parameter \\"type\\": not supported value \\"x\\""}');
    expect((await get(app, '/api/v1/rules?group_next_token=a')).body).toBe(
      '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"group_next_token\\": group_limit needs to be present in order to paginate over the groups"}',
    );
    expect((await get(app, '/api/v1/rules?group_limit=0')).body).toBe('{"status":"error","errorType":"bad_data","error":"invalid parameter \\"group_limit\\": group_limit needs to be greater than 0"}');
    expect((await get(app, '/api/v1/alerts')).body).toBe('{"status":"success","data":{"alerts":[]}}');
    const probe = await get(app, '/api/v1/rules/test/test');
    expect(probe.code).toBe(404);
    expect(probe.body).toBe('404 page not found\n');
    expect(probe.headers['content-type']).toBe('text/plain; charset=utf-8');
    await app.close();
  });
});

describe('status endpoints', () => {
  it('buildinfo has Prometheus\'s fields and no "features" (Grafana then treats us as Prometheus)', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/status/buildinfo')).body).toBe(
      '{"status":"success","data":{"version":"0.1.0","revision":"abc","branch":"main","buildUser":"u","buildDate":"d","goVersion":"node20"}}',
    );
    await app.close();
  });

  it('flags (sorted map), config (yaml), runtimeinfo (Go times)', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/status/flags')).body).toBe('{"status":"success","data":{"a.b":"\\u003cx\\u003e","config.file":"p.yml","web.listen-address":"0.0.0.0:9090"}}');
    expect((await get(app, '/api/v1/status/config')).body).toBe('{"status":"success","data":{"yaml":"global:\\n  scrape_interval: 1m\\n"}}');
    expect((await get(app, '/api/v1/status/runtimeinfo')).body).toBe(
      '{"status":"success","data":{"startTime":"2025-01-02T03:04:05.12Z","CWD":"/x","hostname":"h","serverTime":"2025-01-02T03:04:06Z","reloadConfigSuccess":true,' +
        '"lastConfigTime":"2025-01-02T03:04:05Z","corruptionCount":0,"goroutineCount":3,"GOMAXPROCS":2,"GOMEMLIMIT":100,"GOGC":"","GODEBUG":"","storageRetention":"15d"}}',
    );
    await app.close();
  });

  it('tsdb: head cardinality, top N', async () => {
    const app = await makeApp();
    expect((await get(app, '/api/v1/status/tsdb')).body).toBe(
      '{"status":"success","data":{"headStats":{"numSeries":5,"numLabelPairs":9,"chunkCount":5,"minTime":1000,"maxTime":5000},' +
        '"seriesCountByMetricName":[{"name":"m","value":2},{"name":"up","value":2},{"name":"dotted","value":1}],' +
        '"labelValueCountByLabelName":[{"name":"__name__","value":3},{"name":"a","value":2},{"name":"job","value":2},{"name":"Z","value":1},{"name":"service.name","value":1}],' +
        '"memoryInBytesByLabelName":[{"name":"__name__","value":62},{"name":"service.name","value":22},{"name":"job","value":12},{"name":"a","value":8},{"name":"Z","value":6}],' +
        '"seriesCountByLabelValuePair":[{"name":"__name__=m","value":2},{"name":"__name__=up","value":2},{"name":"Z=\\u003c\\u0026\\u003e","value":1},{"name":"__name__=dotted","value":1},{"name":"a=1","value":1},' +
        '{"name":"a=2","value":1},{"name":"job=x","value":1},{"name":"job=y","value":1},{"name":"service.name=checkout","value":1}]}}',
    );
    const top1 = JSON.parse((await get(app, '/api/v1/status/tsdb?limit=1')).body).data;
    expect(top1.seriesCountByMetricName).toEqual([{ name: 'm', value: 2 }]);
    expect((await get(app, '/api/v1/status/tsdb?limit=0')).body).toBe('{"status":"error","errorType":"bad_data","error":"limit must be a positive number"}');
    expect((await get(app, '/api/v1/status/tsdb?limit=10001')).body).toBe('{"status":"error","errorType":"bad_data","error":"limit must not exceed 10000"}');
    await app.close();
  });

  it('an empty head reports the int64 extremes as its times', async () => {
    const d = mkdtempSync(join(tmpdir(), 'hyperion-api-empty-'));
    const empty = DB.open(d);
    const app = await makeApp({ tsdbStatus: (limit) => headTSDBStatus(empty.head, limit) });
    expect(JSON.parse((await get(app, '/api/v1/status/tsdb')).body).data.headStats).toEqual({ numSeries: 0, numLabelPairs: 0, chunkCount: 0, minTime: 9223372036854775807, maxTime: -9223372036854775808 });
    expect((await get(app, '/api/v1/status/tsdb')).body).toContain('"minTime":9223372036854775807,"maxTime":-9223372036854775808');
    await app.close();
    empty.close();
    rmSync(d, { recursive: true, force: true });
  });
});

describe('HTTP behaviour', () => {
  it('answers 503 on every endpoint while not ready', async () => {
    const app = await makeApp({ ready: () => false });
    const r = await get(app, '/api/v1/labels');
    expect(r.code).toBe(503);
    expect(r.body).toBe('Service Unavailable');
    await app.close();
  });

  it('CORS headers for browsers, 204 preflight', async () => {
    const app = await makeApp();
    const pre = await app.inject({ method: 'OPTIONS', url: '/api/v1/query', headers: { origin: 'http://grafana' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    const r = await get(app, '/api/v1/labels', { origin: 'http://grafana' });
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect((await get(app, '/api/v1/labels')).headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
    const strict = await makeApp({ corsOrigin: /^(?:https:\/\/ok\.example)$/ });
    expect((await get(strict, '/api/v1/labels', { origin: 'https://ok.example' })).headers['access-control-allow-origin']).toBe('https://ok.example');
    expect((await get(strict, '/api/v1/labels', { origin: 'https://evil.example' })).headers['access-control-allow-origin']).toBeUndefined();
    await strict.close();
  });

  it('gzips large responses when the client accepts it', async () => {
    const { gunzipSync } = await import('node:zlib');
    const samples = Array.from({ length: 200 }, (_, i) => ({ labels: labelsFrom({ __name__: 'm', i: String(i) }), t: 1000, v: i }));
    const app = await makeApp({ engine: stubEngine(async () => ok({ type: 'vector', samples })) });
    const r = await app.inject({ url: '/api/v1/query?query=m&time=1', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(r.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(gunzipSync(r.rawPayload).toString());
    expect(body.data.result).toHaveLength(200);
    await app.close();
  });

  it('POST to a GET-only endpoint is 405; unknown API paths are a plain 404', async () => {
    const app = await makeApp();
    const r = await app.inject({ method: 'POST', url: '/api/v1/status/buildinfo' });
    expect(r.statusCode).toBe(405);
    expect(r.headers.allow).toBe('GET, OPTIONS');
    expect((await get(app, '/api/v1/nope')).body).toBe('404 page not found\n');
    await app.close();
  });
});
