// Reader commands: Go to Floor…, Next/Previous Post, Next Reply to This Post, Show Replies,
// Go to Quoted Post, and the status bar item `#12 / 95 · sellboy`.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { COMMANDS, floorLabel, LANGUAGE_ID, POSTS_REQUEST, type PostsParams, type PostSummary } from '../../shared/protocol';

/** A command on the active forum-dump editor (any other editor: a message saying so). */
export function editorCommand(id: string, f: (editor: vscode.TextEditor) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== LANGUAGE_ID) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a forum dump first.'));
      return;
    }
    await f(editor);
  });
}

export class Reader {
  private cache = new Map<string, { version: number; posts: PostSummary[] }>();
  private status: vscode.StatusBarItem;
  /** Where "Next Reply to This Post" stands: the post it follows and the reply it showed last. */
  private replyWalk: { uri: string; line: number; shown: number; at?: vscode.Location } | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.status = vscode.window.createStatusBarItem('forumDump.post', vscode.StatusBarAlignment.Right, 100);
    this.status.name = vscode.l10n.t('Forum Dump: current post');
    this.status.command = COMMANDS.goToFloor;
  }

  register(context: vscode.ExtensionContext): void {
    const editorCmd = editorCommand;
    context.subscriptions.push(
      this.status,
      editorCmd(COMMANDS.goToFloor, (e) => this.goToFloor(e)),
      editorCmd(COMMANDS.nextPost, (e) => this.step(e, 1)),
      editorCmd(COMMANDS.previousPost, (e) => this.step(e, -1)),
      editorCmd(COMMANDS.nextReply, (e) => this.nextReply(e)),
      editorCmd(COMMANDS.showReplies, (e) => this.showReplies(e)),
      editorCmd(COMMANDS.goToQuotedPost, (e) => this.goToQuoted(e)),
      vscode.commands.registerCommand(COMMANDS.peekLocations, (uri: string, position: { line: number; character: number }, locations: { uri: string; range: vscode.Range }[]) =>
        this.peek(uri, position, locations),
      ),
      vscode.window.onDidChangeTextEditorSelection((e) => void this.updateStatus(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => void this.updateStatus(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    );
    void this.updateStatus(vscode.window.activeTextEditor);
  }

  /** The posts of a document, from the server, cached per version. */
  async posts(doc: vscode.TextDocument): Promise<PostSummary[]> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.posts;
    const c = this.client();
    if (!c) return [];
    await c.start();
    const posts = (await c.sendRequest<PostSummary[]>(POSTS_REQUEST, { uri: c.code2ProtocolConverter.asUri(doc.uri) } satisfies PostsParams)) ?? [];
    this.cache.set(key, { version: doc.version, posts });
    return posts;
  }

  private static postAt(posts: PostSummary[], line: number): PostSummary | undefined {
    let found: PostSummary | undefined;
    for (const p of posts) {
      if (p.line <= line) found = p;
      else break;
    }
    return found;
  }

  private static reveal(editor: vscode.TextEditor, line: number): void {
    const pos = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
  }

  async updateStatus(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || editor.document.languageId !== LANGUAGE_ID) {
      this.status.hide();
      return;
    }
    try {
      const posts = await this.posts(editor.document);
      const p = Reader.postAt(posts, editor.selection.active.line);
      if (!p) {
        this.status.hide();
        return;
      }
      this.status.text = `${floorLabel(p)} / ${posts.length} · ${p.author}`;
      this.status.tooltip =
        p.replies === 1 ? vscode.l10n.t('{0} · 1 reply · Go to Floor…', p.date ?? '') : vscode.l10n.t('{0} · {1} replies · Go to Floor…', p.date ?? '', p.replies);
      this.status.show();
    } catch {
      this.status.hide();
    }
  }

  async goToFloor(editor: vscode.TextEditor): Promise<void> {
    const posts = await this.posts(editor.document);
    const items = posts.map((p) => ({
      label: `${floorLabel(p)} ${p.author}`,
      description: [p.date ?? '', p.op ? vscode.l10n.t('OP') : '', p.replies === 1 ? vscode.l10n.t('1 reply') : p.replies > 1 ? vscode.l10n.t('{0} replies', p.replies) : ''].filter(Boolean).join(' · '),
      detail: p.firstWords,
      post: p,
    }));
    const current = Reader.postAt(posts, editor.selection.active.line);
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.items = items;
    pick.placeholder = vscode.l10n.t('Go to floor: type a floor number, an author or words of the post');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    if (current) pick.activeItems = items.filter((i) => i.post === current);
    const chosen = await new Promise<(typeof items)[number] | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0] ?? pick.activeItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.onDidChangeValue((v) => {
        // `12` or `#12` puts that floor first.
        const m = /^#?(\d+)$/.exec(v.trim());
        if (m) {
          const hit = items.find((i) => i.post.floor === Number(m[1]));
          if (hit) pick.activeItems = [hit];
        }
      });
      pick.show();
    });
    pick.dispose();
    if (chosen) Reader.reveal(editor, chosen.post.line);
  }

  async step(editor: vscode.TextEditor, dir: 1 | -1): Promise<void> {
    const posts = await this.posts(editor.document);
    const line = editor.selection.active.line;
    const cur = Reader.postAt(posts, line);
    let target: PostSummary | undefined;
    if (dir > 0) target = posts.find((p) => p.line > line);
    else {
      // Inside a post: its own header first; on a header: the post before.
      target = cur && cur.line < line ? cur : posts[(cur ? posts.indexOf(cur) : 0) - 1];
    }
    if (target) Reader.reveal(editor, target.line);
  }

  /** References of the post under the cursor: its replies, across the thread's files. */
  private async replies(uri: vscode.Uri, line: number): Promise<vscode.Location[]> {
    const locs = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, new vscode.Position(line, 4))) ?? [];
    return locs.filter((l) => !(l.uri.toString() === uri.toString() && l.range.start.line === line));
  }

  async nextReply(editor: vscode.TextEditor): Promise<void> {
    const posts = await this.posts(editor.document);
    const here = editor.selection.active;
    const uri = editor.document.uri.toString();
    // Going on from a reply we showed: keep walking the same post's replies.
    const w = this.replyWalk;
    const onLast = w?.at && w.at.uri.toString() === uri && w.at.range.contains(here);
    let anchor: { uri: vscode.Uri; line: number };
    if (w && onLast) anchor = { uri: vscode.Uri.parse(w.uri), line: w.line };
    else {
      const p = Reader.postAt(posts, here.line);
      if (!p) return;
      anchor = { uri: editor.document.uri, line: p.line };
    }
    const replies = await this.replies(anchor.uri, anchor.line);
    if (replies.length === 0) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('No replies quote this post.'), 3000);
      return;
    }
    const next = w && onLast ? (w.shown + 1) % replies.length : 0;
    const loc = replies[next];
    this.replyWalk = { uri: anchor.uri.toString(), line: anchor.line, shown: next, at: loc };
    const ed = await vscode.window.showTextDocument(loc.uri, { selection: loc.range });
    ed.revealRange(loc.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Reply {0} of {1}', next + 1, replies.length), 3000);
  }

  async showReplies(editor: vscode.TextEditor): Promise<void> {
    const posts = await this.posts(editor.document);
    const p = Reader.postAt(posts, editor.selection.active.line);
    if (!p) return;
    const replies = await this.replies(editor.document.uri, p.line);
    if (replies.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No replies quote {0} {1}.', floorLabel(p), p.author));
      return;
    }
    await vscode.commands.executeCommand('editor.action.peekLocations', editor.document.uri, new vscode.Position(p.line, 0), replies, 'peek');
  }

  async goToQuoted(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    const here = editor.selection.active;
    // The innermost quote around the cursor (quotes are children of post symbols).
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
    let quote: vscode.DocumentSymbol | undefined;
    const visit = (list: vscode.DocumentSymbol[], depth: number) => {
      for (const s of list) {
        if (!s.range.contains(here)) continue;
        if (depth > 0) quote = s;
        visit(s.children, depth + 1);
      }
    };
    visit(symbols, 0);
    const at = quote ? quote.selectionRange.start : here;
    const defs = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at)) ?? [];
    if (defs.length === 0) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('No quoted post here.'), 3000);
      return;
    }
    const d = defs[0];
    const uri = 'targetUri' in d ? d.targetUri : d.uri;
    const range = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
    if (defs.length > 1) {
      const locs = defs.map((x) => ('targetUri' in x ? new vscode.Location(x.targetUri, x.targetSelectionRange ?? x.targetRange) : x));
      await vscode.commands.executeCommand('editor.action.peekLocations', doc.uri, at, locs, 'peek');
      return;
    }
    const ed = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(range.start, range.start) });
    ed.revealRange(range, vscode.TextEditorRevealType.AtTop);
  }

  /** Runs the peek for a code lens (arguments in protocol form from the server). */
  async peek(uri: string, position: { line: number; character: number }, locations: { uri: string; range: vscode.Range }[]): Promise<void> {
    const c = this.client();
    const conv = c?.protocol2CodeConverter;
    const locs = locations.map((l) =>
      conv ? conv.asLocation(l as never) : new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character)),
    );
    await vscode.commands.executeCommand('editor.action.peekLocations', vscode.Uri.parse(uri), new vscode.Position(position.line, position.character), locs, 'peek');
  }
}
