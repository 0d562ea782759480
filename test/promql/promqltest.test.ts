// PromQL test scripts against the real engine: our own scripts in
// test/promql/testdata, the `hyperion tools promql test` command, and — when
// ../shared/promqltest is present next to the repository — Prometheus's own
// core-tier scripts, which must all pass (the acceptance test of issue 3).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTools } from '../../src/cmd/tools.js';
import { CORE_TIER, runFiles, type EvalResult, type RunSummary } from '../../src/promql/promqltest/runner.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TESTDATA = join(REPO, 'test/promql/testdata');
const SHARED = resolve(REPO, '../shared/promqltest');

const data = (name: string) => join(TESTDATA, name);
const brief = (rs: EvalResult[]) => rs.map((r) => `${r.file}:${r.line}: ${r.query}\n    ${r.message ?? ''}`).join('\n');
const failures = (s: RunSummary) => brief(s.results.filter((r) => r.status === 'failed'));
const NATIVE_SKIP = /^(selects native histograms|expects native histogram values|mentions a native histogram series)/;

describe('our promqltest scripts', () => {
  it.each(['load_expansion.test', 'expectations.test'])('%s passes completely', async (name) => {
    const s = await runFiles([data(name)]);
    expect(failures(s)).toBe('');
    expect(s.skipped).toBe(0);
    expect(s.passed).toBeGreaterThan(10);
  });

  it('skips exactly the native histogram evals', async () => {
    const s = await runFiles([data('native_histograms.test')]);
    expect(failures(s)).toBe('');
    expect(s.results.map((r) => `${r.line}:${r.status}`)).toEqual(['9:skipped', '13:skipped', '17:skipped', '20:passed', '30:passed', '34:skipped']);
    for (const r of s.results.filter((x) => x.status === 'skipped')) expect(r.message).toMatch(NATIVE_SKIP);
  });

  it('reports every deliberately wrong expectation as a failure, for the right reason', async () => {
    const s = await runFiles([data('wrong_expectations.test')]);
    expect(s.passed).toBe(0);
    expect(s.skipped).toBe(0);
    const why = Object.fromEntries(s.results.map((r) => [r.line, r.status === 'failed' ? r.message : `(${r.status})`]));
    expect(why).toEqual({
      9: expect.stringContaining('expected 4 for {__name__="metric", a="1"} but got 3'),
      13: expect.stringContaining('unexpected metric {__name__="metric", a="2"} in result'),
      17: expect.stringContaining('expected metric {__name__="metric", a="3"} with'),
      22: expect.stringContaining('to be 11, but got 10'),
      26: expect.stringContaining('but got none'),
      30: expect.stringContaining('expected warn annotations but none were found'),
      35: expect.stringContaining('at position 2 but was at 1'),
      41: expect.stringContaining('expected scalar 3 but got 2'),
      45: expect.stringContaining('expected string "b" but got "a"'),
      49: expect.stringContaining('unexpected info annotations'),
      53: expect.stringContaining('1:11: parse error: unclosed left parenthesis'),
    });
  });
});

describe('hyperion tools promql test', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  async function cli(...args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
    const program = new Command().exitOverride();
    registerTools(program);
    await program.parseAsync(['node', 'hyperion', 'tools', 'promql', 'test', ...args]);
    return out;
  }

  it('prints failures with file:line, query and reason, ends with the summary line and exits 1', async () => {
    const out = await cli(data('wrong_expectations.test'), data('native_histograms.test'));
    const lines = out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 passed, 11 failed, 4 skipped');
    expect(out).toContain(`FAIL ${data('wrong_expectations.test')}:9: metric{a="1"}\n  error in eval "metric{a=\\"1\\"}" at 120000ms (line 9): expected 4 for {__name__="metric", a="1"} but got 3\n`);
    expect(lines.filter((l) => l.startsWith('FAIL '))).toHaveLength(11);
    expect(process.exitCode).toBe(1);
  });

  it('exits 0 when nothing fails, and --run selects evals', async () => {
    const out = await cli('--run', 'sort', data('expectations.test'));
    expect(out).toBe('2 passed, 0 failed, 0 skipped\n');
    expect(process.exitCode ?? 0).toBe(0);
    const byLine = await cli('--run', 'wrong_expectations\\.test:41$', data('wrong_expectations.test'));
    expect(byLine.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
  });
});

// The acceptance test: Prometheus's core-tier scripts, 0 failed, skips only for native histograms.
if (existsSync(SHARED)) {
  describe('Prometheus promqltest core tier (../shared/promqltest)', () => {
    it.each([...CORE_TIER])('%s.test: 0 failed', async (name) => {
      const s = await runFiles([join(SHARED, `${name}.test`)]);
      expect(failures(s)).toBe('');
      expect(s.passed).toBeGreaterThan(0);
      expect(brief(s.results.filter((r) => r.status === 'skipped' && !NATIVE_SKIP.test(r.message ?? '')))).toBe('');
    });
  });
}
