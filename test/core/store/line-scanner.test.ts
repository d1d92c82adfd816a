import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { forEachLine } from '../../../src-main/core/store/line-scanner';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Seen {
  offset: number;
  text: string;
  terminated: boolean;
}

async function scan(content: string, chunkBytes: number): Promise<Seen[]> {
  dir = await mkdtemp(join(tmpdir(), 'hookscope-scan-'));
  const file = join(dir, 'log');
  await writeFile(file, content);
  const fh = await open(file, 'r');
  try {
    const seen: Seen[] = [];
    // The buffer is only valid during the call: copy at once, as the log loader does.
    await forEachLine(fh, (buf, start, end, offset, terminated) => seen.push({ offset, text: buf.toString('utf8', start, end), terminated }), chunkBytes);
    return seen;
  } finally {
    await fh.close();
  }
}

it('gives exact byte offsets for lines spanning reads, multi-byte text and a torn end', async () => {
  const parts = ['short', 'héllo ✓ 日本 a longer line crossing several chunks', '', 'x'.repeat(40), 'torn'];
  const seen = await scan(`${parts.slice(0, -1).join('\n')}\n${parts[4]}`, 7);
  let offset = 0;
  parts.forEach((text, i) => {
    expect(seen[i]).toEqual({ offset, text, terminated: i < parts.length - 1 });
    offset += Buffer.byteLength(text) + 1;
  });
  expect(seen).toHaveLength(parts.length);
});

it('hands over every line whole, including lines longer than a read and a newline on a read boundary', async () => {
  const parts = ['a', 'b'.repeat(30), 'c'.repeat(5), 'dé', 'e'.repeat(17), 'f'.repeat(7)];
  const seen = await scan(`${parts.join('\n')}\n`, 8);
  expect(seen.map((s) => s.text)).toEqual(parts);
  expect(seen.every((s) => s.terminated)).toBe(true);
});

it('reads an empty file as no lines', async () => {
  expect(await scan('', 8)).toEqual([]);
});
