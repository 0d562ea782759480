// Expressions back to text: Prometheus's Expr.String() (printer.go), the
// format_query prettifier (prettier.go, Pretty(0) with its 100-byte line
// rule) and the parse_query tree (web/api/v1/translate_ast.go).
import type { AggregateExpr, AtModifier, BinaryExpr, Expr, VectorMatching, VectorSelector } from '../ast.js';
import type { Matcher } from '../../model/matchers.js';
import { compareUtf8, METRIC_NAME } from '../../model/labels.js';
import { formatGoFloat } from '../../model/format.js';
import { goQuoteString } from './lexer.js';
import { formatModelDuration, utf8Length } from './util.js';
import type { DurationNumberLiteral } from './parser.js';

const LEGACY_LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function writeLabels(ss: readonly string[]): string {
  let s = '';
  for (let i = 0; i < ss.length; i++) {
    if (i > 0) s += ', ';
    s += LEGACY_LABEL_RE.test(ss[i]!) ? ss[i]! : goQuoteString(ss[i]!);
  }
  return s;
}

/** labels.Matcher.String(): the name quoted unless it is a legacy label name. */
export function matcherString(m: Matcher): string {
  const name = LEGACY_LABEL_RE.test(m.name) ? m.name : goQuoteString(m.name);
  return name + m.type + goQuoteString(m.value);
}

function aggOpString(e: AggregateExpr): string {
  if (e.without) return `${e.op} without (${writeLabels(e.grouping)}) `;
  if (e.grouping.length > 0) return `${e.op} by (${writeLabels(e.grouping)}) `;
  return e.op;
}

function hasParam(e: AggregateExpr): boolean {
  return e.op === 'topk' || e.op === 'bottomk' || e.op === 'count_values' || e.op === 'quantile' || e.op === 'limitk' || e.op === 'limit_ratio';
}

function matchingString(vm: VectorMatching | null): string {
  if (!vm) return '';
  let s = '';
  const grouped = vm.card === 'many-to-one' || vm.card === 'one-to-many';
  if (vm.matchingLabels.length > 0 || vm.on || grouped) s += ` ${vm.on ? 'on' : 'ignoring'} (${writeLabels(vm.matchingLabels)})`;
  if (grouped) s += ` group_${vm.card === 'many-to-one' ? 'left' : 'right'} (${writeLabels(vm.include)})`;
  return s;
}

function atString(at: AtModifier | null): string {
  if (!at) return '';
  if (at.kind === 'start') return ' @ start()';
  if (at.kind === 'end') return ' @ end()';
  return ' @ ' + formatGoFloat(at.ms / 1000, 'f', 3);
}

function offsetString(ms: number): string {
  if (ms > 0) return ' offset ' + formatModelDuration(ms);
  if (ms < 0) return ' offset -' + formatModelDuration(-ms);
  return '';
}

function selectorBody(vs: VectorSelector): string {
  const parts: string[] = [];
  for (const m of vs.matchers) {
    // The name's own matcher is implied by the name (an explicit empty name matcher is kept).
    if (m.name === METRIC_NAME && m.type === '=' && m.value === vs.name && m.value !== '') continue;
    parts.push(matcherString(m));
  }
  let s = vs.name;
  if (parts.length) s += '{' + parts.sort(compareUtf8).join(',') + '}';
  return s;
}

function binaryOpString(e: BinaryExpr): string {
  return e.op + (e.returnBool ? ' bool' : '') + matchingString(e.matching);
}

/** Prometheus's Expr.String(). */
export function exprToString(e: Expr): string {
  switch (e.type) {
    case 'AggregateExpr':
      return `${aggOpString(e)}(${hasParam(e) && e.param ? exprToString(e.param) + ', ' : ''}${exprToString(e.expr)})`;
    case 'BinaryExpr': {
      // Operator chains nest deeply on the left; print that spine in a loop.
      const spine: BinaryExpr[] = [];
      let cur: Expr = e;
      while (cur.type === 'BinaryExpr') {
        spine.push(cur);
        cur = cur.lhs;
      }
      let s = exprToString(cur);
      for (let i = spine.length - 1; i >= 0; i--) s += ` ${binaryOpString(spine[i]!)} ${exprToString(spine[i]!.rhs)}`;
      return s;
    }
    case 'Call':
      return `${e.func.name}(${e.args.map(exprToString).join(', ')})`;
    case 'MatrixSelector': {
      const vs = e.vectorSelector;
      return `${selectorBody(vs)}[${formatModelDuration(e.range)}]${atString(vs.at)}${offsetString(vs.offset)}`;
    }
    case 'SubqueryExpr':
      return exprToString(e.expr) + subquerySuffix(e.range, e.step, e.at, e.offset);
    case 'NumberLiteral': {
      if ((e as DurationNumberLiteral).duration) {
        // model.Duration(val·1e9): nanoseconds truncated, printed in ms units.
        const ms = (v: number): number => Math.trunc(Math.trunc(v * 1e9) / 1e6);
        return e.val < 0 ? '-' + formatModelDuration(ms(-e.val)) : formatModelDuration(ms(e.val));
      }
      return formatGoFloat(e.val, 'f');
    }
    case 'ParenExpr':
      return `(${exprToString(e.expr)})`;
    case 'StringLiteral':
      return goQuoteString(e.val);
    case 'UnaryExpr':
      return e.op + exprToString(e.expr);
    case 'VectorSelector':
      return selectorBody(e) + atString(e.at) + offsetString(e.offset);
    case 'StepInvariantExpr':
      return exprToString(e.expr);
  }
}

function subquerySuffix(range: number, step: number, at: AtModifier | null, offset: number): string {
  return `[${formatModelDuration(range)}:${step !== 0 ? formatModelDuration(step) : ''}]${atString(at)}${offsetString(offset)}`;
}

// ---------------------------------------------------------------------------
// format_query.

const indent = (n: number): string => '  '.repeat(n);
const needsSplit = (e: Expr, max: number): boolean => utf8Length(exprToString(e)) > max;

/**
 * Prometheus's Prettify (Expr.Pretty(0)), as /api/v1/format_query returns it:
 * a node is split over lines when its one-line form exceeds `maxLineLength`
 * bytes (100 in Prometheus; other values only for tests).
 */
export function prettify(e: Expr, maxLineLength = 100): string {
  return pretty(e, 0, maxLineLength);
}

function pretty(e: Expr, level: number, max: number): string {
  switch (e.type) {
    case 'AggregateExpr': {
      if (!needsSplit(e, max)) return indent(level) + exprToString(e);
      let s = indent(level) + aggOpString(e) + '(\n';
      if (hasParam(e) && e.param) s += pretty(e.param, level + 1, max) + ',\n';
      return s + pretty(e.expr, level + 1, max) + '\n' + indent(level) + ')';
    }
    case 'BinaryExpr':
      if (!needsSplit(e, max)) return indent(level) + exprToString(e);
      return `${pretty(e.lhs, level + 1, max)}\n${indent(level)}${binaryOpString(e)}\n${pretty(e.rhs, level + 1, max)}`;
    case 'Call':
      if (!needsSplit(e, max)) return indent(level) + exprToString(e);
      return `${indent(level)}${e.func.name}(\n${e.args.map((a) => pretty(a, level + 1, max)).join(',\n')}\n${indent(level)})`;
    case 'ParenExpr':
      if (!needsSplit(e, max)) return indent(level) + exprToString(e);
      return `${indent(level)}(\n${pretty(e.expr, level + 1, max)}\n${indent(level)})`;
    case 'SubqueryExpr':
      // Unsplit subqueries are printed without indentation, as Prometheus does.
      if (!needsSplit(e, max)) return exprToString(e);
      return pretty(e.expr, level, max) + subquerySuffix(e.range, e.step, e.at, e.offset);
    case 'UnaryExpr':
      return indent(level) + e.op + pretty(e.expr, level, max).trim();
    case 'StepInvariantExpr':
      return pretty(e.expr, level, max);
    case 'MatrixSelector':
    case 'VectorSelector':
    case 'NumberLiteral':
    case 'StringLiteral':
      return indent(level) + exprToString(e);
  }
}

// ---------------------------------------------------------------------------
// parse_query. Keys are in sorted order: Go's encoding/json sorts map keys.

function matchersJSON(ms: readonly Matcher[]): unknown[] {
  return ms.map((m) => ({ name: m.name, type: m.type, value: m.value }));
}

function startOrEnd(at: AtModifier | null): string | null {
  return at && at.kind !== 'timestamp' ? at.kind : null;
}

function timestamp(at: AtModifier | null): number | null {
  return at && at.kind === 'timestamp' ? at.ms : null;
}

/** The /api/v1/parse_query tree of an expression (translate_ast.go). */
export function astToJSON(e: Expr): unknown {
  switch (e.type) {
    case 'AggregateExpr':
      return {
        expr: astToJSON(e.expr),
        grouping: [...e.grouping],
        op: e.op,
        param: e.param ? astToJSON(e.param) : null,
        type: 'aggregation',
        without: e.without,
      };
    case 'BinaryExpr': {
      const m = e.matching;
      return {
        bool: e.returnBool,
        lhs: astToJSON(e.lhs),
        matching: m
          ? { card: m.card, fillValues: { lhs: null, rhs: null }, include: [...m.include], labels: [...m.matchingLabels], on: m.on }
          : null,
        op: e.op,
        rhs: astToJSON(e.rhs),
        type: 'binaryExpr',
      };
    }
    case 'Call':
      return {
        args: e.args.map(astToJSON),
        func: { argTypes: [...e.func.argTypes], name: e.func.name, returnType: e.func.returnType, variadic: e.func.variadic },
        type: 'call',
      };
    case 'MatrixSelector': {
      const vs = e.vectorSelector;
      return {
        anchored: false,
        matchers: matchersJSON(vs.matchers),
        name: vs.name,
        offset: vs.offset,
        offsetExpr: null,
        range: e.range,
        rangeExpr: null,
        smoothed: false,
        startOrEnd: startOrEnd(vs.at),
        timestamp: timestamp(vs.at),
        type: 'matrixSelector',
      };
    }
    case 'SubqueryExpr':
      return {
        expr: astToJSON(e.expr),
        offset: e.offset,
        offsetExpr: null,
        range: e.range,
        rangeExpr: null,
        startOrEnd: startOrEnd(e.at),
        step: e.step,
        stepExpr: null,
        timestamp: timestamp(e.at),
        type: 'subquery',
      };
    case 'NumberLiteral':
      return { type: 'numberLiteral', val: formatGoFloat(e.val, 'f') };
    case 'ParenExpr':
      return { expr: astToJSON(e.expr), type: 'parenExpr' };
    case 'StringLiteral':
      return { type: 'stringLiteral', val: e.val };
    case 'UnaryExpr':
      return { expr: astToJSON(e.expr), op: e.op, type: 'unaryExpr' };
    case 'VectorSelector':
      return {
        anchored: false,
        matchers: matchersJSON(e.matchers),
        name: e.name,
        offset: e.offset,
        offsetExpr: null,
        smoothed: false,
        startOrEnd: startOrEnd(e.at),
        timestamp: timestamp(e.at),
        type: 'vectorSelector',
      };
    case 'StepInvariantExpr':
      return astToJSON(e.expr);
  }
}
