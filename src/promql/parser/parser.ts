// The PromQL parser: a recursive-descent/precedence-climbing parser that
// accepts exactly the language of Prometheus's yacc grammar
// (promql/parser/generated_parser.y) over the Go-compatible token stream of
// ./lexer.ts, builds our AST (../ast.ts) and type-checks it like parse.go's
// checkAST.
//
// Errors: Prometheus reports only the first of its parse errors, so we stop at
// the first one, taking care to raise errors in the order yacc would: lexer
// errors when the offending token is read, semantic errors when a construct
// is reduced (after its parts), syntax errors at the first token that cannot
// continue the input. The "in <context>, expected …" part of a syntax error
// depends on which enclosing construct of the yacc grammar has an `error`
// production; `ctx` mirrors that stack.
import type {
  AggregateExpr,
  AggregateOp,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  Call,
  Expr,
  MatrixSelector,
  NumberLiteral,
  PosRange,
  SubqueryExpr,
  ValueType,
  VectorMatching,
  VectorSelector,
} from '../ast.js';
import { exprType } from '../ast.js';
import { Matcher, type MatchType } from '../../model/matchers.js';
import { METRIC_NAME } from '../../model/labels.js';
import { formatGoFloat, GoNumError } from '../../model/format.js';
import { PromQLError } from '../value.js';
import {
  T,
  type Token,
  lexAll,
  describeToken,
  goQuoteString,
  isAggregator,
  isAggregatorWithParam,
} from './lexer.js';
import { getFunction } from './functions.js';
import {
  goRound,
  msToSeconds,
  parseModelDuration,
  parseNumberLiteral,
  positionString,
  secondsToMs,
  unquote,
} from './util.js';

export interface ParseOptions {
  /**
   * Allow the functions and aggregations Prometheus keeps behind
   * --enable-feature=promql-experimental-functions (limitk, sort_by_label, …).
   * Default true: the promqltest scripts use them, as Prometheus's own test
   * harness enables them.
   */
  enableExperimentalFunctions?: boolean;
}

/** A NumberLiteral that was written as a duration (`5m`); printed back as one. */
export interface DurationNumberLiteral extends NumberLiteral {
  duration?: boolean;
}

/** Our first (and only) error; Prometheus prints only the first of its list. */
class Fail {
  constructor(
    readonly start: number,
    readonly msg: string,
  ) {}
}

const PREC: Partial<Record<number, number>> = {
  [T.LOR]: 1,
  [T.LAND]: 2,
  [T.LUNLESS]: 2,
  [T.EQLC]: 3,
  [T.GTE]: 3,
  [T.GTR]: 3,
  [T.LSS]: 3,
  [T.LTE]: 3,
  [T.NEQ]: 3,
  [T.TRIM_UPPER]: 3,
  [T.TRIM_LOWER]: 3,
  [T.ADD]: 4,
  [T.SUB]: 4,
  [T.MUL]: 5,
  [T.DIV]: 5,
  [T.MOD]: 5,
  [T.ATAN2]: 5,
  [T.POW]: 6,
};
const POW_PREC = 6;
const DURATION_PREC: Partial<Record<number, number>> = { [T.ADD]: 4, [T.SUB]: 4, [T.MUL]: 5, [T.DIV]: 5, [T.MOD]: 5, [T.POW]: 6 };

/** Tokens the grammar's metric_identifier accepts besides IDENTIFIER/METRIC_IDENTIFIER. */
const METRIC_KEYWORDS = new Set<number>([
  T.AVG, T.BOTTOMK, T.BY, T.COUNT, T.COUNT_VALUES, T.FILL, T.FILL_LEFT, T.FILL_RIGHT, T.GROUP, T.LAND, T.LOR, T.LUNLESS,
  T.MAX, T.MIN, T.OFFSET, T.QUANTILE, T.STDDEV, T.STDVAR, T.SUM, T.TOPK, T.WITHOUT, T.START, T.END, T.LIMITK,
  T.LIMIT_RATIO, T.STEP, T.RANGE, T.ANCHORED, T.SMOOTHED, T.MAX_OF, T.MIN_OF,
]);
const isMetricIdentifier = (t: number): boolean => t === T.IDENTIFIER || t === T.METRIC_IDENTIFIER || METRIC_KEYWORDS.has(t);

/** The grammar's maybe_label: tokens usable as label names in grouping lists. */
const MAYBE_LABEL = new Set<number>([
  T.AVG, T.BOOL, T.BOTTOMK, T.BY, T.COUNT, T.COUNT_VALUES, T.GROUP, T.GROUP_LEFT, T.GROUP_RIGHT, T.FILL, T.FILL_LEFT,
  T.FILL_RIGHT, T.IDENTIFIER, T.IGNORING, T.LAND, T.LOR, T.LUNLESS, T.MAX, T.METRIC_IDENTIFIER, T.MIN, T.OFFSET, T.ON,
  T.QUANTILE, T.STDDEV, T.STDVAR, T.SUM, T.TOPK, T.START, T.END, T.ATAN2, T.LIMITK, T.LIMIT_RATIO, T.STEP, T.RANGE,
  T.ANCHORED, T.SMOOTHED, T.MAX_OF, T.MIN_OF,
]);

const isMatchOp = (t: number): boolean => t === T.EQL || t === T.NEQ || t === T.EQL_REGEX || t === T.NEQ_REGEX;

/** Tokens that can begin an expression (after a comma, a trailing comma is reported otherwise). */
function canStartExpr(t: number): boolean {
  return (
    t === T.NUMBER || t === T.DURATION || t === T.STRING || t === T.LEFT_PAREN || t === T.LEFT_BRACE ||
    t === T.ADD || t === T.SUB || isAggregator(t) || isMetricIdentifier(t)
  );
}

const OFFSET_EXPECTED = 'number, duration, step(), or range()';
const EXPERIMENTAL_DURATION = 'experimental duration expression is not enabled';

/** A parsed duration operand: its value in seconds and its position; composite forms are rejected as they complete. */
interface DurLit {
  val: number;
  pos: PosRange;
}

const documentedType = (t: ValueType | 'none'): string => (t === 'vector' ? 'instant vector' : t === 'matrix' ? 'range vector' : t);

export class Parser {
  private readonly toks: Token[];
  private i = 0;
  private readonly ctx: Array<[string, string]> = [];
  private readonly experimental: boolean;
  /** Selectors that may be empty (info()'s second argument). */
  private readonly bypassEmpty = new Set<VectorSelector>();
  private readonly inputBytes: Buffer | null;

  constructor(
    readonly input: string,
    opts: ParseOptions = {},
  ) {
    const { tokens, lexer } = lexAll(input);
    this.toks = tokens;
    this.experimental = opts.enableExperimentalFunctions ?? true;
    this.inputBytes = lexer.bytes ? Buffer.from(input, 'utf8') : null;
  }

  // -------------------------------------------------------------------------
  // Entry points.

  parseExpr(): Expr {
    try {
      if (this.peek().typ === T.EOF) throw new Fail(0, 'no expression found in input');
      const e = this.expr(0);
      if (this.peek().typ !== T.EOF) this.unexpected();
      this.check(e);
      return e;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  parseMetricSelector(): Matcher[] {
    try {
      const t = this.peek();
      let vs: VectorSelector;
      if (isMetricIdentifier(t.typ)) {
        this.i++;
        vs = this.vectorSelector(t);
      } else if (t.typ === T.LEFT_BRACE) {
        vs = this.labelMatchers(null);
      } else this.unexpected();
      if (this.peek().typ !== T.EOF) this.unexpected();
      return vs.matchers;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private wrap(err: unknown): unknown {
    if (err instanceof Fail) return new PromQLError(`${positionString(this.input, err.start)}: parse error: ${err.msg}`, 'bad_data');
    // Thousands of nested parentheses or calls exhaust the JS stack (Go's
    // grows); refuse such input as bad data rather than crash with a 500.
    if (err instanceof RangeError) return new PromQLError(`${positionString(this.input, 0)}: parse error: expression nested too deeply`, 'bad_data');
    return err;
  }

  // -------------------------------------------------------------------------
  // Tokens and errors.

  /** The current token; reading the lexer's ERROR token reports it, as Prometheus's Lex() does. */
  private peek(): Token {
    const t = this.toks[this.i]!;
    if (t.typ === T.ERROR) throw new Fail(t.pos, t.val);
    return t;
  }

  private peekAt(k: number): Token {
    const t = this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
    if (t.typ === T.ERROR) throw new Fail(t.pos, t.val);
    return t;
  }

  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private fail(start: number, msg: string): never {
    throw new Fail(start, msg);
  }

  /** A syntax error at the current token, worded by the innermost construct that has an error rule. */
  private unexpected(): never {
    const t = this.peek();
    let msg = 'unexpected ' + describeToken(t);
    const c = this.ctx[this.ctx.length - 1];
    if (c) {
      if (c[0]) msg += ' in ' + c[0];
      if (c[1]) msg += ', expected ' + c[1];
    }
    throw new Fail(t.pos, msg);
  }

  private setCtx(context: string, expected: string): void {
    this.ctx[this.ctx.length - 1] = [context, expected];
  }

  private unquote(t: Token): string {
    try {
      return unquote(t.val);
    } catch (e) {
      return this.fail(t.pos, `error unquoting string ${goQuoteString(t.val)}: ${(e as Error).message}`);
    }
  }

  // -------------------------------------------------------------------------
  // Expressions.

  private expr(minPrec: number): Expr {
    let lhs = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = PREC[op.typ];
      if (prec === undefined || prec < minPrec) return lhs;
      this.i++;
      const mods = this.binModifiers();
      const rhs = this.expr(op.typ === T.POW ? prec : prec + 1);
      lhs = this.binary(op, lhs, rhs, mods);
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.typ !== T.ADD && t.typ !== T.SUB) return this.postfix(this.primary());
    this.i++;
    // unary_expr has MUL's precedence: it takes in `^` and all postfix modifiers.
    const e = this.expr(POW_PREC);
    if (e.type === 'NumberLiteral') {
      if (t.typ === T.SUB) e.val = -e.val;
      e.pos = { start: t.pos, end: e.pos.end };
      return e;
    }
    return { type: 'UnaryExpr', op: t.typ === T.SUB ? '-' : '+', expr: e, pos: { start: t.pos, end: e.pos.end } };
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.typ) {
      case T.NUMBER:
      case T.DURATION: {
        this.i++;
        const lit = this.numberDurationLiteral(t);
        const n: DurationNumberLiteral = { type: 'NumberLiteral', val: lit.val, pos: lit.pos };
        if (t.typ === T.DURATION) n.duration = true;
        return n;
      }
      case T.STRING:
        this.i++;
        return { type: 'StringLiteral', val: this.unquote(t), pos: { start: t.pos, end: t.end } };
      case T.LEFT_PAREN: {
        this.i++;
        const e = this.expr(0);
        const close = this.peek();
        if (close.typ !== T.RIGHT_PAREN) this.unexpected();
        this.i++;
        return { type: 'ParenExpr', expr: e, pos: { start: t.pos, end: close.end } };
      }
      case T.LEFT_BRACE:
        return this.labelMatchers(null);
      case T.IDENTIFIER:
        this.i++;
        if (this.peek().typ === T.LEFT_PAREN) return this.call(t);
        return this.vectorSelector(t);
      case T.START:
      case T.END:
      case T.STEP:
      case T.RANGE:
      case T.MAX_OF:
      case T.MIN_OF:
        this.i++;
        if (this.peek().typ === T.LEFT_PAREN) return this.call(t);
        return this.vectorSelector(t);
    }
    if (isAggregator(t.typ)) {
      this.i++;
      const n = this.peek().typ;
      if (n === T.LEFT_PAREN || n === T.BY || n === T.WITHOUT) return this.aggregate(t);
      return this.vectorSelector(t);
    }
    if (isMetricIdentifier(t.typ)) {
      this.i++;
      return this.vectorSelector(t);
    }
    return this.unexpected();
  }

  /** Modifiers binding tighter than every operator: offset, @, [range], [range:step]. */
  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      switch (t.typ) {
        case T.OFFSET:
          this.i++;
          this.offset(e);
          break;
        case T.AT:
          this.i++;
          this.at(e);
          break;
        case T.LEFT_BRACKET:
          this.i++;
          e = this.bracket(e, t);
          break;
        case T.ANCHORED:
        case T.SMOOTHED:
          this.i++;
          return this.fail(e.pos.start, `${t.typ === T.ANCHORED ? 'anchored' : 'smoothed'} modifier is experimental and not enabled`);
        default:
          return e;
      }
    }
  }

  // -------------------------------------------------------------------------
  // Literals.

  /** number_duration_literal: a NUMBER (Go ParseInt/ParseFloat) or a DURATION in seconds. */
  private numberDurationLiteral(t: Token): DurLit {
    const pos = { start: t.pos, end: t.end };
    if (t.typ === T.DURATION) {
      try {
        return { val: msToSeconds(parseModelDuration(t.val)), pos };
      } catch (e) {
        return this.fail(t.pos, (e as Error).message);
      }
    }
    try {
      return { val: parseNumberLiteral(t.val), pos };
    } catch (e) {
      if (e instanceof GoNumError) return this.fail(t.pos, `error parsing number: ${e.message}`);
      throw e;
    }
  }

  // -------------------------------------------------------------------------
  // Selectors.

  private vectorSelector(name: Token): VectorSelector {
    if (this.peek().typ === T.LEFT_BRACE) return this.labelMatchers(name);
    const vs: VectorSelector = { type: 'VectorSelector', name: name.val, matchers: [], offset: 0, at: null, pos: { start: name.pos, end: name.end } };
    vs.matchers.push(new Matcher('=', METRIC_NAME, name.val));
    return vs;
  }

  /** `{…}` after an optional metric name; the name's matcher goes last, as Prometheus appends it. */
  private labelMatchers(name: Token | null): VectorSelector {
    const open = this.next();
    const matchers: Matcher[] = [];
    this.ctx.push(['label matching', 'identifier or "}"']);
    let close: Token;
    for (;;) {
      const t = this.peek();
      if (t.typ === T.RIGHT_BRACE) {
        close = t;
        this.i++;
        break;
      }
      if (t.typ === T.IDENTIFIER) {
        this.i++;
        this.setCtx('label matching', 'label matching operator');
        matchers.push(this.labelMatcher(t, t.val));
      } else if (t.typ === T.STRING) {
        this.i++;
        const labelName = this.unquote(t);
        if (isMatchOp(this.peek().typ)) matchers.push(this.labelMatcher(t, labelName));
        else matchers.push(new Matcher('=', METRIC_NAME, labelName));
      } else this.unexpected();
      this.setCtx('label matching', '"," or "}"');
      const sep = this.peek();
      if (sep.typ === T.COMMA) {
        this.i++;
        this.setCtx('label matching', 'identifier or "}"');
        continue;
      }
      if (sep.typ === T.RIGHT_BRACE) {
        close = sep;
        this.i++;
        break;
      }
      this.unexpected();
    }
    this.ctx.pop();
    if (name) matchers.push(new Matcher('=', METRIC_NAME, name.val));
    return {
      type: 'VectorSelector',
      name: name ? name.val : '',
      matchers,
      offset: 0,
      at: null,
      pos: { start: name ? name.pos : open.pos, end: close.end },
    };
  }

  private labelMatcher(label: Token, labelName: string): Matcher {
    const op = this.peek();
    if (!isMatchOp(op.typ)) this.unexpected();
    this.i++;
    this.setCtx('label matching', 'string');
    const v = this.peek();
    if (v.typ !== T.STRING) this.unexpected();
    this.i++;
    const value = this.unquote(v);
    try {
      return new Matcher(op.val as MatchType, labelName, value);
    } catch (e) {
      return this.fail(label.pos, (e as Error).message);
    }
  }

  // -------------------------------------------------------------------------
  // Function calls and aggregations.

  /** `( args )`; returns the args and the closing token. */
  private callBody(): { args: Expr[]; close: Token } {
    this.next(); // (
    const args: Expr[] = [];
    if (this.peek().typ === T.RIGHT_PAREN) return { args, close: this.next() };
    for (;;) {
      args.push(this.expr(0));
      const t = this.peek();
      if (t.typ === T.COMMA) {
        this.i++;
        // A comma not followed by an expression reduces as a trailing comma.
        if (!canStartExpr(this.peek().typ)) this.fail(t.pos, 'trailing commas not allowed in function call args');
        continue;
      }
      if (t.typ === T.RIGHT_PAREN) return { args, close: this.next() };
      this.unexpected();
    }
  }

  private call(name: Token): Call {
    const { args, close } = this.callBody();
    const func = getFunction(name.val);
    if (!func) return this.fail(name.pos, `unknown function with name ${goQuoteString(name.val)}`);
    if (func.experimental && !this.experimental) this.fail(name.pos, `function ${goQuoteString(name.val)} is not enabled`);
    return { type: 'Call', func, args, pos: { start: name.pos, end: close.end } };
  }

  private aggregate(op: Token): AggregateExpr {
    this.ctx.push(['aggregation', '']);
    let grouping: string[] | null = null;
    let without = false;
    const modifier = (): void => {
      without = this.next().typ === T.WITHOUT;
      grouping = this.groupingLabels();
    };
    if (this.peek().typ !== T.LEFT_PAREN) {
      modifier();
      if (this.peek().typ !== T.LEFT_PAREN) this.unexpected();
    }
    const { args, close } = this.callBody();
    let end = close.end;
    if (grouping === null) {
      const t = this.peek().typ;
      if (t === T.BY || t === T.WITHOUT) {
        modifier();
        end = this.toks[this.i - 1]!.end;
      }
    }
    this.ctx.pop();
    const pos = { start: op.pos, end };
    const aop = op.val.toLowerCase() as AggregateOp;
    if (args.length === 0) this.fail(pos.start, 'no arguments for aggregate expression provided');
    let want = 1;
    let param: Expr | null = null;
    if (isAggregatorWithParam(op.typ)) {
      if (!this.experimental && (op.typ === T.LIMITK || op.typ === T.LIMIT_RATIO)) {
        this.fail(pos.start, `${aop}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`);
      }
      want = 2;
      param = args[0]!;
    }
    if (args.length !== want) this.fail(pos.start, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
    return { type: 'AggregateExpr', op: aop, expr: args[want - 1]!, param, grouping: grouping ?? [], without, pos };
  }

  /** grouping_labels: `( label, … )` after by/without/on/ignoring/group_x. */
  private groupingLabels(): string[] {
    this.ctx.push(['grouping opts', '"("']);
    if (this.peek().typ !== T.LEFT_PAREN) this.unexpected();
    this.i++;
    this.setCtx('grouping opts', 'label');
    const labels: string[] = [];
    if (this.peek().typ === T.RIGHT_PAREN) {
      this.i++;
      this.ctx.pop();
      return labels;
    }
    for (;;) {
      const t = this.peek();
      if (MAYBE_LABEL.has(t.typ)) {
        this.i++;
        labels.push(t.val);
      } else if (t.typ === T.STRING) {
        this.i++;
        const name = this.unquote(t);
        if (name === '') this.fail(t.pos, `invalid label name for grouping: ${goQuoteString(name)}`);
        labels.push(name);
      } else this.unexpected();
      this.setCtx('grouping opts', '"," or ")"');
      const sep = this.peek();
      if (sep.typ === T.COMMA) {
        this.i++;
        this.setCtx('grouping opts', 'label');
        if (this.peek().typ === T.RIGHT_PAREN) {
          this.i++;
          break;
        }
        continue;
      }
      if (sep.typ === T.RIGHT_PAREN) {
        this.i++;
        break;
      }
      this.unexpected();
    }
    this.ctx.pop();
    return labels;
  }

  // -------------------------------------------------------------------------
  // Binary expressions.

  private binModifiers(): { returnBool: boolean; matching: VectorMatching; fill: boolean } {
    const matching: VectorMatching = { card: 'one-to-one', matchingLabels: [], on: false, include: [] };
    let returnBool = false;
    if (this.peek().typ === T.BOOL) {
      this.i++;
      returnBool = true;
    }
    let t = this.peek().typ;
    if (t === T.ON || t === T.IGNORING) {
      this.i++;
      matching.on = t === T.ON;
      matching.matchingLabels = this.groupingLabels();
      t = this.peek().typ;
      if (t === T.GROUP_LEFT || t === T.GROUP_RIGHT) {
        this.i++;
        matching.card = t === T.GROUP_LEFT ? 'many-to-one' : 'one-to-many';
        // maybe_grouping_labels: a following `(` is always taken as the label
        // list. yacc gives states with an error rule no default reduction, so
        // a token that can neither start the label list nor follow it is
        // reported here, in the grouping context.
        const n = this.peek().typ;
        if (n === T.LEFT_PAREN) matching.include = this.groupingLabels();
        else if (!canStartExpr(n) && n !== T.FILL && n !== T.FILL_LEFT && n !== T.FILL_RIGHT) {
          this.ctx.push(['grouping opts', '"("']);
          this.unexpected();
        }
      }
    }
    // fill(v) / fill_left(v) / fill_right(v) (and a left/right pair): parsed, then refused.
    let fill = false;
    t = this.peek().typ;
    if (t === T.FILL || t === T.FILL_LEFT || t === T.FILL_RIGHT) {
      this.i++;
      this.fillValue();
      fill = true;
      const n = this.peek().typ;
      if ((t === T.FILL_LEFT && n === T.FILL_RIGHT) || (t === T.FILL_RIGHT && n === T.FILL_LEFT)) {
        this.i++;
        this.fillValue();
      }
    }
    return { returnBool, matching, fill };
  }

  private fillValue(): void {
    if (this.peek().typ !== T.LEFT_PAREN) this.unexpected();
    this.i++;
    let t = this.peek();
    if (t.typ === T.ADD || t.typ === T.SUB) {
      this.i++;
      t = this.peek();
    }
    if (t.typ !== T.NUMBER && t.typ !== T.DURATION) this.unexpected();
    this.i++;
    this.numberDurationLiteral(t);
    if (this.peek().typ !== T.RIGHT_PAREN) this.unexpected();
    this.i++;
  }

  private binary(op: Token, lhs: Expr, rhs: Expr, mods: { returnBool: boolean; matching: VectorMatching; fill: boolean }): BinaryExpr {
    const pos = { start: lhs.pos.start, end: rhs.pos.end };
    if (mods.fill) this.fail(pos.start, 'binop fill modifiers are experimental and not enabled');
    if (op.typ === T.TRIM_UPPER || op.typ === T.TRIM_LOWER) {
      // Native-histogram trimming operators: not representable here.
      this.fail(pos.start, `binary expression does not support operator ${goQuoteString(op.val)}`);
    }
    return {
      type: 'BinaryExpr',
      op: op.val.toLowerCase() as BinaryOp,
      lhs,
      rhs,
      returnBool: mods.returnBool,
      matching: mods.matching,
      pos,
    };
  }

  // -------------------------------------------------------------------------
  // offset, @, ranges and subqueries.

  /** offset_duration_expr, in seconds. */
  private offset(e: Expr): void {
    this.ctx.push(['offset', OFFSET_EXPECTED]);
    let t = this.peek();
    let sec: number;
    if (t.typ === T.NUMBER || t.typ === T.DURATION) {
      this.i++;
      const lit = this.numberDurationLiteral(t);
      if (durationOutOfRange(lit.val)) this.fail(lit.pos.start, 'duration out of range');
      sec = lit.val;
    } else if ((t.typ === T.ADD || t.typ === T.SUB) && (this.peekAt(1).typ === T.NUMBER || this.peekAt(1).typ === T.DURATION)) {
      this.i++;
      const n = this.next();
      const lit = this.numberDurationLiteral(n);
      sec = t.typ === T.SUB ? -lit.val : lit.val;
      if (durationOutOfRange(sec)) this.fail(t.pos, 'duration out of range');
    } else if ((t.typ === T.ADD || t.typ === T.SUB) && this.peekAt(1).typ === T.LEFT_PAREN) {
      // unary_op ( duration_expr ): accepted without the duration-expression feature.
      this.i++;
      this.i++;
      const inner = this.durationExpr(0);
      if (this.peek().typ !== T.RIGHT_PAREN) this.unexpected();
      this.i++;
      sec = t.typ === T.SUB ? -inner.val : inner.val;
    } else {
      const d = this.durationExpr(0);
      sec = d.val;
    }
    this.ctx.pop();
    t = this.toks[this.i - 1]!;
    this.addOffset(e, secondsToMs(sec), t.end);
  }

  private addOffset(e: Expr, ms: number, end: number): void {
    let target: VectorSelector | SubqueryExpr;
    switch (e.type) {
      case 'VectorSelector':
        target = e;
        break;
      case 'MatrixSelector':
        target = e.vectorSelector;
        break;
      case 'SubqueryExpr':
        target = e;
        break;
      default:
        return this.fail(e.pos.start, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    }
    if (target.offset !== 0) this.fail(e.pos.start, 'offset may not be set multiple times');
    target.offset = ms;
    e.pos.end = end;
  }

  private at(e: Expr): void {
    this.ctx.push(['@', 'timestamp']);
    const t = this.peek();
    let at: AtModifier;
    if (t.typ === T.START || t.typ === T.END) {
      this.i++;
      if (this.peek().typ !== T.LEFT_PAREN) this.unexpected();
      this.i++;
      if (this.peek().typ !== T.RIGHT_PAREN) this.unexpected();
      this.i++;
      this.ctx.pop();
      at = { kind: t.typ === T.START ? 'start' : 'end' };
    } else {
      let sign = 1;
      let n = t;
      if (t.typ === T.ADD || t.typ === T.SUB) {
        this.i++;
        sign = t.typ === T.SUB ? -1 : 1;
        n = this.peek();
      }
      if (n.typ !== T.NUMBER && n.typ !== T.DURATION) this.unexpected();
      this.i++;
      const ts = sign * this.numberDurationLiteral(n).val;
      this.ctx.pop();
      if (!Number.isFinite(ts) || ts >= 9223372036854775807 || ts <= -9223372036854775808) {
        this.fail(e.pos.start, `timestamp out of bounds for @ modifier: ${formatGoFloat(ts, 'f', 6)}`);
      }
      at = { kind: 'timestamp', ms: goRound(ts * 1000) + 0 }; // + 0: no -0
    }
    let target: VectorSelector | SubqueryExpr;
    switch (e.type) {
      case 'VectorSelector':
        target = e;
        break;
      case 'MatrixSelector':
        target = e.vectorSelector;
        break;
      case 'SubqueryExpr':
        target = e;
        break;
      default:
        return this.fail(e.pos.start, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    }
    if (target.at) this.fail(e.pos.start, '@ <timestamp> may not be set multiple times');
    target.at = at;
    e.pos.end = this.toks[this.i - 1]!.end;
  }

  private bracket(e: Expr, open: Token): Expr {
    this.ctx.push(['subquery or range selector', OFFSET_EXPECTED]);
    const range = this.positiveDuration();
    this.setCtx('subquery or range', '":" or "]"');
    const t = this.peek();
    if (t.typ === T.RIGHT_BRACKET) {
      this.i++;
      this.ctx.pop();
      let msg = '';
      if (e.type !== 'VectorSelector') msg = 'ranges only allowed for vector selectors';
      else if (e.offset !== 0) msg = 'no offset modifiers allowed before range';
      else if (e.at) msg = 'no @ modifiers allowed before range';
      if (msg) this.fail(open.pos, msg);
      const m: MatrixSelector = { type: 'MatrixSelector', vectorSelector: e as VectorSelector, range, pos: { start: e.pos.start, end: t.end } };
      return m;
    }
    if (t.typ !== T.COLON) this.unexpected();
    this.i++;
    this.setCtx('subquery selector', 'number, duration, step(), range(), or "]"');
    let step = 0;
    if (this.peek().typ !== T.RIGHT_BRACKET) {
      step = this.positiveDuration();
      this.setCtx('subquery selector', '"]"');
      if (this.peek().typ !== T.RIGHT_BRACKET) this.unexpected();
    }
    const close = this.next();
    this.ctx.pop();
    return { type: 'SubqueryExpr', expr: e, range, step, offset: 0, at: null, pos: { start: e.pos.start, end: close.end } };
  }

  /** positive_duration_expr → milliseconds. */
  private positiveDuration(): number {
    const d = this.durationExpr(0);
    if (!(d.val > 0)) this.fail(d.pos.start, 'duration must be greater than 0');
    return secondsToMs(d.val);
  }

  /**
   * duration_expr. Only literals (with signs) are part of default Prometheus;
   * arithmetic, parentheses, step(), range(), min_of() and max_of() are the
   * experimental duration expressions and are refused as they complete.
   */
  private durationExpr(minPrec: number): DurLit {
    const lhs = this.durationUnary();
    const op = this.peek();
    const prec = DURATION_PREC[op.typ];
    if (prec === undefined || prec < minPrec) return lhs;
    this.i++;
    // Arithmetic on durations: refused once its right-hand side is complete.
    this.durationExpr(op.typ === T.POW ? prec : prec + 1);
    return this.fail(lhs.pos.start, EXPERIMENTAL_DURATION);
  }

  private durationUnary(): DurLit {
    const t = this.peek();
    switch (t.typ) {
      case T.NUMBER:
      case T.DURATION: {
        this.i++;
        const lit = this.numberDurationLiteral(t);
        if (durationOutOfRange(lit.val)) this.fail(lit.pos.start, 'duration out of range');
        return lit;
      }
      case T.ADD:
      case T.SUB: {
        this.i++;
        const d = this.durationExpr(POW_PREC);
        const val = t.typ === T.SUB ? -d.val : d.val;
        if (durationOutOfRange(val)) this.fail(t.pos, 'duration out of range');
        return { val, pos: { start: t.pos, end: d.pos.end } };
      }
      case T.STEP:
      case T.RANGE: {
        this.i++;
        if (this.peek().typ !== T.LEFT_PAREN) this.unexpected();
        this.i++;
        if (this.peek().typ !== T.RIGHT_PAREN) this.unexpected();
        this.i++;
        return this.fail(t.pos, EXPERIMENTAL_DURATION);
      }
      case T.MAX_OF:
      case T.MIN_OF: {
        this.i++;
        if (this.peek().typ !== T.LEFT_PAREN) this.unexpected();
        this.i++;
        this.durationExpr(0);
        if (this.peek().typ !== T.COMMA) this.unexpected();
        this.i++;
        this.durationExpr(0);
        if (this.peek().typ !== T.RIGHT_PAREN) this.unexpected();
        this.i++;
        return this.fail(t.pos, EXPERIMENTAL_DURATION);
      }
      case T.LEFT_PAREN: {
        this.i++;
        const inner = this.durationExpr(0);
        if (this.peek().typ !== T.RIGHT_PAREN) this.unexpected();
        this.i++;
        return this.fail(inner.pos.start, EXPERIMENTAL_DURATION);
      }
    }
    return this.unexpected();
  }

  // -------------------------------------------------------------------------
  // Type checking (parse.go checkAST), first error only.

  private opRangeStart(n: BinaryExpr): number {
    let s = n.lhs.pos.end;
    while (isSpaceByte(this.byteAt(s))) s++;
    return s;
  }

  private byteAt(i: number): number {
    if (this.inputBytes) return i < this.inputBytes.length ? this.inputBytes[i]! : -1;
    return i < this.input.length ? this.input.charCodeAt(i) : -1;
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const t = this.check(e);
    if (t !== want) this.fail(e.pos.start, `expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`);
  }

  check(n: Expr): ValueType {
    // Long operator chains nest deeply on the left; walk that spine in a loop.
    if (n.type === 'BinaryExpr') return this.checkBinaryChain(n);
    // Types come from the checked children, never by re-walking the tree.
    let typ: ValueType;
    switch (n.type) {
      case 'AggregateExpr':
        typ = 'vector';
        this.expectType(n.expr, 'vector', 'aggregation expression');
        if (n.op === 'topk' || n.op === 'bottomk' || n.op === 'quantile' || n.op === 'limitk' || n.op === 'limit_ratio') {
          this.expectType(n.param!, 'scalar', 'aggregation parameter');
        }
        if (n.op === 'count_values') this.expectType(n.param!, 'string', 'aggregation parameter');
        break;
      case 'Call': {
        const f = n.func;
        typ = f.returnType;
        const nargs = f.argTypes.length;
        if (f.variadic === 0) {
          if (nargs !== n.args.length) this.fail(n.pos.start, `expected ${nargs} argument(s) in call to ${goQuoteString(f.name)}, got ${n.args.length}`);
        } else {
          const na = nargs - 1;
          if (na > n.args.length) {
            this.fail(n.pos.start, `expected at least ${na} argument(s) in call to ${goQuoteString(f.name)}, got ${n.args.length}`);
          } else if (f.variadic > 0 && na + f.variadic < n.args.length) {
            this.fail(n.pos.start, `expected at most ${na + f.variadic} argument(s) in call to ${goQuoteString(f.name)}, got ${n.args.length}`);
          }
        }
        if (f.name === 'info' && n.args.length > 1) {
          const a = n.args[1]!;
          if (exprType(a) !== 'vector') this.fail(n.pos.start, `expected type instant vector in call to function "info", got ${documentedType(exprType(a))}`);
          if (a.type === 'VectorSelector' && a.name !== '') this.fail(a.pos.start, 'expected label selectors only, got vector selector instead');
          else if (a.type === 'VectorSelector') this.bypassEmpty.add(a);
          else this.fail(a.pos.start, 'expected label selectors only');
        }
        for (let i = 0; i < n.args.length; i++) {
          let k = i;
          if (k >= nargs) {
            if (f.variadic === 0) break;
            k = nargs - 1;
          }
          const arg = n.args[i]!;
          const t = this.check(arg);
          if (t !== f.argTypes[k]) {
            this.fail(arg.pos.start, `expected type ${documentedType(f.argTypes[k]!)} in call to function ${goQuoteString(f.name)}, got ${documentedType(t)}`);
          }
        }
        break;
      }
      case 'ParenExpr':
        typ = this.check(n.expr);
        break;
      case 'UnaryExpr': {
        const t = this.check(n.expr);
        typ = t;
        if (t !== 'scalar' && t !== 'vector') {
          this.fail(n.pos.start, `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuoteString(documentedType(t))}`);
        }
        break;
      }
      case 'SubqueryExpr': {
        typ = 'matrix';
        const t = this.check(n.expr);
        if (t !== 'vector') this.fail(n.pos.start, `subquery is only allowed on instant vector, got ${t} instead`);
        break;
      }
      case 'MatrixSelector':
        typ = 'matrix';
        this.check(n.vectorSelector);
        break;
      case 'VectorSelector':
        typ = 'vector';
        if (n.name !== '') {
          // The last matcher is the name's own; an earlier __name__ sets it twice.
          for (let i = 0; i < n.matchers.length - 1; i++) {
            const m = n.matchers[i]!;
            if (m.name === METRIC_NAME) this.fail(n.pos.start, `metric name must not be set twice: ${goQuoteString(n.name)} or ${goQuoteString(m.value)}`);
          }
          break;
        }
        if (!this.bypassEmpty.has(n) && n.matchers.every((m) => m.matchesEmpty())) {
          this.fail(n.pos.start, 'vector selector must contain at least one non-empty matcher');
        }
        break;
      case 'StepInvariantExpr':
        typ = this.check(n.expr);
        break;
      case 'NumberLiteral':
        typ = 'scalar';
        break;
      case 'StringLiteral':
        typ = 'string';
        break;
    }
    return typ;
  }

  private checkBinaryChain(top: BinaryExpr): ValueType {
    const spine: BinaryExpr[] = [];
    let cur: Expr = top;
    while (cur.type === 'BinaryExpr') {
      spine.push(cur);
      cur = cur.lhs;
    }
    let lt = this.check(cur);
    for (let i = spine.length - 1; i >= 0; i--) {
      const n = spine[i]!;
      const rt = this.check(n.rhs);
      this.checkBinary(n, lt, rt);
      lt = lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
    }
    return lt;
  }

  private checkBinary(n: BinaryExpr, lt: ValueType, rt: ValueType): void {
    const opToken = n.op;
    const cmp = opToken === '==' || opToken === '!=' || opToken === '>' || opToken === '<' || opToken === '>=' || opToken === '<=';
    const setOp = opToken === 'and' || opToken === 'or' || opToken === 'unless';
    const m = n.matching!;
    if (n.returnBool && !cmp) this.fail(this.opRangeStart(n), 'bool modifier can only be used on comparison operators');
    if (cmp && !n.returnBool && rt === 'scalar' && lt === 'scalar') {
      this.fail(this.opRangeStart(n), 'comparisons between scalars must use BOOL modifier');
    }
    if (setOp && m.card === 'one-to-one') m.card = 'many-to-many';
    if (m.on) {
      for (const l1 of m.matchingLabels) {
        if (m.include.includes(l1)) this.fail(this.opRangeStart(n), `label ${goQuoteString(l1)} must not occur in ON and GROUP clause at once`);
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') this.fail(n.lhs.pos.start, 'binary expression must contain only scalar and instant vector types');
    if (rt !== 'scalar' && rt !== 'vector') this.fail(n.rhs.pos.start, 'binary expression must contain only scalar and instant vector types');
    if (lt !== 'vector' || rt !== 'vector') {
      if (m.matchingLabels.length > 0) this.fail(n.pos.start, 'vector matching only allowed between instant vectors');
      n.matching = null;
    } else if (setOp) {
      if (m.card === 'one-to-many' || m.card === 'many-to-one') this.fail(n.pos.start, `no grouping allowed for ${goQuoteString(n.op)} operation`);
      if (m.card !== 'many-to-many') this.fail(n.pos.start, 'set operations must always be many-to-many');
    }
    if ((lt === 'scalar' || rt === 'scalar') && setOp) {
      this.fail(n.pos.start, `set operator ${goQuoteString(n.op)} not allowed in binary scalar expression`);
    }
  }
}

const isSpaceByte = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** A duration literal's seconds beyond time.Duration's range. */
function durationOutOfRange(sec: number): boolean {
  return sec > 9223372036.854775807 || sec < -9223372036.854775808;
}
