// What the CLI prints is text from dumps (authors, dates, messages naming them, file names): none
// of it may reach a terminal as a control sequence (an OSC 0 window title, ESC[2J, an OSC 8
// hyperlink, a C1 CSI) or reorder what is shown (bidi overrides and isolates), or break a line
// (U+2028/2029). Human-readable lines get such characters as visible escapes; JSON stays valid JSON
// with them as \u escapes.

/** C0 controls but LF, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates, lone surrogates. */
const UNSAFE_TEXT = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The ones JSON.stringify leaves raw (it escapes C0 and lone surrogates itself). */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

/**
 * A line (or lines: LF is kept) for a terminal: each unsafe character as `\xHH` (controls) or
 * `\uHHHH` (the rest), so `\x1B]0;title\x07` is printed as those ten visible characters.
 */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE_TEXT, (c) => (c.charCodeAt(0) <= 0x9f ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * JSON text (from JSON.stringify) with C1 controls, DEL, U+2028/2029 and bidi controls written as
 * `\uHHHH` too: those can only occur inside its strings, where the escape means the same character.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
