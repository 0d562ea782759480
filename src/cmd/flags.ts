// Flag value parsers shared by the subcommands (commander argParsers).
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../util/config.js';

/** A Prometheus duration (5m, 1h30m, 15d) in ms. */
export function durationArg(v: string): number {
  try {
    return parseDuration(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/** A (possibly negative) integer, e.g. a millisecond timestamp. */
export function int64Arg(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`not an integer: ${v}`);
  return Number(v);
}
