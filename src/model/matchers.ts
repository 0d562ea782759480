// Label matchers (=, !=, =~, !~). Regexes are fully anchored and `.` matches
// newlines, as Prometheus compiles them ("^(?s:" + re + ")$"); RE2 syntax is
// translated by ./regex.ts.
import { compileAnchored } from './regex.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export class Matcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
  private readonly re: RegExp | undefined;

  constructor(type: MatchType, name: string, value: string) {
    this.type = type;
    this.name = name;
    this.value = value;
    if (type === '=~' || type === '!~') {
      try {
        this.re = compileAnchored(value);
      } catch (e) {
        // Go's text: error parsing regexp: missing closing ): `(a`
        throw new Error(`error parsing regexp: ${(e as Error).message}`);
      }
    }
  }

  matches(v: string): boolean {
    switch (this.type) {
      case '=': return v === this.value;
      case '!=': return v !== this.value;
      case '=~': return this.re!.test(v);
      case '!~': return !this.re!.test(v);
    }
  }

  /** True when the matcher accepts the empty string, i.e. also series without the label. */
  matchesEmpty(): boolean {
    return this.matches('');
  }

  toString(): string {
    return `${this.name}${this.type}${JSON.stringify(this.value)}`;
  }
}

export function matcher(type: MatchType, name: string, value: string): Matcher {
  return new Matcher(type, name, value);
}
