/**
 * A minimal ZIP reader for Binance's monthly kline archives: the central directory is parsed
 * here and members are inflated with Node's zlib, so no dependency is needed. Stored and deflated
 * members, ZIP64 sizes; no encryption, no multi-disk archives. Member names are never used as
 * paths on disk, and a name that would escape the archive's folder is refused outright.
 *
 * Why not a library (issue 18, checked against fflate 0.8.2 and yauzl 3): fflate's unzipSync
 * verifies no CRC-32 and reads the ZIP64 end-of-directory fields as 32-bit values, so the checks
 * below would have to stay; yauzl is callback-based, and callers list members synchronously.
 */
import { crc32, inflateRaw } from "node:zlib";
import { promisify } from "node:util";

const inflateRawAsync = promisify(inflateRaw);

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipFormatError";
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
  isDirectory: boolean;
}

/** True when extracting `name` relative to a folder would land outside it. */
export function isEscapingPath(name: string): boolean {
  const n = name.replace(/\\/g, "/");
  if (n.startsWith("/") || /^[A-Za-z]:/.test(n)) return true;
  return n.split("/").includes("..");
}

/** Members worth reading as CSV: *.csv, not directories nor macOS resource forks. */
export function isCsvEntry(e: ZipEntry): boolean {
  const base = e.name.split("/").pop() ?? "";
  return !e.isDirectory && /\.csv$/i.test(base) && !base.startsWith("._") && !e.name.startsWith("__MACOSX/");
}

export function listZipEntries(buf: Buffer): ZipEntry[] {
  const eocd = findEocd(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== EOCD64_LOCATOR) throw new ZipFormatError("ZIP64 archive without its end-of-central-directory locator");
    const e64 = Number(buf.readBigUInt64LE(loc + 8));
    if (e64 + 56 > buf.length || buf.readUInt32LE(e64) !== EOCD64) throw new ZipFormatError("corrupt ZIP64 end of central directory");
    count = Number(buf.readBigUInt64LE(e64 + 32));
    cdSize = Number(buf.readBigUInt64LE(e64 + 40));
    cdOffset = Number(buf.readBigUInt64LE(e64 + 48));
  }
  if (cdOffset + cdSize > buf.length) throw new ZipFormatError("truncated archive: the central directory lies beyond the end of the file");
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError(`corrupt central directory at entry ${i + 1}`);
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLen);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    let localOffset = buf.readUInt32LE(p + 42);
    // ZIP64 extra field: the 64-bit values appear in this order, only for the fields saturated above.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = buf.readUInt16LE(x);
      const len = buf.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff) (size = Number(buf.readBigUInt64LE(q))), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = Number(buf.readBigUInt64LE(q))), (q += 8);
        if (localOffset === 0xffffffff) localOffset = Number(buf.readBigUInt64LE(q));
      }
      x += 4 + len;
    }
    entries.push({
      name,
      method: buf.readUInt16LE(p + 10),
      crc32: buf.readUInt32LE(p + 16),
      compressedSize,
      size,
      localOffset,
      encrypted: (flags & 1) === 1,
      isDirectory: name.endsWith("/"),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function findEocd(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 0xffff); p--) {
    if (buf.readUInt32LE(p) === EOCD) return p;
  }
  throw new ZipFormatError(buf.length < 22 ? "not a zip archive (file too short)" : "not a zip archive or truncated (no end-of-central-directory record)");
}

/** The bytes of one member, checked against its recorded size and CRC-32. */
export async function readZipEntry(buf: Buffer, e: ZipEntry): Promise<Buffer> {
  if (e.encrypted) throw new ZipFormatError(`member "${e.name}" is encrypted`);
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw new ZipFormatError(`member "${e.name}": corrupt local header`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw new ZipFormatError(`member "${e.name}" is truncated`);
  const raw = buf.subarray(start, start + e.compressedSize);
  let data: Buffer;
  if (e.method === 0) data = raw;
  else if (e.method === 8) {
    try {
      data = await inflateRawAsync(raw);
    } catch (err) {
      throw new ZipFormatError(`member "${e.name}" cannot be inflated (${(err as Error).message}); the archive is probably truncated`);
    }
  } else throw new ZipFormatError(`member "${e.name}" uses compression method ${e.method}; only stored (0) and deflate (8) are supported`);
  if (data.length !== e.size) throw new ZipFormatError(`member "${e.name}" inflates to ${data.length} bytes, the directory says ${e.size}`);
  if (crc32(data) >>> 0 !== e.crc32 >>> 0) throw new ZipFormatError(`member "${e.name}" fails its CRC-32 check (corrupt archive)`);
  return data;
}
