import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/session';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('session report command', () => {
  it('reports what the live session captured, keyed by the run-time match settings', async () => {
    session = await createSession({
      dataDir: mkdtempSync(join(tmpdir(), 'hookscope-report-')),
      settings: { receiverPort: 0, demo: false, match: { pushKey: '{type}:{data.id}', pollKey: 'id', timePath: 'at' } },
      flushMs: 10,
    });
    const res = await fetch(`${session.receiverUrl}/hook`, { method: 'POST', body: JSON.stringify({ type: 'issue', data: { id: 7 }, at: '2026-01-01T00:00:00.000Z' }) });
    expect(res.status).toBe(200);
    await vi.waitFor(async () => {
      const json = JSON.parse(await session!.handle('report', ['json'])) as { events: { key: string; cls: string; sourceTime: number }[] };
      expect(json.events).toEqual([expect.objectContaining({ key: 'issue:7', cls: 'push-only', sourceTime: Date.parse('2026-01-01T00:00:00.000Z') })]);
    });
    expect(await session.handle('report', ['csv'])).toMatch(/^key,class/);
    expect(await session.handle('report', ['html'])).toMatch(/issue:7/);
    await expect(session.handle('report', ['pdf' as 'json'])).rejects.toThrow(/json, csv or html/);
  });
});
