// The one place that touches htmlparser2's private fields (the version is pinned exactly in
// package.json). The shared parser (html.ts) needs two things its public API does not offer:
//  - a bound on the open-element stack (`stack`, `foreignContext`): htmlparser2 searches it
//    with indexOf on every closing tag, quadratic in a body of 100k unclosed tags;
//  - a complete reset between fragments: reset() leaves a half-read attribute value
//    (`attribvalue`) and the tokenizer's "special tag" state (`tokenizer.isSpecial`,
//    `sequenceIndex`) behind, which leak into (or throw in) the next fragment.
// internalsOf checks the fields are there with the expected types and throws otherwise, so an
// htmlparser2 upgrade that renames them fails at start-up and in tests/unit/model.test.ts
// ("htmlparser2 internals"), never silently.
import type { Parser } from 'htmlparser2';

interface Internals {
  stack: string[];
  foreignContext: boolean[];
  attribvalue: string;
  tokenizer: { isSpecial: boolean; sequenceIndex: number };
}

/** The private fields of a parser, checked; throws when htmlparser2 changed them. */
export function internalsOf(parser: Parser): Internals {
  const p = parser as unknown as Partial<Internals>;
  const t = p.tokenizer as Partial<Internals['tokenizer']> | undefined;
  const problems = [
    Array.isArray(p.stack) ? '' : 'stack',
    Array.isArray(p.foreignContext) ? '' : 'foreignContext',
    typeof p.attribvalue === 'string' ? '' : 'attribvalue',
    typeof t?.isSpecial === 'boolean' ? '' : 'tokenizer.isSpecial',
    typeof t?.sequenceIndex === 'number' ? '' : 'tokenizer.sequenceIndex',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`htmlparser2's private fields changed (${problems.join(', ')}): update server/src/model/htmlparser2Internals.ts`);
  return p as Internals;
}

/** Forgets all but the innermost `max` open elements. */
export function boundOpenElements(internals: Internals, max: number): void {
  if (internals.stack.length > max) internals.stack.length = max;
  if (internals.foreignContext.length > max) internals.foreignContext.length = max;
}

/** What reset() leaves behind, cleared (call right after reset()). */
export function clearAfterReset(internals: Internals): void {
  internals.attribvalue = '';
  internals.tokenizer.isSpecial = false;
  internals.tokenizer.sequenceIndex = 0;
}
