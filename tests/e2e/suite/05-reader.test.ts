// The reader's features on the sample dump, asked through VS Code's own commands as the editor
// asks for them: code lenses, the reply tree (call hierarchy), inlay hints, workspace symbols,
// folding, smart select, document links, the broken-quote quick fix, and the extension's reader
// commands (Next/Previous Post, Go to Quoted Post, Next Reply to This Post).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED, codeOf, commandResult, openDump, posOf, seedLine, waitFor } from './util';

// Places in seeds/000_30f14379e19f2ff5.txt, found by their text (0-based lines):
const FLOOR4_AUTHOR_LINE = seedLine('####  yangkaim4'); // document links point at the next line (#L, 1-based)
const FLOOR5_AUTHOR_LINE = seedLine('####  十点半');
const FLOOR6_AUTHOR_LINE = seedLine('####  sellboy'); // 2025-1-31 09:20
const FLOOR7_AUTHOR_LINE = seedLine('####  jojog');
const FLOOR12_AUTHOR_LINE = seedLine('####  Alce79');
const QUOTE_OF_6_IN_12 = seedLine('<blockquote>sellboy 发表于 2025-1-31 09:20');
const INSIDE_QUOTE_OF_6_IN_12 = QUOTE_OF_6_IN_12 + 2; // an empty line inside that quote
const QUOTE_OF_6_IN_12_END = seedLine('</blockquote>', QUOTE_OF_6_IN_12);
const POST12_LAST = seedLine('那更没人用了', QUOTE_OF_6_IN_12); // post #12's last line
const QUOTE_OF_6_IN_43 = seedLine('pid=67317766&amp;ptid=2244747" target="_blank">sellboy');
const LINKED_QUOTE_OF_4 = seedLine('pid=67317742&amp;'); // <blockquote><a href="…findpost&pid=67317742…">yangkaim4 发表于 2025-1-31 09:19</a>

const broken = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'broken-quote');
const labelText = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

/** Shows the dump with the cursor at (line, character) and waits until the extension host sees it there. */
async function cursorAt(doc: vscode.TextDocument, line: number, character = 0): Promise<vscode.TextEditor> {
  const pos = new vscode.Position(line, character);
  const editor = await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(pos, pos) });
  await waitFor(`the cursor at line ${line}`, () => vscode.window.activeTextEditor, (e) => e?.document === doc && e.selection.active.isEqual(pos), { timeout: 5_000 });
  return editor;
}

/**
 * Runs a reader command and waits until the main thread reports the active editor's cursor on
 * `line` (its selection-change event, not only the extension host's own optimistic copy, so a late
 * echo of an earlier position cannot move the cursor back under the next command).
 */
async function runTo(command: string, line: number): Promise<vscode.TextEditor> {
  const seen: number[] = [];
  const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
    if (e.textEditor === vscode.window.activeTextEditor) seen.push(e.selections[0].active.line);
  });
  try {
    await vscode.commands.executeCommand(command);
    await waitFor(`${command} to move the cursor to line ${line} (selection events seen: ${JSON.stringify(seen)})`, () => seen.includes(line), Boolean, { timeout: 5_000 }).catch(() => undefined);
  } finally {
    sub.dispose();
  }
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, `an active editor after ${command}`);
  assert.equal(editor.selection.active.line, line, `${command} puts the cursor on line ${line} (selection events seen: ${JSON.stringify(seen)})`);
  return editor;
}

suite('Reader features on the sample dump', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await openDump(SEED);
    // Once the server answers for this file it has read it.
    await commandResult('document symbols', 'vscode.executeDocumentSymbolProvider', doc.uri);
  });

  test('code lens `2 replies` on #6 runs forumDump.peekLocations', async () => {
    const lenses = await commandResult<vscode.CodeLens[]>('code lenses', 'vscode.executeCodeLensProvider', doc.uri);
    const onSix = lenses.filter((l) => l.range.start.line === FLOOR6_AUTHOR_LINE);
    const lens = onSix.find((l) => l.command?.title === '2 replies');
    assert.ok(lens, `a lens titled "2 replies" on line ${FLOOR6_AUTHOR_LINE}; lenses there: ${JSON.stringify(onSix.map((l) => l.command?.title))}`);
    assert.equal(lens.command!.command, 'forumDump.peekLocations');
    const args = lens.command!.arguments ?? [];
    assert.equal(args.length, 3, 'the lens passes (uri, position, locations)');
    const locs = args[2] as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(
      locs.map((l) => l.range.start.line).sort((a, b) => a - b),
      [QUOTE_OF_6_IN_12, QUOTE_OF_6_IN_43],
      'the lens peeks the two quotes of #6',
    );
    // The lens on #12 names the post it quotes.
    assert.ok(
      lenses.some((l) => l.range.start.line === FLOOR12_AUTHOR_LINE && l.command?.title === 'quotes #6'),
      `a lens "quotes #6" on line ${FLOOR12_AUTHOR_LINE}; there: ${JSON.stringify(lenses.filter((l) => l.range.start.line === FLOOR12_AUTHOR_LINE).map((l) => l.command?.title))}`,
    );

    await cursorAt(doc, FLOOR6_AUTHOR_LINE);
    await vscode.commands.executeCommand(lens.command!.command, ...args);
    // Close the peek again so later tests type and undo in the dump's own editor.
    await vscode.commands.executeCommand('closeReferenceSearch');
    await vscode.window.showTextDocument(doc, { preview: false });
  });

  test('call hierarchy: #6 is quoted by #12 and #43; #12 quotes #6', async () => {
    const items = await commandResult<vscode.CallHierarchyItem[]>(
      'a call hierarchy item for #6',
      'vscode.prepareCallHierarchy',
      doc.uri,
      posOf(doc, FLOOR6_AUTHOR_LINE, 'sellboy', 2),
    );
    assert.equal(items.length, 1);
    assert.equal(items[0].name, '#6 sellboy');
    const incoming = await commandResult<vscode.CallHierarchyIncomingCall[]>('incoming calls of #6', 'vscode.provideIncomingCalls', items[0]);
    assert.deepEqual(incoming.map((c) => c.from.name).sort(), ['#12 Alce79', '#43 qratosones1337']);
    const from12 = incoming.find((c) => c.from.name === '#12 Alce79')!;
    assert.deepEqual(from12.fromRanges.map((r) => r.start.line), [QUOTE_OF_6_IN_12]);

    const items12 = await commandResult<vscode.CallHierarchyItem[]>(
      'a call hierarchy item for #12',
      'vscode.prepareCallHierarchy',
      doc.uri,
      posOf(doc, FLOOR12_AUTHOR_LINE, 'Alce79', 2),
    );
    assert.equal(items12[0].name, '#12 Alce79');
    const outgoing = await commandResult<vscode.CallHierarchyOutgoingCall[]>('outgoing calls of #12', 'vscode.provideOutgoingCalls', items12[0]);
    assert.deepEqual(outgoing.map((c) => c.to.name), ['#6 sellboy']);
    assert.equal(outgoing[0].to.uri.toString(), doc.uri.toString());
    assert.equal(outgoing[0].to.selectionRange.start.line, FLOOR6_AUTHOR_LINE);
  });

  test('inlay hint `→ #6` after the quote header in #12', async () => {
    const range = new vscode.Range(FLOOR12_AUTHOR_LINE, 0, POST12_LAST + 1, doc.lineAt(POST12_LAST + 1).text.length);
    const hints = await commandResult<vscode.InlayHint[]>('inlay hints', 'vscode.executeInlayHintProvider', doc.uri, range);
    assert.deepEqual(
      hints.map((h) => ({ line: h.position.line, label: labelText(h) })),
      [{ line: QUOTE_OF_6_IN_12, label: '→ #6' }],
    );
    assert.equal(hints[0].position.character, doc.lineAt(QUOTE_OF_6_IN_12).text.trimEnd().length, 'the hint sits at the end of the quote header');
  });

  test('workspace symbols, folding ranges, smart select and document links', async () => {
    // Workspace symbols (Ctrl+T): `#12` finds Alce79's post in the seed (the index may still be
    // reading the rest of the workspace, so poll).
    const symbols = await waitFor(
      'workspace symbol #12 Alce79 in the seed',
      () => vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '#12'),
      (s) => (s ?? []).some((x) => x.name.startsWith('#12 Alce79') && x.location.uri.toString() === doc.uri.toString()),
    );
    const s12 = symbols.find((x) => x.name.startsWith('#12 Alce79') && x.location.uri.toString() === doc.uri.toString())!;
    assert.equal(s12.location.range.start.line, FLOOR12_AUTHOR_LINE);
    // VS Code merges every provider's answer (the built-in Markdown one fuzzily matches `#12` in
    // the .md dumps' headings), so look only at forum-dump's own `#floor author · words` symbols.
    const posts = symbols.filter((x) => /^#\d+ \S/.test(x.name));
    assert.ok(posts.every((x) => x.name.startsWith('#12 ')), `forum-dump answers \`#12\` with floor-12 posts only: ${JSON.stringify(posts.map((x) => x.name))}`);

    // Folding: one range per post (and per multi-line quote).
    const folds = await commandResult<vscode.FoldingRange[]>('folding ranges', 'vscode.executeFoldingRangeProvider', doc.uri);
    const post12 = folds.find((f) => f.start === FLOOR12_AUTHOR_LINE);
    assert.ok(post12, `a folding range starts at line ${FLOOR12_AUTHOR_LINE}`);
    assert.ok(post12.end >= POST12_LAST && post12.end < POST12_LAST + 4, `post #12 folds to its last line (end ${post12.end})`);
    assert.ok(folds.some((f) => f.start === QUOTE_OF_6_IN_12 && f.end === QUOTE_OF_6_IN_12_END), 'the quote in #12 folds too');

    // Smart select inside the quote in #12: the chain grows to the quote, then the post.
    const sel = await commandResult<vscode.SelectionRange[]>('selection ranges', 'vscode.executeSelectionRangeProvider', doc.uri, [new vscode.Position(QUOTE_OF_6_IN_12 + 1, 1)]);
    assert.equal(sel.length, 1);
    const chain: vscode.Range[] = [];
    for (let r: vscode.SelectionRange | undefined = sel[0]; r; r = r.parent) chain.push(r.range);
    const show = JSON.stringify(chain.map((r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`));
    for (let i = 1; i < chain.length; i++) assert.ok(chain[i].contains(chain[i - 1]), `each range holds the one before: ${show}`);
    assert.ok(chain.some((r) => r.start.line === QUOTE_OF_6_IN_12 && r.end.line === QUOTE_OF_6_IN_12_END), `the quote is in the chain: ${show}`);
    assert.ok(chain.some((r) => r.start.line === FLOOR12_AUTHOR_LINE && r.end.line >= POST12_LAST), `post #12 is in the chain: ${show}`);

    // Document links: the findpost link in #6's quote of #4 opens the seed at #4's header line.
    const links = await commandResult<vscode.DocumentLink[]>('document links', 'vscode.executeLinkProvider', doc.uri);
    const toFour = links.filter((l) => l.target && l.target.with({ fragment: '' }).toString() === doc.uri.toString() && l.target.fragment === `L${FLOOR4_AUTHOR_LINE + 1}`);
    assert.ok(
      toFour.length > 0,
      `a link to ${SEED}#L${FLOOR4_AUTHOR_LINE + 1}; links: ${JSON.stringify(links.slice(0, 5).map((l) => `${l.range.start.line}→${l.target?.toString()}`))}`,
    );
    assert.ok(toFour.some((l) => l.range.start.line === LINKED_QUOTE_OF_4), `one of them on line ${LINKED_QUOTE_OF_4}`);
  });

  test('quick fix on a broken quote restores it in one undoable step', async () => {
    await cursorAt(doc, QUOTE_OF_6_IN_12);
    const original = doc.getText();
    assert.equal(doc.isDirty, false, 'the seed starts saved');
    assert.deepEqual(broken(doc.uri), [], 'no broken quote before the edit');
    const at = posOf(doc, QUOTE_OF_6_IN_12, '09:20', 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(at.translate(0, 3), at.translate(0, 5)), '22');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    assert.ok(doc.lineAt(QUOTE_OF_6_IN_12).text.includes('sellboy 发表于 2025-1-31 09:22'));

    const diags = await waitFor('a broken-quote diagnostic', () => broken(doc.uri), (d) => d.length > 0);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, QUOTE_OF_6_IN_12);

    const actions = await commandResult<(vscode.CodeAction | vscode.Command)[]>('code actions', 'vscode.executeCodeActionProvider', doc.uri, diags[0].range);
    const fixes = actions.filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
    assert.ok(fixes.length > 0, `code actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fixes[0].title, 'Point this quote at #6 (sellboy, 2025-01-31 09:20)');
    assert.ok(fixes[0].edit, 'the quick fix carries its edit');

    assert.ok(await vscode.workspace.applyEdit(fixes[0].edit!), 'the quick fix applies');
    assert.equal(doc.getText(), original, 'the quick fix restores the text exactly');
    await waitFor('the broken-quote diagnostic to clear', () => broken(doc.uri), (d) => d.length === 0);

    // One undo takes back the quick fix alone (09:22 again) …
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the dump is the active editor');
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to bring back 09:22', () => doc.lineAt(QUOTE_OF_6_IN_12).text, (t) => t.includes('sellboy 发表于 2025-1-31 09:22'));
    // … and a second one the hand edit, which leaves the seed as it was for the tests after this.
    await vscode.commands.executeCommand('undo');
    await waitFor('a second undo to bring back 09:20', () => doc.lineAt(QUOTE_OF_6_IN_12).text, (t) => t.includes('sellboy 发表于 2025-1-31 09:20'));
    assert.equal(doc.getText(), original);
    await waitFor('the seed to be clean again', () => !doc.isDirty);
    await waitFor('no broken quote after the undos', () => broken(doc.uri), (d) => d.length === 0);
  });

  test('Next Post / Previous Post move between post headers', async () => {
    await cursorAt(doc, 75);
    await runTo('forumDump.nextPost', FLOOR7_AUTHOR_LINE);
    await runTo('forumDump.previousPost', FLOOR6_AUTHOR_LINE);
    await runTo('forumDump.previousPost', FLOOR5_AUTHOR_LINE);
    assert.match(doc.lineAt(FLOOR5_AUTHOR_LINE).text, /^####\s+十点半/);
  });

  test('Go to Quoted Post from inside a quote lands on the quoted post', async () => {
    await cursorAt(doc, INSIDE_QUOTE_OF_6_IN_12);
    const editor = await runTo('forumDump.goToQuotedPost', FLOOR6_AUTHOR_LINE);
    assert.equal(editor.document.uri.toString(), doc.uri.toString());
  });

  test('Next Reply to This Post walks the quotes of #6 and cycles', async () => {
    await cursorAt(doc, FLOOR6_AUTHOR_LINE, 4);
    const first = await runTo('forumDump.nextReply', QUOTE_OF_6_IN_12);
    assert.equal(first.selection.start.line, QUOTE_OF_6_IN_12, 'the selection is the quote header in #12');
    const second = await runTo('forumDump.nextReply', QUOTE_OF_6_IN_43);
    assert.equal(second.selection.start.line, QUOTE_OF_6_IN_43, 'then the quote header in #43');
    await runTo('forumDump.nextReply', QUOTE_OF_6_IN_12); // back to the first: it cycles
  });

  test('the reader commands are registered (Go to Floor… backs the status bar item)', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of [
      'forumDump.goToFloor',
      'forumDump.nextPost',
      'forumDump.previousPost',
      'forumDump.nextReply',
      'forumDump.showReplies',
      'forumDump.goToQuotedPost',
      'forumDump.peekLocations',
    ])
      assert.ok(all.has(c), `${c} is registered`);
  });
});
