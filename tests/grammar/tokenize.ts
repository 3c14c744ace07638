// Test helper: tokenises text with the real TextMate engine (vscode-textmate + vscode-oniguruma),
// exactly as VS Code does it, line by line with the rule stack carried over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

import { ROOT } from '../helpers/paths';

export const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'forum-dump.tmLanguage.json');
export const SCOPE_NAME = 'text.forum-dump';

export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

export interface Line {
  readonly text: string;
  readonly tokens: readonly Token[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

export function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== SCOPE_NAME) return null;
        return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      },
    });
    const grammar = await registry.loadGrammar(SCOPE_NAME);
    if (!grammar) throw new Error(`grammar ${SCOPE_NAME} did not load`);
    return grammar;
  })();
  return grammarPromise;
}

/** Splits like VS Code's text buffer: on CRLF, CR or LF. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Tokenises already split lines, carrying the rule stack from line to line. */
export function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[]): Line[] {
  let stack: vsctm.StateStack = vsctm.INITIAL;
  const out: Line[] = [];
  for (const text of lines) {
    const r = grammar.tokenizeLine(text, stack);
    if (r.stoppedEarly) throw new Error(`tokenisation stopped early on line ${out.length + 1}`);
    stack = r.ruleStack;
    out.push({
      text,
      tokens: r.tokens.map((t) => ({
        start: t.startIndex,
        end: Math.min(t.endIndex, text.length),
        text: text.slice(t.startIndex, t.endIndex),
        scopes: t.scopes,
      })),
    });
  }
  return out;
}

export async function tokenize(text: string): Promise<Line[]> {
  return tokenizeLines(await loadGrammar(), splitLines(text));
}

export function hasScope(token: Token, scope: string): boolean {
  return token.scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

/** The tokens of `line` that overlap the first occurrence of `needle` (at or after `from`). */
export function tokensOf(line: Line, needle: string, from = 0): Token[] {
  const at = line.text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not found in line: ${line.text.slice(0, 200)}`);
  const end = at + needle.length;
  return line.tokens.filter((t) => t.end > at && t.start < end);
}

/** Every token covering `needle` carries `scope` (a scope or a scope prefix such as "markup.quote"). */
export function allHave(line: Line, needle: string, scope: string, from = 0): boolean {
  const toks = tokensOf(line, needle, from);
  return toks.length > 0 && toks.every((t) => hasScope(t, scope));
}

/** No token covering `needle` carries `scope`. */
export function noneHave(line: Line, needle: string, scope: string, from = 0): boolean {
  return tokensOf(line, needle, from).every((t) => !hasScope(t, scope));
}

/** Describes the scopes over `needle`, for assertion messages. */
export function describe(line: Line, needle: string, from = 0): string {
  return tokensOf(line, needle, from)
    .map((t) => `${JSON.stringify(t.text)} ${t.scopes.join(' ')}`)
    .join('\n');
}

/** Index of the first line whose text matches `re` (or includes the string), at or after `from`. */
export function findLine(lines: readonly Line[], re: RegExp | string, from = 0): number {
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (typeof re === 'string' ? text.includes(re) : re.test(text)) return i;
  }
  throw new Error(`no line matches ${String(re)}`);
}

/** Lists every .md file under a folder, sorted, as absolute paths. */
export function listDumps(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(md|txt)$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Reference model for the quote invariant: a plain counter of <blockquote> / </blockquote>,
// reset at every post boundary (separator, author line, floor line). The grammar must agree with
// it on every token: quoted text is exactly the text the counter says is inside a quote, so an
// unbalanced tag can never colour text past its own post.

const BOUNDARY = /^(?:\uFEFF?\*{5}[ \t\r\f\v\u00a0\u3000]*$|####[ \t\u00a0\u3000]{2}|#####[ \t\u00a0\u3000]+\d+#)/;
const TAG = /<(\/?)blockquote>/g;

export interface QuoteMismatch {
  readonly line: number;
  readonly token: Token;
  readonly expected: boolean;
}

/** Returns the tokens where the grammar's quote state disagrees with the reference counter. */
export function quoteMismatches(lines: readonly Line[], limit = 20): QuoteMismatch[] {
  const bad: QuoteMismatch[] = [];
  let depth = 0;
  for (let i = 0; i < lines.length && bad.length < limit; i++) {
    const line = lines[i]!;
    if (BOUNDARY.test(line.text)) depth = 0;
    // depth in effect from each offset on: a begin tag counts after itself, an end tag from its start
    const changes: Array<[number, number]> = [[0, depth]];
    TAG.lastIndex = 0;
    for (let m = TAG.exec(line.text); m; m = TAG.exec(line.text)) {
      if (m[1]) {
        depth = Math.max(0, depth - 1);
        changes.push([m.index, depth]);
      } else {
        depth += 1;
        changes.push([m.index + m[0].length, depth]);
      }
    }
    for (const t of line.tokens) {
      if (t.end <= t.start) continue;
      let d = 0;
      for (const [at, v] of changes) if (at <= t.start) d = v;
      const expected = d > 0;
      if (hasScope(t, 'markup.quote') !== expected) bad.push({ line: i + 1, token: t, expected });
    }
  }
  return bad;
}
