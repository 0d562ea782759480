// `tools tsdb list` and `tools tsdb analyze` print what promtool prints for
// the same directory.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hyperion, requirePeer, run } from '../helpers/peers.js';
import { generateOpenMetrics } from '../../bench/data.js';

/** Splits analyze output into sections; lines inside a ranked list are compared as sets (Go breaks ties randomly). */
function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur = 'header';
  out.set(cur, []);
  for (const line of text.split('\n')) {
    if (line.endsWith(':') && !/^\d/.test(line)) {
      cur = line;
      out.set(cur, []);
    } else if (line) out.get(cur)!.push(line);
  }
  for (const [k, v] of out) if (k !== 'header') v.sort();
  return out;
}

describe('tools tsdb list/analyze match promtool', () => {
  let tmp: string;
  let dir: string;
  beforeAll(() => {
    requirePeer('promtool');
    tmp = mkdtempSync(join(tmpdir(), 'hyperion-tools-'));
    const input = join(tmp, 'in.om');
    writeFileSync(input, generateOpenMetrics({ hours: 5, seriesPerFamily: 8, seed: 3 }).text);
    dir = join(tmp, 'blocks');
    run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, dir]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('list prints the same table', () => {
    expect(hyperion(['tools', 'tsdb', 'list', dir])).toBe(run('promtool', ['tsdb', 'list', dir]));
  });

  it('analyze prints the same report for the newest block and for a named one', () => {
    const blocks = readdirSync(dir).filter((d) => /^[0-9A-Z]{26}$/.test(d)).sort();
    for (const args of [[dir], [dir, blocks[0]!]]) {
      const ours = sections(hyperion(['tools', 'tsdb', 'analyze', '--limit=1000', ...args]));
      // promtool 2.42 says "Series:"; Prometheus 3.x (which we follow) says "Total Series:".
      const theirs = sections(run('promtool', ['tsdb', 'analyze', '--limit=1000', ...args]).replace(/^Series: /m, 'Total Series: '));
      expect([...ours.keys()]).toEqual([...theirs.keys()]);
      for (const [k, v] of theirs) expect(ours.get(k), k).toEqual(v);
    }
  });
});
