// Config validation convention: every component describes its configuration
// with a zod schema; parseConfig turns the first problems into one clear
// message naming the source and the field path, and never half-applies.
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

export { z };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseConfig<T extends z.ZodType>(schema: T, value: unknown, source: string): z.infer<T> {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  const problems = res.error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.join('.') : '(root)';
    return `${path}: ${i.message}`;
  });
  throw new ConfigError(`invalid configuration in ${source}: ${problems.join('; ')}`);
}

/** Reads a YAML file, reporting syntax errors with file:line:col. */
export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0];
    throw new ConfigError(`${path}${pos ? `:${pos.line}:${pos.col}` : ''}: ${err.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

/** Prometheus duration: 1y2w3d4h5m6s7ms (units in this order, each at most once). Returns ms. */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  const re = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
  const m = re.exec(s);
  if (!s || !m || m.slice(1).every((x) => x === undefined)) throw new ConfigError(`not a valid duration string: ${JSON.stringify(s)}`);
  const mult = [365 * 86400e3, 7 * 86400e3, 86400e3, 3600e3, 60e3, 1e3, 1];
  let ms = 0;
  for (let i = 0; i < mult.length; i++) if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * mult[i]!;
  return ms;
}

/** Formats ms as a Prometheus duration string (largest units first, e.g. 1h30m). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units: [string, number][] = [['y', 365 * 86400e3], ['w', 7 * 86400e3], ['d', 86400e3], ['h', 3600e3], ['m', 60e3], ['s', 1e3], ['ms', 1]];
  let out = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  for (const [u, n] of units) {
    if (rest >= n) {
      out += Math.floor(rest / n) + u;
      rest %= n;
    }
  }
  return out;
}
