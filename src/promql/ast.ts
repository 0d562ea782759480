// The typed PromQL AST, mirroring Prometheus's promql/parser/ast.go so the
// parser, the engine, String()/format_query and parse_query all agree on one
// shape. Times and durations are milliseconds.
import type { Matcher } from '../model/matchers.js';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Byte offsets into the query text: [start, end). */
export interface PosRange {
  start: number;
  end: number;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call
  | StepInvariantExpr;

export interface NumberLiteral {
  type: 'NumberLiteral';
  val: number;
  pos: PosRange;
}

export interface StringLiteral {
  type: 'StringLiteral';
  val: string;
  pos: PosRange;
}

/** `@ start()` / `@ end()` are resolved by the engine to the query's start/end. */
export type AtModifier = { kind: 'timestamp'; ms: number } | { kind: 'start' } | { kind: 'end' };

export interface VectorSelector {
  type: 'VectorSelector';
  /** The metric name when given outside the braces (also present as a __name__ matcher). */
  name: string;
  matchers: Matcher[];
  /** offset in ms (negative allowed). */
  offset: number;
  at: AtModifier | null;
  pos: PosRange;
}

export interface MatrixSelector {
  type: 'MatrixSelector';
  vectorSelector: VectorSelector;
  range: number;
  pos: PosRange;
}

export interface SubqueryExpr {
  type: 'SubqueryExpr';
  expr: Expr;
  range: number;
  /** 0 means "use the default evaluation interval" (1m). */
  step: number;
  offset: number;
  at: AtModifier | null;
  pos: PosRange;
}

export interface ParenExpr {
  type: 'ParenExpr';
  expr: Expr;
  pos: PosRange;
}

export interface UnaryExpr {
  type: 'UnaryExpr';
  op: '+' | '-';
  expr: Expr;
  pos: PosRange;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface VectorMatching {
  card: Cardinality;
  /** Labels of on(...) / ignoring(...). */
  matchingLabels: string[];
  /** true for on(...), false for ignoring(...) (or no clause). */
  on: boolean;
  /** Extra labels of group_left(...)/group_right(...). */
  include: string[];
}

export interface BinaryExpr {
  type: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** The `bool` modifier on a comparison. */
  returnBool: boolean;
  /** Set when both sides are vectors (Prometheus sets one-to-one by default, many-to-many for set ops). */
  matching: VectorMatching | null;
  pos: PosRange;
}

export type AggregateOp =
  | 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar'
  | 'topk' | 'bottomk' | 'quantile' | 'count_values' | 'limitk' | 'limit_ratio';

export interface AggregateExpr {
  type: 'AggregateExpr';
  op: AggregateOp;
  expr: Expr;
  /** k, φ, label name or ratio for the ops that take one. */
  param: Expr | null;
  grouping: string[];
  without: boolean;
  pos: PosRange;
}

export interface FunctionDef {
  name: string;
  argTypes: ValueType[];
  /** Extra optional arguments of the last type: 0 none, -1 unlimited, n at most n. */
  variadic: number;
  returnType: ValueType;
  experimental?: boolean;
}

export interface Call {
  type: 'Call';
  func: FunctionDef;
  args: Expr[];
  pos: PosRange;
}

/** Wraps a subtree whose value is the same at every step (Prometheus's preprocessing); optional. */
export interface StepInvariantExpr {
  type: 'StepInvariantExpr';
  expr: Expr;
  pos: PosRange;
}

/** Type of an expression's value, as Prometheus's Expr.Type(). */
export function exprType(e: Expr): ValueType {
  switch (e.type) {
    case 'NumberLiteral': return 'scalar';
    case 'StringLiteral': return 'string';
    case 'VectorSelector': return 'vector';
    case 'MatrixSelector': return 'matrix';
    case 'SubqueryExpr': return 'matrix';
    case 'ParenExpr': return exprType(e.expr);
    case 'UnaryExpr': return exprType(e.expr);
    case 'BinaryExpr': return exprType(e.lhs) === 'scalar' && exprType(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'AggregateExpr': return 'vector';
    case 'Call': return e.func.returnType;
    case 'StepInvariantExpr': return exprType(e.expr);
  }
}
