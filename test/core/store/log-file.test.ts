import type { FileHandle } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { writeAllv } from '../../../src-main/core/store/log-file';

it('writes every byte in order even when the system takes only part of a vectored write', async () => {
  const written: Buffer[] = [];
  let calls = 0;
  // At most 5 bytes and 2 buffers per call, as a short write or a small IOV_MAX would leave it.
  const fh = {
    writev: (buffers: Buffer[]) => {
      calls += 1;
      let budget = 5;
      for (const b of buffers.slice(0, 2)) {
        const part = b.subarray(0, budget);
        written.push(Buffer.from(part));
        budget -= part.length;
        if (budget === 0) break;
      }
      return Promise.resolve({ bytesWritten: 5 - budget, buffers });
    },
  } as unknown as FileHandle;
  const parts = ['first line\n', '', 'é second\n', 'x'.repeat(13), '\n'].map((t) => Buffer.from(t));
  await writeAllv(fh, parts);
  expect(Buffer.concat(written).toString()).toBe(Buffer.concat(parts).toString());
  expect(calls).toBeGreaterThan(5);
});
