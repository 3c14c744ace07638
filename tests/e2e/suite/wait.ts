// Polling without node:assert or other Node modules, so the web suite (tests/e2e/web-suite/,
// bundled for a Web Worker) shares it with this suite.

/** Polls `fn` until `ok` holds for its result (or throws after `timeout` ms, naming `what`). */
export async function waitFor<T>(
  what: string,
  fn: () => T | PromiseLike<T>,
  ok: (v: T) => boolean = (v) => Boolean(v),
  { timeout = 20_000, interval = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) {
      const seen = lastErr ? `last error: ${lastErr}` : `last value: ${describe(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

function describe(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 300 ? s.slice(0, 300) + '…' : s;
  } catch {
    return String(v);
  }
}
