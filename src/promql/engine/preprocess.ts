// What the engine works out before evaluating: which subtrees are step
// invariant (Prometheus wraps them in StepInvariantExpr and evaluates them
// once), and which time range each selector needs from storage (the select
// hints, as Prometheus's getTimeRangesForSelector). The AST is not modified.
import type { AtModifier, Expr, VectorSelector } from '../ast.js';
import type { SelectHints } from '../storage.js';

/** Functions whose result depends on the evaluation time even with step-invariant arguments. */
const AT_MODIFIER_UNSAFE = new Set([
  'days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'end', 'hour', 'minute', 'month', 'year',
  'predict_linear', 'range', 'start', 'step', 'time', 'timestamp',
]);

/** start(), end(), range(), step() are constants of the query (folded to numbers by Prometheus). */
export const QUERY_CONTEXT_FUNCTIONS = new Set(['start', 'end', 'range', 'step']);

export function unwrapParens(e: Expr): Expr {
  while (e.type === 'ParenExpr') e = e.expr;
  return e;
}

/**
 * The nodes Prometheus's PreprocessExpr would wrap in a StepInvariantExpr:
 * vector/scalar subtrees whose value is the same at every step.
 */
export function stepInvariantNodes(root: Expr): Set<Expr> {
  const wrap = new Set<Expr>();
  const visit = (e: Expr): [boolean, boolean] => {
    switch (e.type) {
      case 'VectorSelector':
        return [e.at !== null, e.at !== null];
      case 'AggregateExpr':
        return visit(unwrapParens(e.expr));
      case 'BinaryExpr': {
        const [li, lw] = visit(e.lhs);
        const [ri, rw] = visit(e.rhs);
        if (li && ri) return [true, true];
        if (lw) wrap.add(e.lhs);
        if (rw) wrap.add(e.rhs);
        return [false, false];
      }
      case 'Call': {
        if (QUERY_CONTEXT_FUNCTIONS.has(e.func.name)) return [true, false];
        let inv = !AT_MODIFIER_UNSAFE.has(e.func.name);
        // timestamp(x @ t) is invariant although timestamp() in general is not.
        let tsSafe = e.func.name === 'timestamp';
        const args = e.args.map(unwrapParens);
        const shouldWrap = args.map((a) => {
          const [ai, aw] = visit(a);
          inv = inv && ai;
          if (!ai || a.type !== 'VectorSelector') tsSafe = false;
          return aw;
        });
        if (inv || tsSafe) return [true, true];
        args.forEach((a, i) => {
          if (shouldWrap[i]) wrap.add(a);
        });
        return [false, false];
      }
      case 'MatrixSelector':
        return [visit(e.vectorSelector)[0], false];
      case 'SubqueryExpr': {
        const inner = unwrapParens(e.expr);
        if (visit(inner)[0]) wrap.add(inner);
        return [e.at !== null, false];
      }
      case 'ParenExpr':
        return visit(e.expr);
      case 'UnaryExpr':
        return visit(e.expr);
      case 'StringLiteral':
      case 'NumberLiteral':
        return [true, false];
      case 'StepInvariantExpr':
        visit(e.expr);
        return [true, false];
    }
  };
  const [, w] = visit(root);
  if (w) wrap.add(root);
  return wrap;
}

export interface QueryTimes {
  start: number;
  end: number;
  step: number;
  lookback: number;
  noStepSubqueryInterval: number;
}

export function resolveAt(at: AtModifier | null, q: QueryTimes): number | null {
  if (at === null) return null;
  switch (at.kind) {
    case 'timestamp': return at.ms;
    case 'start': return q.start;
    case 'end': return q.end;
  }
}

/**
 * Storage hints per selector: the inclusive sample range each one needs,
 * following the evaluation times through subqueries, offsets and @.
 */
export function selectorHints(root: Expr, q: QueryTimes): Map<VectorSelector, SelectHints> {
  const out = new Map<VectorSelector, SelectHints>();
  // func: the nearest enclosing function or aggregation, not across a binary
  // operator (extractFuncFromPath); agg: the aggregation directly above.
  type Ctx = { lo: number; hi: number; step: number; func?: string; agg?: { grouping: string[]; by: boolean } };
  const visitSel = (vs: VectorSelector, c: Ctx, range: number): void => {
    const at = resolveAt(vs.at, q);
    const lo = (at ?? c.lo) - vs.offset;
    const hi = (at ?? c.hi) - vs.offset;
    const w = range > 0 ? range : q.lookback;
    const h: SelectHints = { start: lo - w + 1, end: hi, step: c.step };
    if (range > 0) h.range = range;
    if (c.func !== undefined) h.func = c.func;
    if (c.agg !== undefined) {
      h.grouping = c.agg.grouping;
      h.by = c.agg.by;
    }
    out.set(vs, h);
  };
  const inner = (c: Ctx): Ctx => {
    const d: Ctx = { lo: c.lo, hi: c.hi, step: c.step };
    if (c.func !== undefined) d.func = c.func;
    return d;
  };
  const visit = (e: Expr, c: Ctx): void => {
    switch (e.type) {
      case 'VectorSelector':
        visitSel(e, c, 0);
        return;
      case 'MatrixSelector':
        visitSel(e.vectorSelector, inner(c), e.range);
        return;
      case 'SubqueryExpr': {
        const at = resolveAt(e.at, q);
        const lo = (at ?? c.lo) - e.offset - e.range;
        const hi = (at ?? c.hi) - e.offset;
        const step = e.step > 0 ? e.step : q.noStepSubqueryInterval;
        const d: Ctx = { lo, hi, step };
        if (c.func !== undefined) d.func = c.func;
        visit(e.expr, d);
        return;
      }
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'StepInvariantExpr':
        visit(e.expr, inner(c));
        return;
      case 'BinaryExpr':
        visit(e.lhs, { lo: c.lo, hi: c.hi, step: c.step });
        visit(e.rhs, { lo: c.lo, hi: c.hi, step: c.step });
        return;
      case 'AggregateExpr':
        visit(e.expr, { lo: c.lo, hi: c.hi, step: c.step, func: e.op, agg: { grouping: e.grouping, by: !e.without } });
        if (e.param) visit(e.param, { lo: c.lo, hi: c.hi, step: c.step, func: e.op, agg: { grouping: e.grouping, by: !e.without } });
        return;
      case 'Call':
        for (const a of e.args) visit(a, { lo: c.lo, hi: c.hi, step: c.step, func: e.func.name });
        return;
      case 'NumberLiteral':
      case 'StringLiteral':
        return;
    }
  };
  visit(root, { lo: q.start, hi: q.end, step: q.step });
  return out;
}
