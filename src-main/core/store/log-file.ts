// Small exact-I/O helpers for the event log: whole writes, exact reads, durable renames.
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';

export async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done);
    done += bytesWritten;
  }
}

/**
 * Writes the buffers in order with vectored writes, without joining them into one buffer first (the
 * flush used to copy every batch once more just to hand it to one write).
 */
export async function writeAllv(fh: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers.filter((b) => b.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await fh.writev(rest);
    // A short write (or more buffers than one call takes): skip what went out, cut into the rest.
    let i = 0;
    while (i < rest.length && bytesWritten >= rest[i].length) bytesWritten -= rest[i++].length;
    rest = rest.slice(i);
    if (rest.length > 0 && bytesWritten > 0) rest[0] = rest[0].subarray(bytesWritten);
  }
}

export async function readExact(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) throw new Error(`the log ends at byte ${offset + got}, before the record at ${offset} (${length} bytes)`);
    got += bytesRead;
  }
  return buf;
}

/** Makes a rename in `dir` durable. Directories cannot be opened for sync on Windows; there it is skipped. */
export async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Best effort: the rename itself is atomic either way.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

export interface LiveRecord {
  id: string;
  offset: number;
  length: number;
  /** The line when it is in memory; otherwise it is read from the old log. */
  line: Buffer | undefined;
}

/**
 * Writes the live records to `temp`, fsyncs it and renames it over `file`, so there is never a moment
 * without a whole log. Returns each record's new offset and the new size.
 */
export async function rewriteLog(file: string, temp: string, dir: string, live: LiveRecord[]): Promise<{ offsets: number[]; size: number }> {
  const offsets: number[] = [];
  let position = 0;
  let src: FileHandle | undefined;
  let dst: FileHandle | undefined;
  try {
    src = await open(file, 'r');
    dst = await open(temp, 'w');
    let pieces: Buffer[] = [];
    let pieceBytes = 0;
    for (const record of live) {
      const line = record.line ?? (await readExact(src, record.offset, record.length));
      if (line[line.length - 1] !== 0x0a) throw new Error(`record ${record.id} is not where the index says; the log changed outside Hookscope`);
      offsets.push(position);
      position += line.length;
      pieces.push(line);
      pieceBytes += line.length;
      if (pieceBytes >= 1024 * 1024) {
        await writeAll(dst, Buffer.concat(pieces));
        pieces = [];
        pieceBytes = 0;
      }
    }
    await writeAll(dst, Buffer.concat(pieces));
    await dst.sync();
    await dst.close();
    dst = undefined;
    await src.close();
    src = undefined;
    await rename(temp, file);
    await syncDir(dir);
  } catch (error) {
    await src?.close().catch(() => undefined);
    await dst?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { offsets, size: position };
}
