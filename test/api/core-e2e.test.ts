// `hyperion core --config.file …` as a real process serving the Prometheus
// HTTP API over its own TSDB: the requests Grafana's Prometheus data source
// sends, over HTTP, against the samples the core records about itself; and a
// bad configuration stopping the start with exit code 1.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/peers.js';

const tmp = mkdtempSync(join(tmpdir(), 'hyperion-core-api-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function startCore(args: string[]): Promise<{ proc: ChildProcess; port: number; logs: string[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'core', '--web.listen-address=127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const logs: string[] = [];
    let buf = '';
    proc.stderr!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        logs.push(l);
        const m = /"address":"127\.0\.0\.1:(\d+)"/.exec(l);
        if (m) resolve({ proc, port: Number(m[1]), logs });
      }
    });
    proc.on('exit', (code) => reject(new Error(`core exited early with ${code}: ${logs.join('\n')}${buf}`)));
  });
}

async function waitFor(fn: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

/** A response body as JSON, untyped (the shapes are asserted field by field). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(r: Promise<Response>): Promise<any> {
  return (await r).json();
}

const form = (o: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() };
};

describe('hyperion core serves the Prometheus HTTP API', () => {
  it('answers what Grafana sends', async () => {
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(config, 'global:\n  scrape_interval: 15s\n  external_labels:\n    cluster: eu-1\nscrape_configs:\n  - job_name: later\n    static_configs:\n      - targets: ["localhost:9100"]\n');
    const core = await startCore([`--config.file=${config}`, `--storage.tsdb.path=${join(tmp, 'data')}`, '--self-scrape-interval=200ms', '--query.max-concurrency=4']);
    const base = `http://127.0.0.1:${core.port}/api/v1`;
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${core.port}/-/ready`)).status === 200);
      // Wait until the core has recorded itself for over a second (the range query below ends at a whole second).
      await waitFor(async () => {
        const r = await json(fetch(`${base}/query?query=${encodeURIComponent('count_over_time(up[1m])')}`));
        return r.data.result.length === 1 && Number(r.data.result[0].value[1]) >= 8;
      });

      // Save & test: 1+1, then buildinfo (no "features": Grafana takes us for Prometheus).
      const t = await fetch(`${base}/query`, form({ query: '1+1', time: '4' }));
      expect(t.status).toBe(200);
      expect(t.headers.get('content-type')).toBe('application/json');
      expect(await t.text()).toBe('{"status":"success","data":{"resultType":"scalar","result":[4,"2"]}}');
      const bi = await json(fetch(`${base}/status/buildinfo`));
      expect(bi.status).toBe('success');
      expect(bi.data.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(Object.keys(bi.data)).toEqual(['version', 'revision', 'branch', 'buildUser', 'buildDate', 'goVersion']);

      // Data source init: rules and the exemplar probe succeed; the ruler probe is a plain 404.
      expect(await (await fetch(`${base}/rules`)).text()).toBe('{"status":"success","data":{"groups":[]}}');
      const now = Math.floor(Date.now() / 1000);
      expect(await (await fetch(`${base}/query_exemplars?query=test&start=${now - 1800}&end=${now}`)).text()).toBe('{"status":"success","data":[]}');
      const probe = await fetch(`${base}/rules/test/test`);
      expect(probe.status).toBe(404);
      expect(await probe.text()).toBe('404 page not found\n');

      // Template variables and the metrics browser.
      expect(await (await fetch(`${base}/label/job/values?start=${now - 600}&end=${now + 60}`)).text()).toBe('{"status":"success","data":["hyperion"]}');
      const names = await json(fetch(`${base}/label/__name__/values?match[]=${encodeURIComponent('{job="hyperion"}')}`));
      expect(names.data).toContain('prometheus_tsdb_head_series');
      expect(names.data).toEqual([...names.data].sort());
      const series = await json(fetch(`${base}/series`, form({ 'match[]': ['up', 'scrape_samples_scraped'], start: String(now - 600), end: String(now + 60), limit: '40000' })));
      expect(series.data.map((s: Record<string, string>) => s.__name__)).toEqual(['scrape_samples_scraped', 'up']);
      const labels = await json(fetch(`${base}/labels`, form({ 'match[]': 'up' })));
      expect(labels.data).toEqual(['__name__', 'instance', 'job']);

      // A panel: form-encoded range query with step-aligned start/end.
      const step = 1;
      const end = Math.floor(Date.now() / 1000 / step) * step;
      const rr = await json(fetch(`${base}/query_range`, form({ query: 'sum by (job) (up)', start: String(end - 10), end: String(end), step: String(step), timeout: '60s' })));
      expect(rr.status).toBe('success');
      expect(rr.data.resultType).toBe('matrix');
      expect(rr.data.result[0].metric).toEqual({ job: 'hyperion' });
      for (const [ts, v] of rr.data.result[0].values) {
        expect(Number.isInteger(ts)).toBe(true);
        expect(v).toBe('1');
      }

      // Errors keep Prometheus's types and codes.
      const bad = await fetch(`${base}/query?query=${encodeURIComponent('sum(')}`);
      expect(bad.status).toBe(400);
      expect(await json(Promise.resolve(bad))).toEqual({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis' });

      // Status pages reflect the configuration and flags.
      const cfg = await json(fetch(`${base}/status/config`));
      expect(cfg.data.yaml).toBe(
        'global:\n  scrape_interval: 15s\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n  external_labels:\n    cluster: eu-1\nscrape_configs:\n  - job_name: later\n    static_configs:\n      - targets:\n          - localhost:9100\n',
      );
      const flags = await json(fetch(`${base}/status/flags`));
      expect(flags.data['config.file']).toBe(config);
      expect(flags.data['query.max-concurrency']).toBe('4');
      expect(flags.data['query.lookback-delta']).toBe('5m');
      const rt = await json(fetch(`${base}/status/runtimeinfo`));
      expect(rt.data.storageRetention).toBe('15d');
      const tsdb = await json(fetch(`${base}/status/tsdb`));
      expect(tsdb.data.headStats.numSeries).toBeGreaterThan(10);
      // Every series has job and instance: the two top pairs, ties in name order.
      expect(tsdb.data.seriesCountByLabelValuePair.slice(0, 2)).toEqual([
        { name: 'instance=127.0.0.1:0', value: tsdb.data.headStats.numSeries },
        { name: 'job=hyperion', value: tsdb.data.headStats.numSeries },
      ]);
    } finally {
      core.proc.removeAllListeners('exit');
      const exited = new Promise((r) => core.proc.on('exit', r));
      core.proc.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses to start on an invalid configuration (exit 1, the reason on stderr)', () => {
    const bad = join(tmp, 'bad.yml');
    writeFileSync(bad, 'global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n');
    const r = spawnSync(process.execPath, [CLI, 'core', `--config.file=${bad}`, `--storage.tsdb.path=${join(tmp, 'never')}`, '--web.listen-address=127.0.0.1:0'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`invalid configuration in ${bad}: global scrape timeout greater than scrape interval`);
    const bad2 = join(tmp, 'bad2.yml');
    writeFileSync(bad2, 'global:\n  evaluation_interval: soon\n');
    const r2 = spawnSync(process.execPath, [CLI, 'core', `--config.file=${bad2}`, `--storage.tsdb.path=${join(tmp, 'never')}`, '--web.listen-address=127.0.0.1:0'], { encoding: 'utf8' });
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('global.evaluation_interval: not a valid duration string: "soon"');
  });
});
