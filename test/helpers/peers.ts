// Real peers the compatibility tests run against. npm test installs Debian's
// `prometheus` package when missing; a test that needs a peer fails (never
// skips) when it is not there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function requirePeer(cmd: 'promtool' | 'prometheus'): string {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) {
    throw new Error(`${cmd} not found: install Debian's "prometheus" package (npm test does this when run as root)`);
  }
  return path;
}

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'src', 'cli.js');

/** Runs the built `hyperion` CLI and returns stdout. */
export function hyperion(args: string[], opts: { maxBuffer?: number } = {}): string {
  if (!existsSync(CLI)) throw new Error('dist/ missing: run `npm run build` (npm test does it)');
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: opts.maxBuffer ?? 1 << 30 });
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}
