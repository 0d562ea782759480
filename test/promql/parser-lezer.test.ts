// Cross-check against the official lezer grammar (@prometheus-io/lezer-promql):
// wherever it parses an expression without error, our AST must have the same
// shape. The lezer grammar is the editor's grammar, not Prometheus's own, and
// differs from generated_parser.y in a few places, which is why the parser
// follows the yacc grammar; those differences are pinned below.
import { describe, expect, it } from 'vitest';
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { Expr } from '../../src/promql/ast.js';
import { parseExpr } from '../../src/promql/parser/index.js';

const MAP: Record<string, string> = {
  AggregateExpr: 'Agg',
  BinaryExpr: 'Bin',
  FunctionCall: 'Call',
  MatrixSelector: 'Matrix',
  NumberDurationLiteral: 'Num',
  ParenExpr: 'Paren',
  StringLiteral: 'Str',
  SubqueryExpr: 'Sub',
  UnaryExpr: 'Unary',
  VectorSelector: 'Vec',
};

/** The tree's expression nodes as Kind(children…); null when lezer reports a syntax error. */
function lezerShape(q: string): string | null {
  const tree = parser.parse(q);
  let err = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) err = true;
    },
  });
  if (err) return null;
  const walk = (node: SyntaxNode): string[] => {
    const out: string[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const kind = MAP[c.name];
      if (kind) out.push(`${kind}(${walk(c).join(',')})`);
      else if (c.name === 'OffsetExpr' || c.name === 'FunctionCallBody') out.push(...walk(c));
      // `expr @ ts`: only the expression, not the timestamp literal.
      else if (c.name === 'StepInvariantExpr') out.push(...walk(c).slice(0, 1));
    }
    return out;
  };
  // Prometheus folds a sign into a number literal; lezer sometimes keeps a UnaryExpr.
  let shape = walk(tree.topNode).join(',');
  while (shape.includes('Unary(Num())')) shape = shape.replace('Unary(Num())', 'Num()');
  return shape;
}

function ourShape(e: Expr): string {
  const k = (t: string, ...c: string[]): string => `${t}(${c.join(',')})`;
  switch (e.type) {
    case 'AggregateExpr': return k('Agg', ...(e.param ? [ourShape(e.param)] : []), ourShape(e.expr));
    case 'BinaryExpr': return k('Bin', ourShape(e.lhs), ourShape(e.rhs));
    case 'Call': return k('Call', ...e.args.map(ourShape));
    case 'MatrixSelector': return k('Matrix', ourShape(e.vectorSelector));
    case 'SubqueryExpr': return k('Sub', ourShape(e.expr));
    case 'NumberLiteral': return k('Num');
    case 'StringLiteral': return k('Str');
    case 'ParenExpr': return k('Paren', ourShape(e.expr));
    case 'UnaryExpr': return k('Unary', ourShape(e.expr));
    case 'VectorSelector': return k('Vec');
    case 'StepInvariantExpr': return ourShape(e.expr);
  }
}

const CORPUS = [
  '1', '-1', '+1 + -2 * 1', '1 + 2/(3*1)', '1 < bool 2 - 1 * 2', '2 ^ 3 ^ 2', '-(2 ^ 2)', '2 * -3',
  'foo', 'foo:bar', '{__name__="foo"}', 'foo{a="b", c!~"d.*",}', '{"foo.bar"}', '{"a.b"="c", d="e"}',
  'foo offset 5m', 'foo offset -5m', 'foo @ 1234', 'foo @ start()', 'foo[5m]', 'foo[5m] offset 1h @ end()',
  'foo[1h:5m]', 'foo[1h:]', 'rate(foo[5m])[30m:1m]', '(foo + bar)[5m:]', 'min_over_time(rate(foo[5m])[1h:1m] offset 2m)',
  'sum(foo)', 'sum by (a, b) (foo)', 'sum(foo) without (a)', 'topk(5, foo)', 'quantile(0.9, foo) by (le)',
  'count_values("v", foo)', 'sum by ("a.b") (foo)', 'limitk(2, foo)',
  'foo + on(a) group_left(b) bar', 'foo / ignoring(a) group_right bar', 'foo and bar or baz unless qux',
  'foo == bool 1', 'foo atan2 bar', 'foo % 2 * 3 / 4', 'a - b - c', 'a ^ b ^ c', 'a + b * c ^ d',
  'rate(http_requests_total{job="api"}[5m])', 'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
  'label_replace(up, "dst", "$1", "src", "(.*)")', 'label_join(up, "dst", ",", "a", "b")', 'time()', 'vector(1)',
  'clamp(foo, 0, 1)', 'round(foo, 0.5)', 'absent_over_time(foo[5m])', 'sort_by_label(foo, "a", "b")',
  '"string"', "'single'", '`raw`', '(1)', '((foo))', '-foo', '-(foo + 1)', 'foo offset 5m + bar',
  'sum(rate(foo[5m])) / sum(rate(bar[5m])) > 0.5', 'count(up == 0) by (job)',
  '1e3', '0x1f', 'Inf', 'NaN', '.5', '1_000', '5m', '1h30m + 1',
];

describe('shape agrees with the official lezer grammar', () => {
  const inputs = [...CORPUS];
  it.each(inputs)('%s', (q) => {
    const ours = ourShape(parseExpr(q));
    const lz = lezerShape(q);
    expect(lz).not.toBeNull();
    expect(ours).toBe(lz);
  });
});

describe('where the lezer grammar differs from Prometheus, we follow Prometheus', () => {
  it('unary minus binds looser than ^ (Prometheus: -1^2 = -(1^2))', () => {
    expect(lezerShape('-1^2')).toBe('Bin(Num(),Num())');
    expect(ourShape(parseExpr('-1^2'))).toBe('Unary(Bin(Num(),Num()))');
  });

  it('keywords are metric names where the yacc grammar allows it', () => {
    for (const q of ['offset', 'by', 'sum', 'start', 'and', 'offset offset 5m']) {
      expect(ourShape(parseExpr(q)), q).toBe('Vec()');
    }
    expect(lezerShape('offset')).toBeNull();
  });

  it('numbers may end in a dot', () => {
    expect(lezerShape('5.')).toBeNull();
    expect(parseExpr('5.')).toMatchObject({ type: 'NumberLiteral', val: 5 });
  });

  it('unknown functions are reported by name rather than as a syntax error', () => {
    expect(lezerShape('foo(bar)')).toBeNull();
    expect(() => parseExpr('foo(bar)')).toThrow('1:1: parse error: unknown function with name "foo"');
  });
});
