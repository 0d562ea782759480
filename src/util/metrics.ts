// Own metrics via prom-client. Each process has one Registry; components
// register their metrics on it, prefixed `hyperion_` or `prometheus_tsdb_`
// where we mirror a Prometheus metric so existing dashboards work.
import client from 'prom-client';

export type Registry = client.Registry;
export const { Counter, Gauge, Histogram, Summary, Registry: RegistryClass } = client;

export function createRegistry(component: string): client.Registry {
  const reg = new client.Registry();
  client.collectDefaultMetrics({ register: reg });
  const info = new client.Gauge({
    name: 'hyperion_build_info',
    help: 'Build information; always 1.',
    labelNames: ['version', 'component'] as const,
    registers: [reg],
  });
  info.set({ version: VERSION, component }, 1);
  return reg;
}

/** Returns the metric already registered under `name` or creates it (safe for re-opened components). */
export function getOrCreate<T extends client.Metric<string>>(reg: client.Registry | undefined, name: string, make: (regs: client.Registry[]) => T): T {
  if (reg) {
    const existing = reg.getSingleMetric(name);
    if (existing) return existing as T;
  }
  return make(reg ? [reg] : []);
}

export const VERSION = '0.1.0';
