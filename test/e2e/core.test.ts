// `hyperion core` as a real process: health/ready/metrics endpoints, JSON
// logs, self-recorded samples persisted through the WAL across a SIGTERM
// restart, and `--help` listing the subcommands.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, hyperion } from '../helpers/peers.js';

const tmp = mkdtempSync(join(tmpdir(), 'hyperion-core-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Running {
  proc: ChildProcess;
  port: number;
  logs: string[];
}

function startCore(dataDir: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'core', `--storage.tsdb.path=${dataDir}`, '--web.listen-address=127.0.0.1:0', '--self-scrape-interval=200ms'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    proc.on('exit', (code) => reject(new Error(`core exited early with ${code}: ${logs.join('\n')}`)));
  });
}

async function waitFor(fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.proc.removeAllListeners('exit');
    r.proc.on('exit', (code) => resolve(code));
    r.proc.kill('SIGTERM');
  });
}

describe('hyperion CLI', () => {
  it('--help lists the subcommands', () => {
    const out = hyperion(['--help']);
    expect(out).toMatch(/\bcore\b/);
    expect(out).toMatch(/\btools\b/);
    const tsdb = hyperion(['tools', 'tsdb', '--help']);
    for (const c of ['create-blocks-from', 'dump', 'list', 'analyze']) expect(tsdb).toContain(c);
  });
});

describe('hyperion core', () => {
  it('serves health, readiness and metrics, logs JSON, stops on SIGTERM and keeps its data', async () => {
    const dataDir = join(tmp, 'data');
    const r = await startCore(dataDir);
    const base = `http://127.0.0.1:${r.port}`;
    await waitFor(async () => (await fetch(`${base}/-/ready`)).status === 200);
    const healthy = await fetch(`${base}/-/healthy`);
    expect(healthy.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^# HELP prometheus_tsdb_head_series /m);
    expect(metrics).toMatch(/^hyperion_build_info\{version="[^"]+",component="core"\} 1$/m);
    // Let it record itself a few times.
    await waitFor(async () => /prometheus_tsdb_head_samples_appended_total [1-9]\d{2,}/.test(await (await fetch(`${base}/metrics`)).text()));
    for (const l of r.logs) expect(() => JSON.parse(l)).not.toThrow();
    expect(r.logs.some((l) => JSON.parse(l).msg === 'TSDB started; server is ready')).toBe(true);
    expect(await stop(r)).toBe(0);
    expect(r.logs.some((l) => JSON.parse(l).msg === 'shutdown complete')).toBe(true);

    // The samples it acknowledged are in the WAL: dump (read-only) sees them.
    const dumped = hyperion(['tools', 'tsdb', 'dump', '--match=up{job="hyperion"}', dataDir]);
    const lines = dumped.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^\{__name__="up", instance="127\.0\.0\.1:0", job="hyperion"\} 1 \d{13}$/);

    // A restart replays them.
    const r2 = await startCore(dataDir);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${r2.port}/-/ready`)).status === 200);
    const replay = r2.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'WAL replay completed');
    expect(replay.samples).toBeGreaterThan(lines.length);
    expect(await stop(r2)).toBe(0);
  });
});
