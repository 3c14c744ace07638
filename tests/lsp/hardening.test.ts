// Unusual clients and hostile protocol input (issue 13), over real JSON-RPC: `node dist/server.js --stdio`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol, Hover, InitializeParams, LocationLink, MarkupContent, Position, Range, SelectionRange } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../helpers/lsp';
import { dump, plainQuote } from '../helpers/dumps';
import { ROOT } from '../helpers/paths';

/** Runs `f` with a fresh server, initialized with `init` (null: not initialized); it must exit cleanly. */
async function withServer<T>(f: (client: LspClient) => Promise<T>, init: Partial<InitializeParams> | null = {}): Promise<T> {
  const client = new LspClient();
  try {
    if (init) await client.initialize(null, init);
    return await f(client);
  } finally {
    assert.equal(await client.shutdown(), 0, client.stderr);
  }
}

const TWO = dump(
  { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first' },
  { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: 'second' },
);

describe('a client without workspaceFolders (issue 13 item 19)', () => {
  it('initialized does not throw, and the server answers', async () => {
    await withServer(async (client) => {
      // Errors of failed handlers are logged to the client.
      const logs: { type: number; message: string }[] = [];
      client.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => logs.push(p));
      await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await client.conn.sendNotification('initialized', {});
      const uri = 'file:///w/nofolders.md';
      await client.open(uri, TWO);
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(syms.length, 2);
      const errors = logs.filter((l) => l.type === 1);
      assert.deepEqual(errors.map((l) => l.message), []);
    }, null);
  });
});

describe('one file under two URI spellings (issue 13 item 7)', () => {
  it('closing one spelling keeps the other open: its edits still apply', async () => {
    await withServer(async (client) => {
      const a = 'file:///w/same.md';
      const b = 'file:///w/%73ame.md';
      await client.open(a, TWO);
      await client.open(b, TWO);
      await client.close(b);
      // Append a third post to the document open as `a`.
      const lines = TWO.split('\n');
      const third = dump({ author: 'carol', floor: 3, date: '2025-1-31 09:30', body: 'third' }).slice(1);
      await client.change(a, 2, [{ range: { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, text: third }]);
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: a } });
      assert.deepEqual(
        syms.map((s) => s.name),
        ['#1 alice', '#2 bob', '#3 carol'],
      );
      // Diagnostics still come for `a`, at its version.
      await client.waitDiagnostics(a, (_d, v) => v === 2);
    });
  });
});

describe('the LSP locale (issue 13 item 8)', () => {
  const hoverOnOp = async (locale: string): Promise<string> => {
    return withServer(async (client) => {
      const uri = 'file:///w/locale.md';
      await client.open(uri, TWO);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 6 } });
      return (h.contents as MarkupContent).value;
    }, { locale });
  };

  it('is not a path: x/../../evil/b does not load a JSON file as the message bundle', async () => {
    const dir = path.join(os.tmpdir(), `fd-evil-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ OP: '[pwn](command:workbench.action.quit) <img src=x onerror=alert(1)>' }));
      const up = '../'.repeat(path.resolve(ROOT, 'l10n').split(path.sep).length + 2);
      const value = await hoverOnOp(`x/${up}${dir.slice(1)}/b`);
      assert.ok(!value.includes('pwn') && !value.includes('<img'), value);
      assert.match(value, /alice\*\* · [^\n]* · OP\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a known locale still translates (zh-CN, and zh-cn-x-private falls back to nothing unknown)', async () => {
    assert.match(await hoverOnOp('zh-CN'), /楼主/);
    assert.match(await hoverOnOp('ZH-cn'), /楼主/);
    assert.doesNotMatch(await hoverOnOp('zh-tw'), /楼主/);
  });
});

/** Every number in an answer, with where it is (no null, NaN or fraction may hide in a range). */
function numbers(x: unknown, at = '$', out: [string, unknown][] = []): [string, unknown][] {
  if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) numbers(v, `${at}.${k}`, out);
  if (/\.(line|character)$/.test(at) || typeof x === 'number') out.push([at, x]);
  return out;
}

/** The outline of a document: names and ranges (what a changed text shows first). */
const outline = (client: LspClient, uri: string) => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }).then((l) => l.map((s) => [s.name, s.range, s.children?.map((c) => [c.name, c.range])]));

describe('didChange ranges as a spec-following client applies them (issue 13 item 6)', () => {
  const base = dump(
    { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first' },
    { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: 'second\r\nwith CRLF\r\nlines' },
    { author: 'carol', floor: 3, date: '2025-1-31 09:30', body: plainQuote('bob', '2025-1-31 09:29', 'second') },
  );
  const at = (line: number, character: number): Position => ({ line, character });
  const range = (start: Position, end: Position): Range => ({ start, end });
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split(/\r\n|\r|\n/).length - 1;
  // [the change as sent, the range a spec-following client (which has integer positions) means]
  const changes: [Range, string, Range?][] = [
    // Reversed: `bob` (characters 6–9 of its author line) becomes `bobby`.
    [range(at(lineOf(base, '####  bob'), 9), at(lineOf(base, '####  bob'), 6)), 'bobby'],
    // Reversed across lines, and past a CRLF line's end (lands before its CR).
    [range(at(lineOf(base, 'with CRLF'), 40), at(lineOf(base, 'second'), 2)), 'cond, now'],
    // A fractional line and character: their integer parts. (vscode-languageserver-textdocument
    // 1.0.12 itself reads a fractional line as NaN and prepends the text to the whole document.)
    [range(at(lineOf(base, '####  alice') + 0.7, 8.9), at(lineOf(base, '####  alice') + 0.2, 11)), 'ICE', range(at(lineOf(base, '####  alice'), 8), at(lineOf(base, '####  alice'), 11))],
    // Negative and beyond the end.
    [range(at(-3, -1), at(-1, 5)), '\n'],
    [range(at(1e9, 3), at(1e9, 0)), dump({ author: 'dave', floor: 4, date: '2025-1-31 09:31', body: 'last' }).slice(1)],
  ];

  it('the server\'s text after each change equals vscode-languageserver-textdocument\'s', async () => {
    await withServer(async (client) => {
      const uri = 'file:///w/changes.md';
      await client.open(uri, base);
      const td = TextDocument.create(uri, 'forum-dump', 1, base);
      let version = 1;
      for (const [sent, text, meant] of changes) {
        version++;
        await client.change(uri, version, [{ range: sent, text }]);
        TextDocument.update(td, [{ range: meant ?? sent, text }], version);
        // The same text opened fresh: the same outline.
        const fresh = `file:///w/fresh${version}.md`;
        await client.open(fresh, td.getText());
        assert.deepEqual(await outline(client, uri), await outline(client, fresh), `after ${JSON.stringify(sent)}: ${JSON.stringify(td.getText())}`);
      }
      assert.match(td.getText(), /####  bobby/);
      assert.match(td.getText(), /se ?cond, now/);
      assert.match(td.getText(), /####  alICE/);
      assert.match(td.getText(), /####  dave/);
    });
  });

  it('selectionRange with a fractional or null position answers whole numbers', async () => {
    await withServer(async (client) => {
      const uri = 'file:///w/select.md';
      await client.open(uri, base);
      const positions = [at(3.5, 2), { line: 3, character: null }, { line: null, character: 4 }, at(4, 7.25)];
      const answer = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions });
      assert.equal(answer.length, positions.length);
      const bad = numbers(answer).filter(([, v]) => !Number.isInteger(v));
      assert.deepEqual(bad, []);
      // The fractional position reads as its integer part.
      const whole = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [at(3, 2)] });
      assert.deepEqual(answer[0], whole[0]);
    });
  });
});

describe('a lone CR is a line break, as LSP counts lines (issue 13 item 5)', () => {
  // Lone CRs in a body, before a separator and before an author line (`\r####  bee`).
  const text = dump(
    { author: 'alice', floor: 1, date: '2025-1-31 09:28', op: true, body: 'first\rline two\rline three' },
    { author: 'bob', floor: 2, date: '2025-1-31 09:29', body: 'second\r\rthird line\r*****\r\r####  bee  \r##### 3#  发表于 2025-1-31 09:31\r\rbuzz' },
    { author: 'carol', floor: 4, date: '2025-1-31 09:32', body: plainQuote('bob', '2025-1-31 09:29', 'second') + '\n' + plainQuote('bee', '2025-1-31 09:31', 'buzz') },
  );
  const td = TextDocument.create('file:///x', 'forum-dump', 1, text);
  const lineOf = (needle: string) => td.positionAt(text.indexOf(needle)).line;
  const headers = ['####  alice', '####  bob', '####  bee', '####  carol'];

  it('open: posts on the lines a spec-following client counts, the \\r####  post found, definitions at its positions', async () => {
    await withServer(async (client) => {
      const uri = 'file:///w/cr.md';
      await client.open(uri, text);
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(
        syms.map((x) => [x.name, x.range.start.line]),
        [['#1 alice', lineOf(headers[0])], ['#2 bob', lineOf(headers[1])], ['#3 bee', lineOf(headers[2])], ['#4 carol', lineOf(headers[3])]],
      );
      for (const [who, header] of [['bob', headers[1]], ['bee', headers[2]]]) {
        const q = td.positionAt(text.indexOf(`<blockquote>${who} 发表于`) + 14);
        const defs = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position: q });
        assert.deepEqual(defs.map((d) => d.targetSelectionRange.start.line), [lineOf(header)], who);
      }
    });
  });

  it('read from disk: the same lines as open (a definition into a page file that is not open)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-cr-'));
    try {
      await withServer(async (client) => {
        fs.writeFileSync(path.join(dir, '777-01[cr].md'), text);
        const page2 = dump({ author: 'dan', floor: 5, date: '2025-1-31 10:00', body: plainQuote('bee', '2025-1-31 09:31', 'buzz') });
        fs.writeFileSync(path.join(dir, '777-02[cr].md'), page2);
        await client.initialize(pathToFileURL(dir).href);
        const p1 = pathToFileURL(path.join(dir, '777-01[cr].md')).href;
        const p2 = pathToFileURL(path.join(dir, '777-02[cr].md')).href;
        await client.open(p2, page2);
        const pos = { line: page2.split('\n').findIndex((l) => l.includes('bee 发表于')), character: 14 };
        let defs: LocationLink[] = [];
        for (let i = 0; i < 100 && defs.length === 0; i++) {
          defs = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: p2 }, position: pos });
          if (defs.length === 0) await new Promise((r) => setTimeout(r, 100));
        }
        assert.deepEqual(defs.map((d) => [d.targetUri, d.targetSelectionRange.start.line]), [[p1, lineOf(headers[2])]]);
        // Opened, the file keeps its posts on the same lines.
        await client.open(p1, text);
        const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: p1 } });
        assert.deepEqual(syms.map((x) => x.range.start.line), headers.map(lineOf));
      }, null);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
