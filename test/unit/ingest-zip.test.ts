/**
 * The hand-written ZIP reader: stored and deflated members, CRC and size checks, escaping member
 * names, truncated archives. Archives are built here byte by byte, as the format says.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32, deflateRawSync } from "node:zlib";
import { isCsvEntry, isEscapingPath, listZipEntries, readZipEntry, ZipFormatError } from "../../loaders/ingest/zip.ts";

/** A minimal archive writer (PKWARE APPNOTE 4.3): local headers, data, central directory, EOCD. */
function makeZip(members: { name: string; data: Buffer; method?: 0 | 8; badCrc?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const method = m.method ?? 8;
    const body = method === 8 ? deflateRawSync(m.data) : m.data;
    const name = Buffer.from(m.name, "utf8");
    const crc = (crc32(m.data) ^ (m.badCrc ? 1 : 0)) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(m.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(members.length, 8);
  eocd.writeUInt16LE(members.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const CSV = Buffer.from("1704067200000,1,2,0.5,1.5,10,1704070799999,15,3,5,7,0\n".repeat(50));

test("reads deflated and stored members", async () => {
  const zip = makeZip([{ name: "BTCUSDC-1h-2024-01.csv", data: CSV }, { name: "notes/readme.txt", data: Buffer.from("hi"), method: 0 }]);
  const entries = listZipEntries(zip);
  assert.deepEqual(entries.map((e) => [e.name, e.method, e.size]), [["BTCUSDC-1h-2024-01.csv", 8, CSV.length], ["notes/readme.txt", 0, 2]]);
  assert.ok((await readZipEntry(zip, entries[0])).equals(CSV));
  assert.equal((await readZipEntry(zip, entries[1])).toString(), "hi");
  assert.deepEqual(entries.filter(isCsvEntry).map((e) => e.name), ["BTCUSDC-1h-2024-01.csv"]);
});

test("a CRC mismatch is a corrupt archive", async () => {
  const zip = makeZip([{ name: "a.csv", data: CSV, badCrc: true }]);
  await assert.rejects(readZipEntry(zip, listZipEntries(zip)[0]), /fails its CRC-32 check/);
});

test("truncated archives are refused with a clear reason", async () => {
  const zip = makeZip([{ name: "a.csv", data: CSV }]);
  assert.throws(() => listZipEntries(zip.subarray(0, zip.length - 10)), /truncated|not a zip/);
  assert.throws(() => listZipEntries(Buffer.from("PK")), ZipFormatError);
  // Directory intact but the member's data cut: rebuild an archive whose data is too short.
  const e = listZipEntries(zip)[0];
  await assert.rejects(readZipEntry(zip.subarray(0, 40), e), /truncated|corrupt/);
});

test("member names that would escape the folder are recognised", () => {
  for (const bad of ["../x.csv", "a/../../x.csv", "/etc/passwd", "C:\\x.csv", "..\\x.csv"]) assert.equal(isEscapingPath(bad), true, bad);
  for (const ok of ["x.csv", "a/b/x.csv", "a..b.csv", "..x.csv"]) assert.equal(isEscapingPath(ok), false, ok);
});

test("macOS resource forks are not CSV members", () => {
  const zip = makeZip([{ name: "__MACOSX/._a.csv", data: Buffer.from("x") }, { name: "dir/", data: Buffer.alloc(0), method: 0 }]);
  assert.deepEqual(listZipEntries(zip).filter(isCsvEntry), []);
});
