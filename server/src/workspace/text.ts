// Turning a file's bytes into the text the model reads, the same way under Node and in a browser
// (no Buffer, no node: modules: the web worker's bundle imports this).

/** Files larger than this are not read (VS Code itself never hands an extension a file over 50 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/**
 * UTF-8 decoding with the BOM dropped (VS Code does the same when it opens a file), and a lone
 * CR (not part of CRLF) read as LF: an editor counts it as a line break (VS Code, and LSP), the
 * model breaks lines at LF only, so without this every line after a lone CR in a file read from
 * disk (a definition or reference target) would be off by one. Same length: offsets stay put.
 */
export function decodeText(bytes: Uint8Array): string {
  // TextDecoder drops a leading BOM itself (ignoreBOM is false); invalid sequences become U+FFFD
  // as with Buffer#toString.
  let s = utf8.decode(bytes);
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (s.indexOf('\r') >= 0) s = s.replace(/\r(?!\n)/g, '\n');
  return s;
}
