// When to start the language server again after it stopped unexpectedly: at once after a first
// crash, then after a delay that doubles with each crash of the same streak (1 s, 2 s, 4 s …, at
// most `maxDelayMs`), forever: an editor is never left without its server. A streak ends when
// the server has run `stableMs` without stopping. Only the streak's first crash is told to the
// user (one notification, not one per crash). Pure: no vscode, tested in tests/unit.

export const STABLE_MS = 3 * 60_000;
export const DEFAULT_MAX_DELAY_MS = 60_000;

export interface Crash {
  /** Crashes in this streak, this one included. */
  crashes: number;
  /** How long to wait before starting the server again. */
  delayMs: number;
  /** The streak's first crash: the one to notify about. */
  first: boolean;
}

export class RestartPolicy {
  private streak = 0;
  private startedAt: number;

  constructor(now: number, private readonly stableMs = STABLE_MS) {
    this.startedAt = now;
  }

  /** The server stopped unexpectedly at `now`, `maxDelayMs` being the longest wait wanted. */
  crashed(now: number, maxDelayMs = DEFAULT_MAX_DELAY_MS): Crash {
    if (now - this.startedAt >= this.stableMs) this.streak = 0;
    this.streak++;
    const max = Math.max(0, Number.isFinite(maxDelayMs) ? maxDelayMs : DEFAULT_MAX_DELAY_MS);
    const delayMs = this.streak === 1 ? 0 : Math.min(max, 1000 * 2 ** Math.min(this.streak - 2, 30));
    return { crashes: this.streak, delayMs, first: this.streak === 1 };
  }

  /** The server was started (again) at `now`. */
  started(now: number): void {
    this.startedAt = now;
  }

  /** The user restarted the server: a new streak begins. */
  reset(now: number): void {
    this.streak = 0;
    this.startedAt = now;
  }
}
