// The PromQL parser's public face: parse an expression or a series selector
// exactly as Prometheus 3.x does (same accepted language, same AST, same
// first error with its "line:col: parse error: …" text), and print
// expressions back as String(), format_query and parse_query do.
import type { Expr } from '../ast.js';
import type { Matcher } from '../../model/matchers.js';
import { PromQLError } from '../value.js';
import { Parser, type ParseOptions } from './parser.js';
import { GoSyntaxError, parseModelDuration } from './util.js';

export type { ParseOptions, DurationNumberLiteral } from './parser.js';
export { FUNCTIONS, getFunction } from './functions.js';
export { exprToString, prettify, astToJSON, matcherString } from './printer.js';
export { unquote as unquoteString, formatModelDuration, positionString } from './util.js';

/**
 * Parses and type-checks a PromQL expression (Prometheus ParseExpr). Throws
 * PromQLError (bad_data) with Prometheus's message, e.g.
 * `1:5: parse error: unclosed left parenthesis`.
 */
export function parseExpr(input: string, opts?: ParseOptions): Expr {
  return new Parser(input, opts).parseExpr();
}

/**
 * Parses a series selector for match[] (Prometheus ParseMetricSelector):
 * no type check, so selectors matching the empty string are allowed here.
 * The metric name's matcher, when given before the braces, comes last.
 */
export function parseMetricSelector(input: string): Matcher[] {
  return new Parser(input).parseMetricSelector();
}

/** A Prometheus duration literal ("1h30m", "0") in milliseconds; PromQLError (bad_data) with Go's message otherwise. */
export function parseDurationLiteral(s: string): number {
  try {
    return parseModelDuration(s);
  } catch (e) {
    if (e instanceof GoSyntaxError) throw new PromQLError(e.message, 'bad_data');
    throw e;
  }
}
