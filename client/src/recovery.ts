// Restarting a language server that stopped unexpectedly: with backoff, forever, telling the
// user once per streak of crashes (the policy itself, pure, is in restartPolicy.ts).
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_MAX_DELAY_MS, RestartPolicy } from './restartPolicy';

/**
 * Restarts a server that stopped unexpectedly, with backoff (RestartPolicy; the longest wait is
 * the forumDump.server.maxRestartDelay setting), for as long as it takes; the first crash of a
 * streak shows one notification with Show Output and Restart; every crash is logged in the output.
 * A restart at once goes through the client's own Restart action; a delayed one leaves the client
 * stopped meanwhile (no providers registered, so the editor asks nothing of a dead server) and
 * starts it when the delay is over.
 */
export class Recovery {
  client: LanguageClient | undefined;
  private policy = new RestartPolicy(Date.now());
  /** The delayed start waiting, if any. */
  private pending: ReturnType<typeof setTimeout> | undefined;

  errorHandler(): ErrorHandler {
    return {
      // A write to a dead server: its end is handled in closed().
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => this.closed(),
    };
  }

  private closed(): CloseHandlerResult {
    const seconds = vscode.workspace.getConfiguration('forumDump').get<number>('server.maxRestartDelay', DEFAULT_MAX_DELAY_MS / 1000);
    const crash = this.policy.crashed(Date.now(), seconds * 1000);
    const when = crash.delayMs ? ` in ${(crash.delayMs / 1000).toFixed(1)} s` : '';
    const message = `The Forum Dump language server stopped unexpectedly (${crash.crashes} in a row); starting it again${when}.`;
    if (crash.first) void this.notify();
    if (crash.delayMs === 0) {
      this.policy.started(Date.now());
      return { action: CloseAction.Restart, message, handled: true };
    }
    this.pending = setTimeout(() => this.startNow(), crash.delayMs);
    return { action: CloseAction.DoNotRestart, message, handled: true };
  }

  private startNow(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.policy.started(Date.now());
    this.client?.start().catch((e) => this.client?.error('Starting the language server again failed', e));
  }

  private async notify(): Promise<void> {
    const showOutput = vscode.l10n.t('Show Output');
    const restart = vscode.l10n.t('Restart');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The Forum Dump language server stopped unexpectedly. It is started again by itself, after a growing delay if it keeps stopping; until then, dumps have no outline, links or diagnostics.'),
      showOutput,
      restart,
    );
    if (choice === showOutput) this.client?.outputChannel.show(true);
    else if (choice === restart) await this.restart();
  }

  /** Restart now (the user asked): a new streak begins. */
  async restart(): Promise<void> {
    this.policy.reset(Date.now());
    if (this.pending !== undefined) this.startNow();
    else await this.client?.restart();
  }

  /** The extension is going away: no delayed start after that. */
  dispose(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
  }
}
