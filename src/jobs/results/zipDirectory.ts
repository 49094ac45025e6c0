// The central directory of a zip file on disk (names, sizes, CRCs, offsets, ZIP64 included),
// read without loading the archive; a malformed one throws Corrupt (used by unzip.ts).
import type * as fs from 'node:fs';

export interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
export const LOCAL_SIG = 0x04034b50;
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

/** A malformed archive; unzip.ts turns it into ZohoError CORRUPT_RESULT. */
export class Corrupt extends Error {}
export const corrupt = (why: string): never => {
  throw new Corrupt(why);
};

export async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fd.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  if (done < length) corrupt('the archive ends early');
  return buf;
}

export function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) corrupt('a size or offset is impossibly large');
  return Number(v);
}

export async function readDirectory(fd: fs.promises.FileHandle, fileSize: number, maxEntries: number): Promise<Entry[]> {
  if (fileSize === 0) corrupt('the file is empty (0 bytes)');
  if (fileSize < 22) corrupt('the file is too short to be a zip archive');
  const tailLen = Math.min(fileSize, 22 + 0xffff);
  const tailStart = fileSize - tailLen;
  const tail = await readAt(fd, tailStart, tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) <= tailLen) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    const head = await readAt(fd, 0, Math.min(4, fileSize));
    corrupt(head.readUInt16LE(0) === 0x4b50 ? 'the archive is cut off (its table of contents is missing)' : 'it is not a zip archive');
  }
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) corrupt('multi-part archives are not supported');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdAt = tailStart + eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== ZIP64_LOCATOR_SIG) corrupt('the zip64 table of contents is missing');
    const z64At = u64(tail, eocd - 20 + 8);
    if (z64At + 56 > eocdAt) corrupt('the zip64 table of contents is misplaced');
    const z64 = await readAt(fd, z64At, 56);
    if (z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) corrupt('the zip64 table of contents is damaged');
    count = u64(z64, 32);
    cdSize = u64(z64, 40);
    cdOffset = u64(z64, 48);
  }
  if (count === 0) corrupt('the archive is empty');
  if (count > maxEntries) corrupt(`the archive holds ${count} entries (at most ${maxEntries} expected)`);
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > eocdAt) corrupt('its table of contents is damaged');
  const cd = await readAt(fd, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) corrupt('its table of contents is damaged');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) corrupt('its table of contents is damaged');
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
    // zip64 extra field: the 0xFFFFFFFF values, in this order
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const take = (): number => {
          if (q + 8 > x + 4 + len) corrupt('a zip64 field is damaged');
          const v = u64(cd, q);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      x += 4 + len;
    }
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
    p = end;
  }
  return entries;
}
