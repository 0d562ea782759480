// Done-means 4: a child appends through the head and is SIGKILLed at random
// moments; after each restart and WAL replay every acknowledged sample is
// present exactly once.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB, decodeSeries } from '../../src/tsdb/index.js';
import { parseMetricSelector } from '../../src/promql/selector.js';

const SERIES = 20;
const CHILD = new URL('../fixtures/crash-writer.mjs', import.meta.url).pathname;

/** Runs the child until it has acked a few batches, then kills it after a random delay. */
function runAndKill(dir: string, startBatch: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(startBatch), String(SERIES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAck = startBatch - 1;
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('ack ')) lastAck = Number(l.slice(4));
        if (l.startsWith('ready') && !timer) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited by itself (code ${code}): ${err}`));
      else resolve(lastAck);
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged sample exactly once across SIGKILLs', async () => {
    if (!existsSync(join(CHILD, '../../../dist/src/tsdb/index.js'))) throw new Error('dist/ missing: run `npm run build` (npm test does it)');
    const dir = mkdtempSync(join(tmpdir(), 'hyperion-crash-'));
    try {
      let nextBatch = 0;
      let acked = -1;
      for (let round = 0; round < 6; round++) {
        const delay = 150 + Math.floor(Math.random() * 600);
        const lastAck = await runAndKill(dir, nextBatch, delay);
        expect(lastAck).toBeGreaterThanOrEqual(acked);
        acked = lastAck;

        const db = DB.open(dir, { minBlockDuration: 60_000, retention: 0 });
        try {
          const matchers = parseMetricSelector('crash_test_metric');
          let seriesSeen = 0;
          let maxBatch = -1;
          for (const s of db.select(matchers, -Infinity, Infinity)) {
            seriesSeen++;
            const idx = Number(s.labels.find((l) => l.name === 'series')!.value);
            const buf = decodeSeries(s, -Infinity, Infinity);
            // Exactly one sample per batch, in order, no duplicates, no holes up to the last ack.
            for (let i = 0; i < buf.length; i++) {
              expect(buf.ts[i]).toBe(i * 1000);
              expect(buf.vs[i]).toBe(i * 10 + idx);
            }
            expect(buf.length).toBeGreaterThanOrEqual(acked + 1);
            maxBatch = Math.max(maxBatch, buf.length - 1);
          }
          expect(seriesSeen).toBe(SERIES);
          // The child may have written a batch it did not get to ack; continue after it.
          nextBatch = maxBatch + 1;
        } finally {
          db.close();
        }
      }
      expect(acked).toBeGreaterThan(40); // compaction and checkpoints ran in between
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
