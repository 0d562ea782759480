// The HTTP surface every long-running process has: /metrics, /-/healthy,
// /-/ready. Components add their own routes through `configure`.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from './log.js';
import type { Registry } from './metrics.js';

export interface OpsServerOptions {
  /** host:port, ":port" or "[::1]:port" as Prometheus/Thanos flags take it. */
  address: string;
  registry: Registry;
  logger: Logger;
  /** Readiness: false while replaying, starting or shutting down. */
  ready: () => boolean;
  configure?: (app: FastifyInstance) => void | Promise<void>;
}

export function parseListenAddress(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!m) throw new Error(`invalid listen address ${JSON.stringify(addr)}: want host:port`);
  const host = m[1] ?? m[2] ?? '';
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`invalid listen address ${JSON.stringify(addr)}: port out of range`);
  return { host: host === '' ? '0.0.0.0' : host, port };
}

export async function startOpsServer(opts: OpsServerOptions): Promise<{ app: FastifyInstance; port: number; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_req, reply) => {
    reply.header('Content-Type', opts.registry.contentType);
    return opts.registry.metrics();
  });
  const healthy = async (_req: unknown, reply: { type: (t: string) => void }) => {
    reply.type('text/plain; charset=utf-8');
    return 'Hyperion is Healthy.\n';
  };
  app.get('/-/healthy', healthy); // fastify answers HEAD for GET routes too
  app.get('/-/ready', async (_req, reply) => {
    reply.type('text/plain; charset=utf-8');
    if (opts.ready()) return 'Hyperion is Ready.\n';
    reply.code(503);
    return 'Service Unavailable\n';
  });
  if (opts.configure) await opts.configure(app);
  const { host, port } = parseListenAddress(opts.address);
  await app.listen({ host, port });
  const addr = app.server.address();
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  opts.logger.info({ address: `${host}:${boundPort}` }, 'HTTP server listening');
  return { app, port: boundPort, close: () => app.close() };
}
