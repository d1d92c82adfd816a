// Reads an event log back on open. Damage never stops the load: damaged lines in the middle are
// skipped and counted, and a torn end (power cut mid-write) is found so the caller can cut it off.
import type { FileHandle } from 'node:fs/promises';
import { scanLines } from './line-scanner';
import { parseRow, type ParsedRow } from './log-record';

export interface LoadedLine {
  /** The row only: a v2 line's payload is not parsed (see log-record.ts). */
  record: ParsedRow;
  offset: number;
  /** Bytes on disk including the newline (which may still be missing: see LoadResult.needsNewline). */
  length: number;
  /** The line's bytes plus a newline, in a buffer of its own (record and bytes are only valid during the call). */
  line: () => Buffer;
}

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

export async function loadLog(source: FileHandle, onLine: (loaded: LoadedLine) => void): Promise<LoadResult> {
  const result: LoadResult = { goodEnd: 0, records: 0, corrupt: [], tailLines: 0, needsNewline: false };
  let badRun = 0;
  let firstBad = -1;
  for await (const { offset, bytes, terminated } of scanLines(source, undefined, true)) {
    const record = parseRow(bytes, terminated);
    if (typeof record === 'string') {
      if (badRun === 0) firstBad = offset;
      badRun += 1;
      continue;
    }
    if (badRun > 0) result.corrupt.push({ count: badRun, firstOffset: firstBad });
    badRun = 0;
    const length = bytes.length + 1;
    onLine({ record, offset, length, line: () => Buffer.concat([bytes, Buffer.from('\n')]) });
    result.records += 1;
    result.goodEnd = offset + length;
    result.needsNewline = !terminated;
  }
  result.tailLines = badRun;
  return result;
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
