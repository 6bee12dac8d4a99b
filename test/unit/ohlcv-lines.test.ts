/** The lazy line splitter of the OHLCV sniff: the same lines, in the same places, as split(/\r?\n/). */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { firstNonBlankLine, linesOf } from "../../loaders/ingest/ohlcv-layout.ts";

const text = fc.array(fc.constantFrom("a", "1,2", " ", "\t", "\r", "\n", "\r\n"), { maxLength: 40 }).map((parts) => parts.join(""));

test("linesOf gives text.split(/\\r?\\n/) with each line's index, from any start", () => {
  fc.assert(
    fc.property(text, fc.nat(45), (t, from) => {
      const expected = t.split(/\r?\n/).map((line, i) => [i, line] as [number, string]).slice(from);
      assert.deepEqual([...linesOf(t, from)], expected);
    }),
    { numRuns: 2000 },
  );
});

test("firstNonBlankLine finds the first line with text at or after an index", () => {
  fc.assert(
    fc.property(text, fc.nat(45), (t, from) => {
      const lines = t.split(/\r?\n/);
      const i = lines.findIndex((l, k) => k >= from && l.trim() !== "");
      assert.deepEqual(firstNonBlankLine(t, from), i < 0 ? undefined : [i, lines[i]]);
    }),
    { numRuns: 2000 },
  );
  assert.deepEqual(firstNonBlankLine("\r\n  \nopen_time,open\r\n1,2"), [2, "open_time,open"]);
});
