// The language client's restart policy (client/src/restartPolicy.ts): it never gives up, waits
// longer while the server keeps crashing, and tells the user once per streak of crashes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy, STABLE_MS } from '../../client/src/restartPolicy';

describe('restart policy', () => {
  it('restarts after every crash, with a doubling delay up to the cap, and notifies once per streak', () => {
    const p = new RestartPolicy(0);
    let now = 1000;
    const seen = [];
    for (let i = 0; i < 12; i++) {
      const c = p.crashed(now, 30_000);
      seen.push(c);
      now += c.delayMs + 500; // restarted after the delay, crashed again half a second later
      p.started(now - 500);
    }
    assert.deepEqual(seen.map((c) => c.delayMs), [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000, 30000]);
    assert.deepEqual(seen.map((c) => c.crashes), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(seen.filter((c) => c.first).length, 1, 'one notification for the whole streak');
  });

  it('a server that ran long enough starts a new streak; so does a restart by the user', () => {
    const p = new RestartPolicy(0);
    p.crashed(10, 60_000);
    p.started(10);
    assert.equal(p.crashed(20, 60_000).delayMs, 1000);
    p.started(1020);
    const later = p.crashed(1020 + STABLE_MS, 60_000);
    assert.deepEqual(later, { crashes: 1, delayMs: 0, first: true });
    p.started(1020 + STABLE_MS);
    assert.equal(p.crashed(1030 + STABLE_MS, 60_000).crashes, 2);
    p.reset(2000 + STABLE_MS);
    assert.deepEqual(p.crashed(2010 + STABLE_MS, 60_000), { crashes: 1, delayMs: 0, first: true });
  });

  it('a cap of 0 restarts at once every time; a bad cap falls back to the default, never to no restart', () => {
    const p = new RestartPolicy(0);
    for (let i = 0; i < 50; i++) assert.equal(p.crashed(i, 0).delayMs, 0);
    const q = new RestartPolicy(0);
    for (let i = 0; i < 50; i++) {
      const d = q.crashed(i, Number.NaN).delayMs;
      assert.ok(Number.isFinite(d) && d >= 0 && d <= 60_000, String(d));
    }
    assert.ok(new RestartPolicy(0).crashed(1, -5).delayMs === 0);
  });
});
