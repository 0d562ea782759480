#!/usr/bin/env node
// `npm test`: provisions the real peers the tests compare against, builds the
// CLI, runs vitest, and prints "N passed, N failed" as the last line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

// Real Prometheus server and promtool (Debian package `prometheus`).
if (!have('promtool') || !have('prometheus')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && have('apt-get')) {
    console.error('[test] installing Debian package prometheus (promtool + reference server)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { env });
  } else {
    console.error('[test] promtool/prometheus missing and cannot install (need root + apt-get); peer tests will fail');
  }
}

// The CLI the e2e and crash tests spawn is the built one.
if (run('npx', ['tsc', '-p', 'tsconfig.build.json']) !== 0) {
  console.error('[test] TypeScript build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const results = '.vitest-results.json';
rmSync(results, { force: true });
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = r.numFailedTests ?? 0;
  // A suite that fails to load has no tests; count it as a failure so it cannot hide.
  for (const f of r.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (skipped > 0) {
    console.error(`[test] ${skipped} skipped/todo tests: treated as failures`);
    failed += skipped;
  }
} else if (status !== 0) {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
