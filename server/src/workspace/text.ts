// Turning a file's bytes into the text the model reads, the same way under Node and in a browser
// (no Buffer, no node: modules: the web worker's bundle imports this).

/** Files larger than this are not read (VS Code itself never hands an extension a file over 50 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/**
 * UTF-8 decoding with the BOM dropped (VS Code does the same when it opens a file). Line breaks
 * are kept as they are: the model counts LF, CRLF and a lone CR as LSP does, so a file read from
 * disk and the same file open in the editor have the same text, lines and posts.
 */
export function decodeText(bytes: Uint8Array): string {
  // TextDecoder drops a leading BOM itself (ignoreBOM is false); invalid sequences become U+FFFD
  // as with Buffer#toString.
  const s = utf8.decode(bytes);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
