/** The native DuckDB session helper: where it spills, and thread counts put back after a change. */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { Duck } from "../../loaders/ingest/duck.ts";

test("a session spills into a folder of its own under the system temp folder, not ./.tmp", async () => {
  const [a, b] = [await Duck.open(), await Duck.open()];
  try {
    const [da, db] = [await a.value<string>("SELECT current_setting('temp_directory')"), await b.value<string>("SELECT current_setting('temp_directory')")];
    assert.ok(da.startsWith(tmpdir()), da);
    assert.notEqual(da, db);
  } finally {
    a.close();
    b.close();
  }
});

test("withThreads sets the count for its function only, and puts back a cap even when it throws", async () => {
  // One thread, as FTF_DUCKDB_THREADS=1 gives: RESET would raise it to one per core.
  const duck = await Duck.open({ threads: 1 });
  try {
    const threads = () => duck.value<number>("SELECT current_setting('threads')");
    assert.equal(await duck.withThreads(3, threads), 3);
    assert.equal(await threads(), 1);
    await assert.rejects(duck.withThreads(3, () => duck.run("SELECT no_such_function()")));
    assert.equal(await threads(), 1);
  } finally {
    duck.close();
  }
});
