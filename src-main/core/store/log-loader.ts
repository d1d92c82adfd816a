// Reads an event log back on open. Damage never stops the load: damaged lines in the middle are
// skipped and counted, and a torn end (power cut mid-write) is found so the caller can cut it off.
import type { FileHandle } from 'node:fs/promises';
import { forEachLine } from './line-scanner';
import { parseRow, type ParsedRow } from './log-record';

/**
 * One loaded record: the row only (a v2 line's payload is not parsed, see log-record.ts), where it is,
 * and its bytes: `buf` from `start` on, valid only during the call (copyLine makes a lasting copy).
 * `length` counts the bytes on disk including the newline (which may still be missing: see
 * LoadResult.needsNewline).
 */
export type LoadedLineVisitor = (record: ParsedRow, offset: number, length: number, buf: Buffer, start: number) => void;

export interface LoadResult {
  /** Byte just past the last complete record. */
  goodEnd: number;
  records: number;
  /** Runs of damaged lines followed by good ones. */
  corrupt: { count: number; firstOffset: number }[];
  /** Damaged lines at the very end (nothing good after them). */
  tailLines: number;
  /** The last record is whole but its newline is missing. */
  needsNewline: boolean;
}

export async function loadLog(source: FileHandle, onLine: LoadedLineVisitor): Promise<LoadResult> {
  const result: LoadResult = { goodEnd: 0, records: 0, corrupt: [], tailLines: 0, needsNewline: false };
  let badRun = 0;
  let firstBad = -1;
  await forEachLine(source, (buf, start, end, offset, terminated) => {
    const record = parseRow(buf, start, end, terminated);
    if (typeof record === 'string') {
      if (badRun === 0) firstBad = offset;
      badRun += 1;
      return;
    }
    if (badRun > 0) result.corrupt.push({ count: badRun, firstOffset: firstBad });
    badRun = 0;
    const length = end - start + 1;
    onLine(record, offset, length, buf, start);
    result.records += 1;
    result.goodEnd = offset + length;
    result.needsNewline = !terminated;
  });
  result.tailLines = badRun;
  return result;
}

/** The line `buf[start, start + length - 1)` plus its newline, in a buffer of its own. */
export function copyLine(buf: Buffer, start: number, length: number): Buffer {
  const line = Buffer.allocUnsafe(length);
  buf.copy(line, 0, start, start + length - 1);
  line[length - 1] = 0x0a;
  return line;
}

/** Cuts a torn end off, or restores a lost final newline. Returns the bytes removed. */
export async function repairTail(fh: FileHandle, result: LoadResult): Promise<number> {
  const { size } = await fh.stat();
  let removed = 0;
  if (result.needsNewline) {
    await fh.write(Buffer.from('\n'), 0, 1, result.goodEnd - 1);
  } else if (result.tailLines > 0) {
    await fh.truncate(result.goodEnd);
    removed = size - result.goodEnd;
  }
  await fh.sync();
  return removed;
}
