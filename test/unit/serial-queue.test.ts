/**
 * src/lib/serial-queue.ts, the lock behind the page's one DuckDB connection (db.ts): tasks run one
 * at a time in the order they asked, a failure hands on, a holder (a streamed download) keeps the
 * resource until it releases.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { serialQueue } from "../../src/lib/serial-queue.ts";

const tick = () => new Promise((r) => setTimeout(r, 1));

test("tasks never overlap and run first come, first served", async () => {
  const q = serialQueue();
  let running = 0;
  const order: number[] = [];
  await Promise.all(
    [5, 1, 3, 0, 2].map((delay, i) =>
      q.run(async () => {
        running++;
        assert.equal(running, 1, "one task at a time");
        for (let k = 0; k < delay; k++) await tick();
        order.push(i);
        running--;
      }),
    ),
  );
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});

test("a failing task rejects its caller and hands the resource on", async () => {
  const q = serialQueue();
  const failed = q.run(async () => {
    throw new Error("Parser Error: boom");
  });
  const next = q.run(async () => "ran");
  await assert.rejects(failed, /boom/);
  assert.equal(await next, "ran");
});

test("a holder keeps the resource until it releases; releasing twice does not let two in", async () => {
  const q = serialQueue();
  const release = await q.acquire();
  let second = false;
  let third = false;
  const p2 = q.run(async () => {
    second = true;
    await tick();
    assert.equal(third, false, "the third waits for the second");
  });
  const p3 = q.run(async () => {
    third = true;
  });
  await tick();
  assert.equal(second, false, "waiting while held");
  release();
  release();
  await Promise.all([p2, p3]);
  assert.ok(second && third);
});
