// Every process logs JSON lines through pino; components get child loggers
// tagged with `component` so one stream can be filtered per part.
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level?: string;
  /** Write to this fd (default 2, stderr, so stdout stays free for tool output). */
  fd?: number;
}

export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? process.env.HYPERION_LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: opts.fd ?? 2, sync: true }),
  );
}

/** A logger that drops everything; for library code used from tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
