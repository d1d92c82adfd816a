// Poll-source secrets through the session: stored apart from the config, used for requests,
// never in the settings file, the snapshot or the test-request answer.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PollTestResult } from '../../src-main/contract/model';
import { createSession, type Session } from '../../src-main/core/session';
import { startTestApi, type TestApi } from '../helpers/test-api';

const open: Session[] = [];
let api: TestApi | undefined;

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await api?.close();
  api = undefined;
});

async function start(): Promise<{ session: Session; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-secrets-session-'));
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20 });
  open.push(session);
  return { session, dataDir };
}

function allFilesText(dir: string, skip: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== skip)
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('session: poll-source secrets', () => {
  it('keeps the secret out of the config, uses it, and forgets it with the source', async () => {
    api = await startTestApi({ items: [{ id: 1 }] });
    const { session, dataDir } = await start();
    const input = { id: 'gh', name: 'API', url: api.url, headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true, auth: { kind: 'bearer' as const }, secret: 'tok-SECRET-1' };
    const view = await session.handle('upsertPollSource', [input]);
    expect(view.config).not.toHaveProperty('secret');
    expect(view.status.hasSecret).toBe(true);
    await vi.waitFor(() => expect(api?.requests.length).toBeGreaterThan(0));
    expect(api.requests[0].headers.authorization).toBe('Bearer tok-SECRET-1');

    const snapshot = await session.handle('snapshot', []);
    expect(JSON.stringify(snapshot)).not.toContain('tok-SECRET-1');
    await vi.waitFor(() => expect(allFilesText(dataDir, 'secrets.json')).toContain('"gh"'));
    expect(allFilesText(dataDir, 'secrets.json')).not.toContain('tok-SECRET-1');

    // Absent keeps the stored secret; a test request by id uses it.
    const test = await session.handle('testPollSource', [{ ...input, secret: undefined }]);
    expect(test).toMatchObject({ status: 200, itemCount: 1, ids: ['1'] });
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer tok-SECRET-1');

    await session.handle('removePollSource', ['gh']);
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain('tok-SECRET-1');
  });

  it('test request: shows the raw response, the items at the path, and masks a query key', async () => {
    api = await startTestApi({ items: [{ id: 'a' }, { id: 'b' }], behaviour: { shape: { kind: 'data' } } });
    const { session } = await start();
    const result: PollTestResult = await session.handle('testPollSource', [
      { name: 'x', url: api.url, headers: [], intervalMs: 5000, itemsPath: 'data', idPath: 'id', enabled: true, auth: { kind: 'apiKeyQuery', name: 'key' }, secret: 'qk-SECRET' },
    ]);
    expect(result).toMatchObject({ status: 200, itemCount: 2, ids: ['a', 'b'], sample: [{ id: 'a' }, { id: 'b' }], bodyTruncated: false });
    expect(result.url).toBe(`${api.url}?key=***`);
    expect(JSON.parse(result.body)).toMatchObject({ object: 'list' });
    expect(JSON.stringify(result)).not.toContain('qk-SECRET');
    expect(api.requests[0].url).toBe('/v1/items?key=qk-SECRET');

    const wrongPath = await session.handle('testPollSource', [{ name: 'x', url: api.url, headers: [], intervalMs: 5000, itemsPath: 'items', idPath: 'id', enabled: true }]);
    expect(wrongPath.itemsError).toMatch(/no items array at "items"/);
    api.set({ html: true });
    const html = await session.handle('testPollSource', [{ name: 'x', url: api.url, headers: [], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true }]);
    expect(html.itemsError).toMatch(/^response is not JSON: <!DOCTYPE html>/);
    expect(html.body).toContain('Please sign in');
  });

  it('refuses bad auth settings with a message naming the field', async () => {
    const { session } = await start();
    const base = { name: 'x', url: 'http://127.0.0.1:1/', headers: [], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true };
    await expect(session.handle('upsertPollSource', [{ ...base, auth: { kind: 'basic', username: '' } }])).rejects.toThrow(/invalid poll source \(auth.username\): basic auth needs a username/);
    await expect(session.handle('upsertPollSource', [{ ...base, auth: { kind: 'apiKeyHeader', name: 'bad name' } }])).rejects.toThrow(/auth.name/);
    await expect(session.handle('upsertPollSource', [{ ...base, maxPages: 0 }])).rejects.toThrow(/maxPages/);
  });
});
