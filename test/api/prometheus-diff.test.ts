// Byte-for-byte against the real thing: Debian's Prometheus (2.42) and
// `hyperion core` serve copies of one TSDB directory (promtool blocks from an
// OpenMetrics file); for each request below the status code, content type and
// body text must be identical. Prometheus 2.42 differs from 3.x in a few
// places the test normalises or avoids (documented inline); evaluation times
// stay off the sample timestamps where 2.42's closed range windows differ.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, requirePeer } from '../helpers/peers.js';
import { copyTsdb, promtoolCreateBlocks, startPrometheus, waitReady, writeServerConfig, freePort, type Server } from '../../bench/promql-data.js';

const OPENMETRICS = `# TYPE m gauge
m{a="1"} 1 1000.5
m{a="1"} 0.0000001 1015
m{a="1"} 1e21 1030
m{a="1"} NaN 1045
m{a="1"} +Inf 1060
m{a="1"} -Inf 1075
m{a="1"} 0.1 1090
m{a="2",b="x y"} 123456789 1000
# TYPE http_requests counter
http_requests_total{job="api",instance="a"} 0 1000
http_requests_total{job="api",instance="a"} 10 1015
http_requests_total{job="api",instance="a"} 20 1030
http_requests_total{job="api",instance="a"} 30 1045
http_requests_total{job="api",instance="a"} 5 1060
http_requests_total{job="api",instance="a"} 15 1075
http_requests_total{job="web",instance="b"} 0 1000
http_requests_total{job="web",instance="b"} 20 1015
http_requests_total{job="web",instance="b"} 40 1030
http_requests_total{job="web",instance="b"} 60 1045
http_requests_total{job="web",instance="b"} 10 1060
http_requests_total{job="web",instance="b"} 30 1075
# TYPE up gauge
up{job="api",instance="a"} 1 1000
up{job="web",instance="b"} 0 1000
# EOF
`;

let tmp: string;
let prom: Server;
let hyp: { url: string; proc: ChildProcess };

beforeAll(async () => {
  requirePeer('promtool');
  requirePeer('prometheus');
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-api-diff-'));
  const om = join(tmp, 'data.om');
  writeFileSync(om, OPENMETRICS);
  const blocks = join(tmp, 'blocks');
  promtoolCreateBlocks(om, blocks);
  copyTsdb(blocks, join(tmp, 'prom'));
  copyTsdb(blocks, join(tmp, 'hyp'));
  const cfgDir = join(tmp, 'cfg');
  mkdirSync(cfgDir);
  const cfg = writeServerConfig(cfgDir);
  prom = await startPrometheus(join(tmp, 'prom'), cfg);
  // Our own start: without a self-scrape during the test, so only the shared data is there.
  const port = await freePort();
  const proc = spawn(process.execPath, [CLI, 'core', `--config.file=${cfg}`, `--storage.tsdb.path=${join(tmp, 'hyp')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--self-scrape-interval=1000h', '--log.level=warn'], { stdio: 'ignore' });
  hyp = { url: `http://127.0.0.1:${port}`, proc };
  await waitReady({ name: 'hyperion', url: hyp.url, proc, logs: () => '', stop: async () => {} });
}, 120_000);

afterAll(async () => {
  await prom?.stop();
  if (hyp) {
    const exited = new Promise((r) => hyp.proc.on('exit', r));
    hyp.proc.kill('SIGTERM');
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

interface Req {
  path: string;
  form?: Record<string, string | string[]>;
}

const enc = (o: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

async function call(base: string, r: Req): Promise<{ status: number; type: string | null; body: string }> {
  const res = r.form
    ? await fetch(base + r.path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: enc(r.form) })
    : await fetch(base + r.path);
  let body = await res.text();
  // Prometheus 3 lower-cased this message, and checks a range query's expression type in
  // NewRangeQuery, so the API names the parameter (web/api/v1/api.go, promql/engine.go).
  body = body.replace("Invalid time value for '", "invalid time value for '");
  body = body.replace('"error":"invalid expression type', '"error":"invalid parameter \\"query\\": invalid expression type');
  return { status: res.status, type: res.headers.get('content-type'), body };
}

const q = (query: string, params: Record<string, string> = {}) => `/api/v1/query?${enc({ query, ...params })}`;
const qr = (query: string, start: string, end: string, step: string) => `/api/v1/query_range?${enc({ query, start, end, step })}`;
const range = { start: '0', end: '2000' };

const requests: [string, Req][] = [
  // Results and number formats.
  ['vector', { path: q('m', { time: '1000.6' }) }],
  ['vector, RFC 3339 time', { path: q('http_requests_total', { time: '1970-01-01T00:17:50.5Z' }) }],
  ['matrix of a range selector', { path: q('m{a="1"}[1m]', { time: '1061' }) }],
  ['range query, all the number formats', { path: qr('m', '1000', '1100', '15') }],
  ['range query, fractional step and ms times', { path: qr('m{a="1"}', '1014.5', '1100.25', '7.25') }],
  ['range query, duration step, RFC 3339', { path: qr('sum by (job) (rate(http_requests_total[1m]))', '1970-01-01T00:17:41Z', '1970-01-01T00:17:56Z', '15s') }],
  ['scalar 1+1 (Grafana\'s test)', { path: q('1+1', { time: '4' }) }],
  ['scalar, tiny', { path: q('1e-7', { time: '4.5' }) }],
  ['scalar, huge', { path: q('1e21', { time: '1.001' }) }],
  ['scalar, -Inf', { path: q('-Inf', { time: '1' }) }],
  ['string', { path: q('"a<b"', { time: '1.5' }) }],
  ['scalar range', { path: qr('time()', '1', '2', '0.5') }],
  ['empty vector', { path: q('nope', { time: '1000' }) }],
  ['POST query', { path: '/api/v1/query', form: { query: 'up', time: '1001' } }],
  ['POST query_range', { path: '/api/v1/query_range', form: { query: 'up == 1', start: '1001', end: '1031', step: '15', timeout: '60s' } }],
  // Errors.
  ['parse error', { path: q('foo(') }],
  ['bad time', { path: q('m', { time: 'x' }) }],
  ['bad timeout', { path: q('m', { timeout: 'x' }) }],
  ['bad start', { path: qr('m', 'x', '1', '1') }],
  ['missing start', { path: '/api/v1/query_range?query=m&end=1&step=1' }],
  ['end before start', { path: qr('m', '10', '1', '1') }],
  ['zero step', { path: qr('m', '1', '10', '0') }],
  ['bad step', { path: qr('m', '1', '10', 'x') }],
  ['too many points', { path: qr('m', '0', '100000', '1') }],
  ['range vector in a range query', { path: qr('m[5m]', '0', '10', '1') }],
  ['execution error', { path: q('label_replace(label_replace(http_requests_total, "job", "x", "", ""), "instance", "y", "", "")', { time: '1001' }) }],
  // Series, labels, label values.
  ['series', { path: `/api/v1/series?${enc({ 'match[]': 'm', ...range })}` }],
  ['series, several match[]', { path: `/api/v1/series?${enc({ 'match[]': ['up', 'm{a="1"}', '{job="web"}'], ...range })}` }],
  ['series, time range', { path: `/api/v1/series?${enc({ 'match[]': 'm', start: '1001', end: '1100' })}` }],
  ['series, POST', { path: `/api/v1/series?${enc({ 'match[]': 'm' })}`, form: { 'match[]': 'up', ...range } }],
  ['series, no match[]', { path: '/api/v1/series' }],
  ['series, empty matcher', { path: `/api/v1/series?${enc({ 'match[]': '{a=~".*"}' })}` }],
  ['series, parse error', { path: `/api/v1/series?${enc({ 'match[]': 'm(' })}` }],
  ['labels', { path: `/api/v1/labels?${enc(range)}` }],
  ['labels, match[]', { path: `/api/v1/labels?${enc({ 'match[]': 'up', ...range })}` }],
  ['labels, POST', { path: '/api/v1/labels', form: { 'match[]': ['up', 'm'], ...range } }],
  ['labels, parse error', { path: `/api/v1/labels?${enc({ 'match[]': 'm(' })}` }],
  ['label values', { path: `/api/v1/label/__name__/values?${enc(range)}` }],
  ['label values, match[]', { path: `/api/v1/label/job/values?${enc({ 'match[]': 'up', ...range })}` }],
  ['label values, none', { path: `/api/v1/label/nope/values?${enc(range)}` }],
  ['label values, bad start', { path: '/api/v1/label/job/values?start=x' }],
  // Grafana's probes.
  ['exemplars, no selector', { path: `/api/v1/query_exemplars?${enc({ query: '1+1' })}` }],
  ['exemplars', { path: `/api/v1/query_exemplars?${enc({ query: 'm', start: '0', end: '2000' })}` }],
  ['rules', { path: '/api/v1/rules' }],
  ['alerts', { path: '/api/v1/alerts' }],
  ['ruler probe', { path: '/api/v1/rules/test/test' }],
  ['metadata', { path: '/api/v1/metadata' }],
];

describe('the HTTP API answers byte for byte as Prometheus', () => {
  it.each(requests)('%s', async (_name, r) => {
    const [want, got] = await Promise.all([call(prom.url, r), call(hyp.url, r)]);
    expect(got).toEqual(want);
  });
});
