// Series selectors (`up{job="x"}`, `{__name__=~"a.*"}`) parsed with the
// official PromQL grammar. The full expression parser arrives with the
// engine; tools and APIs that take `match[]` need only this part.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { Matcher, type MatchType } from '../model/matchers.js';
import { METRIC_NAME } from '../model/labels.js';

export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

/** Line:col of an offset, 1-based, as Prometheus reports parse positions. */
function pos(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `${line}:${col}`;
}

/** Unquotes a PromQL string literal ("…", '…' with Go escapes, or `…` raw). */
export function unquoteString(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) throw new SelectorParseError(`invalid string literal ${lit}`);
  const body = lit.slice(1, -1);
  if (q === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': case "'": out += e; break;
      case 'x': out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case 'U': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16)); i += 8; break;
      default:
        if (e !== undefined && e >= '0' && e <= '7') {
          out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
          i += 2;
          break;
        }
        throw new SelectorParseError(`invalid escape sequence \\${e ?? ''} in ${lit}`);
    }
  }
  return out;
}

/** Parses a series selector into matchers; errors carry Prometheus-style positions. */
export function parseMetricSelector(text: string): Matcher[] {
  const tree = parser.parse(text);
  const top = tree.topNode.firstChild;
  let err: SyntaxNode | null = null;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError && !err) err = n.node;
    },
  });
  if (err) throw new SelectorParseError(`${pos(text, (err as SyntaxNode).from)}: parse error: unexpected input in selector ${JSON.stringify(text)}`);
  if (!top || top.name !== 'VectorSelector' || top.nextSibling) {
    throw new SelectorParseError(`1:1: parse error: expected a series selector, got ${JSON.stringify(text)}`);
  }
  const matchers: Matcher[] = [];
  for (let c = top.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Identifier') matchers.push(new Matcher('=', METRIC_NAME, text.slice(c.from, c.to)));
    if (c.name !== 'LabelMatchers') continue;
    for (let m = c.firstChild; m; m = m.nextSibling) {
      if (m.name === 'UnquotedLabelMatcher' || m.name === 'QuotedLabelMatcher') {
        const nameNode = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
        const op = m.getChild('MatchOp');
        const val = m.getChild('StringLiteral');
        if (!nameNode || !op || !val) throw new SelectorParseError(`${pos(text, m.from)}: parse error: incomplete label matcher`);
        const rawName = text.slice(nameNode.from, nameNode.to);
        const name = nameNode.name === 'QuotedLabelName' ? unquoteString(rawName) : rawName;
        matchers.push(new Matcher(text.slice(op.from, op.to) as MatchType, name, unquoteString(text.slice(val.from, val.to))));
      } else if (m.name === 'QuotedLabelName') {
        matchers.push(new Matcher('=', METRIC_NAME, unquoteString(text.slice(m.from, m.to))));
      }
    }
  }
  // Like Prometheus's ParseMetricSelector, matchers that all match the empty
  // string are allowed here (promtool's own default is {__name__=~'(?s:.*)'});
  // expression parsing and the HTTP API apply the non-empty rule themselves.
  return matchers;
}
