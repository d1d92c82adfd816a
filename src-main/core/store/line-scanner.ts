// Streams a file as lines with their exact byte offsets. Offsets are counted on raw bytes, never on
// decoded text, so a damaged multi-byte sequence cannot shift every offset after it.
import type { FileHandle } from 'node:fs/promises';

export interface ScannedLine {
  offset: number;
  /** The line's bytes without the newline. */
  bytes: Buffer;
  /** False for a last line with no newline after it (an interrupted write, most likely). */
  terminated: boolean;
}

/**
 * Reads through an open handle (from byte 0), so a rename over the path cannot swap the file mid-scan.
 * `transient`: a yielded line is only valid until the next one is asked for (the caller copies what it
 * keeps), so one read buffer serves the whole file. A fresh megabyte per read left the allocator's
 * high-water mark of a 150 MB log in the process's memory long after the reopen.
 */
export async function* scanLines(fh: FileHandle, chunkBytes = 1024 * 1024, transient = false): AsyncGenerator<ScannedLine> {
  // Pieces of the current line; joined once the newline arrives, so a huge line is copied once.
  let pieces: Buffer[] = [];
  let lineStart = 0;
  let position = 0;
  const shared = transient ? Buffer.allocUnsafeSlow(chunkBytes) : undefined;
  for (;;) {
    // Otherwise a fresh buffer per read: yielded lines are views into it and must stay valid.
    const chunk = shared ?? Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await fh.read(chunk, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl !== -1 && nl < bytesRead; nl = chunk.indexOf(0x0a, from)) {
      pieces.push(chunk.subarray(from, nl));
      yield { offset: lineStart, bytes: pieces.length === 1 ? pieces[0] : Buffer.concat(pieces), terminated: true };
      pieces = [];
      lineStart = position + nl + 1;
      from = nl + 1;
    }
    // The shared buffer is overwritten by the next read: a line running past it keeps a copy.
    if (from < bytesRead) pieces.push(shared ? Buffer.from(chunk.subarray(from, bytesRead)) : chunk.subarray(from, bytesRead));
    position += bytesRead;
  }
  if (pieces.length > 0) yield { offset: lineStart, bytes: Buffer.concat(pieces), terminated: false };
}
