// Streams a file as lines with their exact byte offsets. Offsets are counted on raw bytes, never on
// decoded text, so a damaged multi-byte sequence cannot shift every offset after it.
import type { FileHandle } from 'node:fs/promises';

/**
 * Called once per line, synchronously: the line is `buf[start, end)` (no newline), and `buf` is only
 * valid during the call (the caller copies what it keeps). `terminated` is false for a last line with
 * no newline after it (an interrupted write, most likely).
 */
export type LineVisitor = (buf: Buffer, start: number, end: number, offset: number, terminated: boolean) => void;

/** Reads of 4 MB: a 150 MB log is some 40 reads. */
export const SCAN_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reads through an open handle (from byte 0), so a rename over the path cannot swap the file mid-scan.
 * Lines are handed over in a plain loop per read, not one promise per line: a reopen of 100,000 events
 * spent more time in an async generator's bookkeeping than in finding the lines. Two read buffers
 * serve the whole file: a fresh buffer per read left the allocator's high-water mark of a 150 MB log
 * in the process's memory long after the reopen.
 */
export async function forEachLine(fh: FileHandle, visit: LineVisitor, chunkBytes = SCAN_CHUNK_BYTES): Promise<void> {
  // Pieces of a line that runs past a read; joined once the newline arrives, so a huge line is copied once.
  let pieces: Buffer[] = [];
  let lineStart = 0;
  let position = 0;
  // Two buffers: the next read runs while this one's lines are parsed.
  const buffers = [Buffer.allocUnsafeSlow(chunkBytes), Buffer.allocUnsafeSlow(chunkBytes)];
  let current = 0;
  let next = fh.read(buffers[current], 0, chunkBytes, 0);
  try {
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const chunk = buffers[current];
      current ^= 1;
      next = fh.read(buffers[current], 0, chunkBytes, position + bytesRead);
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl !== -1 && nl < bytesRead; nl = chunk.indexOf(0x0a, from)) {
        if (pieces.length === 0) visit(chunk, from, nl, lineStart, true);
        else {
          pieces.push(chunk.subarray(from, nl));
          const whole = Buffer.concat(pieces);
          pieces = [];
          visit(whole, 0, whole.length, lineStart, true);
        }
        lineStart = position + nl + 1;
        from = nl + 1;
      }
      // This buffer is read into again after the next one: a line running past it keeps a copy.
      if (from < bytesRead) pieces.push(Buffer.from(chunk.subarray(from, bytesRead)));
      position += bytesRead;
    }
  } finally {
    // A read still in flight must settle before the caller may close the handle.
    await next.catch(() => undefined);
  }
  if (pieces.length > 0) {
    const whole = Buffer.concat(pieces);
    visit(whole, 0, whole.length, lineStart, false);
  }
}
