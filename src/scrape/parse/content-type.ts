// Picks the parser for a scrape response the way textparse.New does: the
// OpenMetrics parser for application/openmetrics-text, otherwise (including
// a missing or malformed Content-Type) the text-format parser.
import { OpenMetricsParser, type OpenMetricsOptions } from './openmetrics.js';
import { PromTextParser } from './promtext.js';
import type { ExpositionParser } from './types.js';

export function contentTypeToParser(
  contentType: string | undefined,
  body: Uint8Array,
  opts: OpenMetricsOptions = {},
): ExpositionParser {
  if (contentType && parseMediaType(contentType) === 'application/openmetrics-text') return new OpenMetricsParser(body, opts);
  return new PromTextParser(body);
}

const TSPECIALS = '()<>@,;:\\"/[]?=';
const isTokenChar = (c: string): boolean => c > ' ' && c < '\x7f' && !TSPECIALS.includes(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * The lower-cased media type of a Content-Type value, or null where Go's
 * mime.ParseMediaType would fail (bad type/subtype or parameter syntax).
 */
export function parseMediaType(v: string): string | null {
  const semi = v.indexOf(';');
  const mt = (semi < 0 ? v : v.slice(0, semi)).toLowerCase().trim();
  let i = 0;
  while (i < mt.length && isTokenChar(mt[i]!)) i++;
  if (i === 0) return null;
  if (i < mt.length) {
    if (mt[i] !== '/') return null;
    const j = ++i;
    while (i < mt.length && isTokenChar(mt[i]!)) i++;
    if (i === j || i !== mt.length) return null;
  }
  if (semi < 0) return mt;
  // Parameters: ; key=token or ; key="quoted", trailing ';' tolerated.
  let rest = v.slice(semi);
  const seen = new Set<string>();
  for (;;) {
    let k = 0;
    while (isSpace(rest[k])) k++;
    rest = rest.slice(k);
    if (rest === '') return mt;
    if (rest.trim() === ';') return mt;
    if (rest[0] !== ';') return null;
    k = 1;
    while (isSpace(rest[k])) k++;
    const ks = k;
    while (k < rest.length && isTokenChar(rest[k]!)) k++;
    if (k === ks) return null;
    const key = rest.slice(ks, k).toLowerCase();
    while (isSpace(rest[k])) k++;
    if (rest[k] !== '=') return null;
    k++;
    while (isSpace(rest[k])) k++;
    if (rest[k] === '"') {
      k++;
      while (k < rest.length && rest[k] !== '"') k += rest[k] === '\\' ? 2 : 1;
      if (k >= rest.length) return null;
      k++;
    } else {
      const vs = k;
      while (k < rest.length && isTokenChar(rest[k]!)) k++;
      if (k === vs) return null;
    }
    if (seen.has(key)) return null;
    seen.add(key);
    rest = rest.slice(k);
  }
}
