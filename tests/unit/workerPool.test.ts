// The index's worker pool when its workers cannot start: it gives up after a few, answers null,
// and spawns no more (a missing or broken worker script once made it spawn in a loop: 42 workers
// in a second).
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { WorkerPool } from '../../server/src/workspace/workerPool';

test('workers that die before answering are replaced only a few times; parse then answers null', async () => {
  const proto = WorkerPool.prototype as unknown as { spawn: (...a: unknown[]) => unknown };
  const spawn = proto.spawn;
  let spawned = 0;
  proto.spawn = function (this: unknown, ...a: unknown[]) {
    spawned++;
    return spawn.apply(this, a);
  };
  const pool = new WorkerPool(1, path.join(os.tmpdir(), `fd-no-such-worker-${process.pid}.js`));
  try {
    // Each start fails at once (the script does not exist); give them time to fail.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(spawned >= 2 && spawned <= 3, `workers started: ${spawned} (the first and at most 2 replacements)`);
    assert.equal(await pool.parse('file:///nowhere/x.md', 1024), null);
    const after = spawned;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(spawned, after, 'no worker started after giving up');
  } finally {
    proto.spawn = spawn;
    pool.close();
  }
});
