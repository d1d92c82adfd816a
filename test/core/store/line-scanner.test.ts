import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { scanLines, type ScannedLine } from '../../../src-main/core/store/line-scanner';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('yields exact byte offsets for lines spanning chunks, multi-byte text and a torn end', async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookscope-scan-'));
  const file = join(dir, 'log');
  const parts = ['short', 'héllo ✓ 日本 a longer line crossing several chunks', '', 'x'.repeat(40), 'torn'];
  await writeFile(file, `${parts.slice(0, -1).join('\n')}\n${parts[4]}`);
  const fh = await open(file, 'r');
  try {
    const seen: ScannedLine[] = [];
    for await (const line of scanLines(fh, 7)) seen.push(line);
    let offset = 0;
    parts.forEach((text, i) => {
      expect(seen[i].offset).toBe(offset);
      expect(seen[i].bytes.toString('utf8')).toBe(text);
      expect(seen[i].terminated).toBe(i < parts.length - 1);
      offset += Buffer.byteLength(text) + 1;
    });
    expect(seen).toHaveLength(parts.length);
  } finally {
    await fh.close();
  }
});

it('with one shared read buffer, still yields every line whole, including lines longer than a read', async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookscope-scan-'));
  const file = join(dir, 'log');
  const parts = ['a', 'b'.repeat(30), 'c'.repeat(5), 'dé', 'e'.repeat(17)];
  await writeFile(file, `${parts.join('\n')}\n`);
  const fh = await open(file, 'r');
  try {
    const seen: string[] = [];
    // Transient lines are only valid until the next one: copy at once, as the log loader does.
    for await (const line of scanLines(fh, 8, true)) seen.push(line.bytes.toString('utf8'));
    expect(seen).toEqual(parts);
  } finally {
    await fh.close();
  }
});
