// The HTTP API end to end in-process: fastify inject() against the real
// PromQL parser and engine over a real DB (temp dir, filled through the head
// appender). Bodies are compared as exact text, as Prometheus writes them.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { labelsFrom } from '../../src/model/labels.js';
import { DB } from '../../src/tsdb/index.js';
import { dbQuerier } from '../../src/tsdb/querier.js';
import { Engine, type EngineOptions } from '../../src/promql/engine/index.js';
import { astToJSON, parseExpr, parseMetricSelector, prettify } from '../../src/promql/parser/index.js';
import { registerApiV1, headTSDBStatus } from '../../src/api/index.js';

let dir: string;
let db: DB;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyperion-api-'));
  db = DB.open(dir);
  const app = db.appender();
  // The data a real Prometheus answered the pinned bodies below for (an
  // OpenMetrics file through promtool): the number formats at 15s steps.
  const m1: [number, number][] = [[1000_500, 1], [1015_000, 1e-7], [1030_000, 1e21], [1045_000, NaN], [1060_000, Infinity], [1075_000, -Infinity], [1090_000, 0.1]];
  for (const [t, v] of m1) app.add(labelsFrom({ __name__: 'm', a: '1' }), t, v);
  app.add(labelsFrom({ __name__: 'm', a: '2', Z: '<&>' }), 1000_000, 123456789);
  // A counter with a reset, two jobs.
  const counter = [0, 10, 20, 30, 5, 15];
  // (Prometheus answered the rate expectations below for this data.)
  counter.forEach((v, i) => app.add(labelsFrom({ __name__: 'http_requests_total', job: 'api', instance: 'a' }), 1000_000 + i * 15_000, v));
  counter.forEach((v, i) => app.add(labelsFrom({ __name__: 'http_requests_total', job: 'web', instance: 'b' }), 1000_000 + i * 15_000, v * 2));
  app.add(labelsFrom({ __name__: 'up', job: 'api', 'service.name': 'checkout' }), 1000_000, 1);
  app.commit();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function makeApp(engineOpts: EngineOptions = {}): Promise<FastifyInstance> {
  const app = Fastify();
  await registerApiV1(app, {
    engine: new Engine(engineOpts),
    parser: { parseExpr, parseMetricSelector, prettify, astToJSON },
    querier: () => dbQuerier(db),
    buildInfo: { version: '0.1.0', revision: '', branch: '', buildUser: '', buildDate: '', goVersion: 'node' },
    flags: () => ({}),
    configYAML: () => '',
    runtimeInfo: () => ({
      startTime: 0, CWD: '/', hostname: 'h', serverTime: 0, reloadConfigSuccess: true, lastConfigTime: 0,
      corruptionCount: 0, goroutineCount: 0, GOMAXPROCS: 1, GOMEMLIMIT: 0, GOGC: '', GODEBUG: '', storageRetention: '15d',
    }),
    tsdbStatus: (limit) => headTSDBStatus(db.head, limit),
  });
  await app.ready();
  return app;
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await makeApp();
});
afterAll(() => app.close());

async function get(url: string) {
  const r = await app.inject({ method: 'GET', url });
  return { code: r.statusCode, body: r.body, type: r.headers['content-type'] };
}
async function post(url: string, form: string) {
  const r = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
  return { code: r.statusCode, body: r.body };
}
const q = encodeURIComponent;

describe('instant queries', () => {
  it('1+1 as Grafana tests it', async () => {
    expect(await get(`/api/v1/query?query=${q('1+1')}&time=4`)).toEqual({ code: 200, type: 'application/json', body: '{"status":"success","data":{"resultType":"scalar","result":[4,"2"]}}' });
    expect((await post('/api/v1/query', 'query=1%2B1&time=1.5')).body).toBe('{"status":"success","data":{"resultType":"scalar","result":[1.5,"2"]}}');
  });

  it('vectors: labels in sorted order, unescaped; ms timestamps with three digits; evaluation order', async () => {
    expect((await get('/api/v1/query?query=m&time=1000.6')).body).toBe(
      '{"status":"success","data":{"resultType":"vector","result":[' +
        '{"metric":{"Z":"<&>","__name__":"m","a":"2"},"value":[1000.600,"123456789"]},' +
        '{"metric":{"__name__":"m","a":"1"},"value":[1000.600,"1"]}]}}',
    );
    expect((await get(`/api/v1/query?query=${q('m{a="2"}')}&time=1000`)).body).toBe(
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"Z":"<&>","__name__":"m","a":"2"},"value":[1000,"123456789"]}]}}',
    );
  });

  it('scalars and strings: plain number timestamps, scalar values never in exponent form', async () => {
    expect((await get(`/api/v1/query?query=${q('1e-7')}&time=4.5`)).body).toBe('{"status":"success","data":{"resultType":"scalar","result":[4.5,"0.0000001"]}}');
    expect((await get(`/api/v1/query?query=${q('1e21')}&time=1.001`)).body).toBe('{"status":"success","data":{"resultType":"scalar","result":[1.001,"1000000000000000000000"]}}');
    expect((await get(`/api/v1/query?query=${q('"a<b"')}&time=1.5`)).body).toBe('{"status":"success","data":{"resultType":"string","result":[1.5,"a\\u003cb"]}}');
    expect((await get(`/api/v1/query?query=${q('-Inf')}&time=2`)).body).toBe('{"status":"success","data":{"resultType":"scalar","result":[2,"-Inf"]}}');
  });

  it('a range vector selector gives a matrix; RFC 3339 time', async () => {
    expect((await get(`/api/v1/query?query=${q('m{a="1"}[1m]')}&time=1970-01-01T00:17:41Z`)).body).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m","a":"1"},"values":[[1015,"1e-07"],[1030,"1e+21"],[1045,"NaN"],[1060,"+Inf"]]}]}}',
    );
  });

  it('limit truncates with a warning', async () => {
    expect((await get('/api/v1/query?query=m&time=1000.6&limit=1')).body).toBe(
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"Z":"<&>","__name__":"m","a":"2"},"value":[1000.600,"123456789"]}]},"warnings":["results truncated due to limit"]}',
    );
  });

  it('annotations become infos with their position', async () => {
    expect((await get(`/api/v1/query?query=${q('rate(m[5m])')}&time=1100`)).body).toBe(
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1100,"+Inf"]}]},"infos":["PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \\"m\\" (1:6)"]}',
    );
  });
});

describe('range queries', () => {
  it('values in Go formats, series sorted by labels, NaN/Inf kept', async () => {
    expect((await get('/api/v1/query_range?query=m&start=1000&end=1100&step=15')).body).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[' +
        '{"metric":{"Z":"<&>","__name__":"m","a":"2"},"values":[[1000,"123456789"],[1015,"123456789"],[1030,"123456789"],[1045,"123456789"],[1060,"123456789"],[1075,"123456789"],[1090,"123456789"]]},' +
        '{"metric":{"__name__":"m","a":"1"},"values":[[1015,"1e-07"],[1030,"1e+21"],[1045,"NaN"],[1060,"+Inf"],[1075,"-Inf"],[1090,"0.1"]]}]}}',
    );
  });

  it('rate over a counter reset, sum by, form POST as Grafana sends it', async () => {
    const body = `query=${q('sum by (job) (rate(http_requests_total[1m]))')}&start=1061&end=1076&step=15&timeout=60s`;
    expect((await post('/api/v1/query_range', body)).body).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[' +
        '{"metric":{"job":"api"},"values":[[1061,"0.5555555555555555"],[1076,"0.5555555555555555"]]},' +
        '{"metric":{"job":"web"},"values":[[1061,"1.111111111111111"],[1076,"1.111111111111111"]]}]}}',
    );
  });

  it('scalar range results, fractional steps', async () => {
    expect((await get('/api/v1/query_range?query=time()&start=1&end=2&step=0.5')).body).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[1.500,"1.5"],[2,"2"]]}]}}',
    );
  });

  it('errors: bad query, wrong type, limits, execution failures', async () => {
    const err = async (url: string, code: number, errorType: string, error: string) => {
      const r = await get(url);
      expect(r.code).toBe(code);
      expect(JSON.parse(r.body)).toEqual({ status: 'error', errorType, error });
    };
    await err(`/api/v1/query?query=${q('foo(')}`, 400, 'bad_data', 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis');
    await err('/api/v1/query?query=', 400, 'bad_data', 'invalid parameter "query": unknown position: parse error: no expression found in input');
    await err(`/api/v1/query_range?query=${q('m[5m]')}&start=0&end=1&step=1`, 400, 'bad_data', 'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector');
    await err('/api/v1/query_range?query=m&start=0&end=100000&step=1', 400, 'bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    await err(`/api/v1/query?query=${q('label_replace(label_replace(http_requests_total, "job", "x", "", ""), "instance", "y", "", "")')}&time=1000.6`, 422, 'execution', 'vector cannot contain metrics with the same labelset');
    const small = await makeApp({ maxSamples: 3 });
    const r = await small.inject({ url: `/api/v1/query_range?query=${q('count_over_time(m[5m])')}&start=1000&end=1100&step=15` });
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body)).toEqual({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' });
    await small.close();
  });
});

describe('metadata APIs', () => {
  it('series, labels, label values with U__ names', async () => {
    expect((await get(`/api/v1/series?match[]=${q('http_requests_total')}`)).body).toBe(
      '{"status":"success","data":[{"__name__":"http_requests_total","instance":"a","job":"api"},{"__name__":"http_requests_total","instance":"b","job":"web"}]}',
    );
    expect((await post('/api/v1/series', `match[]=up&match[]=${q('m{a="1"}')}&start=0&end=2000`)).body).toBe(
      '{"status":"success","data":[{"__name__":"m","a":"1"},{"__name__":"up","job":"api","service.name":"checkout"}]}',
    );
    expect((await get('/api/v1/labels')).body).toBe('{"status":"success","data":["Z","__name__","a","instance","job","service.name"]}');
    expect((await get(`/api/v1/labels?match[]=up`)).body).toBe('{"status":"success","data":["__name__","job","service.name"]}');
    expect((await get('/api/v1/label/__name__/values')).body).toBe('{"status":"success","data":["http_requests_total","m","up"]}');
    expect((await get(`/api/v1/label/job/values?match[]=${q('{__name__=~"http.*"}')}`)).body).toBe('{"status":"success","data":["api","web"]}');
    expect((await get('/api/v1/label/U__service_2e_name/values')).body).toBe('{"status":"success","data":["checkout"]}');
    expect((await get(`/api/v1/series?match[]=${q('m(')}`)).body).toBe('{"status":"error","errorType":"bad_data","error":"invalid parameter \\"match[]\\": 1:2: parse error: unexpected \\"(\\""}');
    expect((await get(`/api/v1/labels?match[]=${q('m(')}`)).body).toBe('{"status":"error","errorType":"bad_data","error":"1:2: parse error: unexpected \\"(\\""}');
  });

  it('format_query and parse_query', async () => {
    expect((await get(`/api/v1/format_query?query=${q('sum(rate(x[5m]))by(job)')}`)).body).toBe('{"status":"success","data":"sum by (job) (rate(x[5m]))"}');
    expect((await get(`/api/v1/format_query?query=${q('foo(')}`)).body).toBe(
      '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:5: parse error: unclosed left parenthesis"}',
    );
    expect((await post('/api/v1/parse_query', `query=${q('up{job="a"} offset 5m')}`)).body).toBe(
      '{"status":"success","data":{"anchored":false,"matchers":[{"name":"job","type":"=","value":"a"},{"name":"__name__","type":"=","value":"up"}],"name":"up","offset":300000,"offsetExpr":null,"smoothed":false,"startOrEnd":null,"timestamp":null,"type":"vectorSelector"}}',
    );
  });

  it('status/tsdb from the head', async () => {
    const d = JSON.parse((await get('/api/v1/status/tsdb?limit=2')).body).data;
    expect(d.headStats).toEqual({ numSeries: 5, numLabelPairs: 11, chunkCount: 5, minTime: 1000000, maxTime: 1090000 });
    expect(d.seriesCountByMetricName).toEqual([{ name: 'http_requests_total', value: 2 }, { name: 'm', value: 2 }]);
  });
});
