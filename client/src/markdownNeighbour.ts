// A good neighbour to VS Code's built-in Markdown extension (Markdown Language Features).
//
// Dumps are .md files. That extension answers Go to Symbol in Workspace (Ctrl+T) by loading every
// .md file of the workspace (`workspace.findFiles('**/*.{md,…}', '**/node_modules/**')` in its
// client, VS Code 1.100) and tokenising each in the extension host: on a yearly archive Ctrl+T
// stayed blank for 30 s and the extension host grew to 6.5 GB and crashed. It has no setting to
// turn its workspace index off; `search.exclude` does not reach it; `files.exclude` does, but also
// hides the dumps from the Explorer, Quick Open and Search. What helps without taking anything away:
//   - `files.associations` mapping the page files (`<tid>-<NN>[title].md`) to forum-dump: they
//     open as forum-dump directly, so opening a dump no longer wakes the Markdown extension (it
//     activates on `onLanguage:markdown`; a dump used to open as markdown before switching);
//   - disabling Markdown Language Features for this workspace (only the user can: Extensions view).
// Neither is applied silently: when a workspace folder looks like an archive (many page files)
// and Markdown Language Features is enabled, one notification says so, with a button that writes
// the association as a workspace setting, and one that shows the Markdown extension. Asked once
// per workspace (remembered in workspace state).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './sniff';

/** A page file of an archive thread: `2244747-01[title].md`. */
export const PAGE_FILE = /^\d{3,}-\d{1,4}\[.*\]\.md$/i;
/** This many page files in a folder make it an archive. */
export const ARCHIVE_MIN_PAGES = 100;
/** The `files.associations` key written (a VS Code glob: page files of any folder). */
export const ASSOCIATION_GLOB = '**/[0-9][0-9][0-9]*-[0-9]*.md';
export const MARKDOWN_EXTENSION = 'vscode.markdown-language-features';
const ASKED_KEY = 'forumDump.markdownNeighbour.asked';
export const APPLY_COMMAND = 'forumDump.applyArchiveAssociation';

export type CheckResult = 'asked' | 'already-asked' | 'not-an-archive' | 'no-markdown-extension' | 'already-associated';

export class MarkdownNeighbour {
  /** Notifications shown in this session (tests read it). */
  shown = 0;
  /** The last check's result (tests read it). */
  last: CheckResult | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  register(): void {
    this.context.subscriptions.push(
      vscode.commands.registerCommand(APPLY_COMMAND, () => this.applyAssociation()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.check()),
    );
    void this.check();
  }

  /** Whether the association is already in effect (any scope). */
  static associated(): boolean {
    const assoc = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations') ?? {};
    return assoc[ASSOCIATION_GLOB] === LANGUAGE_ID;
  }

  /** Page files in a workspace folder (counting stops at ARCHIVE_MIN_PAGES). */
  static async pageFiles(folder: vscode.WorkspaceFolder): Promise<number> {
    // files.exclude applies (exclude undefined); results are capped, so a huge folder costs little.
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.md'), undefined, ARCHIVE_MIN_PAGES * 20);
    let n = 0;
    for (const u of found) if (PAGE_FILE.test(u.path.slice(u.path.lastIndexOf('/') + 1)) && ++n >= ARCHIVE_MIN_PAGES) break;
    return n;
  }

  async check(): Promise<CheckResult> {
    this.last = await this.decide();
    return this.last;
  }

  private async decide(): Promise<CheckResult> {
    if (this.context.workspaceState.get<boolean>(ASKED_KEY)) return 'already-asked';
    // A disabled extension is not listed: nothing to be a neighbour to.
    if (!vscode.extensions.getExtension(MARKDOWN_EXTENSION)) return 'no-markdown-extension';
    if (MarkdownNeighbour.associated()) return 'already-associated';
    let archive: vscode.WorkspaceFolder | undefined;
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (f.uri.scheme === 'file' && (await MarkdownNeighbour.pageFiles(f)) >= ARCHIVE_MIN_PAGES) {
        archive = f;
        break;
      }
    }
    if (!archive) return 'not-an-archive';
    if (this.context.workspaceState.get<boolean>(ASKED_KEY)) return 'already-asked';
    await this.context.workspaceState.update(ASKED_KEY, true);
    this.shown++;
    void this.ask(archive);
    return 'asked';
  }

  private async ask(folder: vscode.WorkspaceFolder): Promise<void> {
    const apply = vscode.l10n.t('Open page files as Forum Dump');
    const show = vscode.l10n.t('Show the Markdown extension');
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        '"{0}" looks like a forum archive. VS Code\'s Markdown extension indexes every .md file of it for Go to Symbol in Workspace (Ctrl+T), which on a whole archive takes gigabytes of memory and stalls Ctrl+T. Opening the page files as Forum Dump (workspace setting "files.associations": {1}) keeps them from waking it; disabling "Markdown Language Features" for this workspace stops its index altogether.',
        folder.name,
        `"${ASSOCIATION_GLOB}": "${LANGUAGE_ID}"`,
      ),
      apply,
      show,
    );
    if (pick === apply) await this.applyAssociation();
    else if (pick === show) await vscode.commands.executeCommand('workbench.extensions.search', `@builtin ${MARKDOWN_EXTENSION}`);
  }

  /** Adds the association to the workspace's settings (other associations kept). */
  async applyAssociation(): Promise<void> {
    const files = vscode.workspace.getConfiguration('files');
    const current = files.inspect<Record<string, string>>('associations')?.workspaceValue ?? {};
    await files.update('associations', { ...current, [ASSOCIATION_GLOB]: LANGUAGE_ID }, vscode.ConfigurationTarget.Workspace);
  }
}
