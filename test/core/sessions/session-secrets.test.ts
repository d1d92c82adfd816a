// Secrets are keyed by poll-source (and signing-rule) id, and a copied session keeps those ids: the
// copy must keep working, and removing or deleting one session must not take the other's secret.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/session';
import { openSecretStore } from '../../../src-main/core/secrets/secret-store';
import { startTestApi, type TestApi } from '../../helpers/test-api';

const open: Session[] = [];
let api: TestApi | undefined;

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await api?.close();
  api = undefined;
});

async function start(): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-session-secrets-'));
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20 });
  open.push(session);
  return session;
}

function secretSource(url: string, id: string) {
  return { id, name: id, url, headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true, auth: { kind: 'bearer' as const }, secret: `tok-${id}` };
}

async function hasSecret(session: Session, id: string): Promise<boolean | undefined> {
  const snap = await session.handle('snapshot', []);
  return snap.sources.find((s) => s.config.id === id)?.status.hasSecret;
}

async function storedSecret(session: Session, id: string): Promise<string | undefined> {
  return (await openSecretStore(session.dataDir)).get(id);
}

describe('sessions: secrets', () => {
  it('a copied source polls with the same secret; removing it in one session keeps it for the other', async () => {
    api = await startTestApi({ items: [{ id: 1 }] });
    const session = await start();
    await session.handle('upsertPollSource', [secretSource(api.url, 'shared')]);
    await session.handle('upsertSigningRule', [{ id: 'gh', scheme: 'github', path: '/gh', secret: 'whsec' }]);
    const copy = await session.handle('createSession', [{ name: 'Copy', copySettings: true }]);
    expect(await hasSecret(session, 'shared')).toBe(true);
    await vi.waitFor(() => expect(api!.requests.filter((r) => r.headers.authorization === 'Bearer tok-shared').length).toBeGreaterThanOrEqual(2));
    expect((await session.handle('signingRules', [])).find((r) => r.id === 'gh')?.hasSecret).toBe(true);

    await session.handle('removePollSource', ['shared']);
    await session.handle('removeSigningRule', ['gh']);
    await session.handle('switchSession', ['default']);
    expect(await hasSecret(session, 'shared')).toBe(true);
    expect((await session.handle('signingRules', [])).find((r) => r.id === 'gh')?.hasSecret).toBe(true);
    expect(await storedSecret(session, 'shared')).toBe('tok-shared');
    expect(copy.id).toMatch(/^ses_/);
  });

  it('deleting a session forgets the secrets only it used, and keeps the ones another session uses', async () => {
    api = await startTestApi({ items: [{ id: 1 }] });
    const session = await start();
    await session.handle('upsertPollSource', [secretSource(api.url, 'shared')]);
    const doomed = await session.handle('createSession', [{ name: 'Doomed', copySettings: true }]);
    await session.handle('upsertPollSource', [secretSource(api.url, 'own')]);
    expect(await storedSecret(session, 'own')).toBe('tok-own');
    await session.handle('switchSession', ['default']);
    await session.handle('deleteSession', [doomed.id]);
    expect(await storedSecret(session, 'own')).toBeUndefined();
    expect(await storedSecret(session, 'shared')).toBe('tok-shared');
    expect(await hasSecret(session, 'shared')).toBe(true);
  });

  it('a shared secret removed in one session while the other is being deleted is forgotten, not left behind', async () => {
    const session = await start();
    await session.handle('upsertPollSource', [{ ...secretSource('http://127.0.0.1:9/items', 'shared'), enabled: false }]);
    await session.handle('upsertSigningRule', [{ id: 'gh', scheme: 'github', path: '/gh', secret: 'whsec' }]);
    const doomed = await session.handle('createSession', [{ name: 'Doomed', copySettings: true }]);
    await session.handle('switchSession', ['default']);
    // The delete has begun (its folder is being removed) when the removals arrive.
    const deleting = session.handle('deleteSession', [doomed.id]);
    await new Promise((r) => setImmediate(r));
    await session.handle('removePollSource', ['shared']);
    await session.handle('removeSigningRule', ['gh']);
    await deleting;
    expect(await storedSecret(session, 'shared')).toBeUndefined();
    expect(await storedSecret(session, 'gh')).toBeUndefined();
  });
});
