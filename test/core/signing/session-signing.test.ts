// Verification inside a real session: signed deliveries (made by the providers' own libraries) to
// the real receiver come out valid, tampered copies invalid, and the secrets stay out of every file
// but the secret store.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Stripe from 'stripe';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import type { PushRow, SignatureCheck } from '../../../src-main/contract/model';
import { exportEvents } from '../../../src-main/core/export/export-events';
import { createSession, type Session } from '../../../src-main/core/session';

const open: Session[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const STRIPE_SECRET = 'whsec_stripe_session_test';
const GITHUB_SECRET = 'gh-session-secret';
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function start(dataDir: string, extra: Partial<Parameters<typeof createSession>[0]> = {}): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 10, ...extra });
  open.push(session);
  return session;
}

async function post(session: Session, path: string, headers: Record<string, string>, body: string): Promise<SignatureCheck | undefined> {
  const res = await fetch(`${session.receiverUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const { id } = (await res.json()) as { id: string };
  let row: PushRow | undefined;
  await vi.waitFor(async () => {
    row = (await session.handle('snapshot', [])).push.find((r) => r.id === id);
    expect(row).toBeDefined();
  });
  return row?.signature;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

async function configure(session: Session): Promise<void> {
  await session.handle('upsertSigningRule', [{ id: 'stripe', scheme: 'stripe', path: '/stripe', secret: STRIPE_SECRET }]);
  await session.handle('upsertSigningRule', [{ id: 'gh', scheme: 'github', path: '/hooks/*', secret: GITHUB_SECRET }]);
  await session.handle('upsertSigningRule', [{ id: 'sw', scheme: 'standard-webhooks', path: '/hooks/*', secret: SW_SECRET }]);
}

describe('signature verification in the session', () => {
  it('shows a Stripe-, a GitHub- and a Standard Webhooks-signed delivery valid and a tampered copy invalid', async () => {
    const session = await start(mkdtempSync(join(tmpdir(), 'hookscope-sig-')));
    await configure(session);
    const body = '{"id":"evt_1","object":"event","type":"invoice.paid"}';

    const stripeHeader = new Stripe('sk_test_oracle').webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET });
    expect(await post(session, '/stripe', { 'stripe-signature': stripeHeader }, body)).toEqual({ result: 'valid', scheme: 'stripe' });
    expect(await post(session, '/stripe', { 'stripe-signature': stripeHeader }, body.replace('paid', 'void'))).toEqual({ result: 'invalid', scheme: 'stripe', reason: 'bad signature' });

    const ghSig = await octokitSign(GITHUB_SECRET, body);
    expect(await post(session, '/hooks/gh', { 'x-hub-signature-256': ghSig, 'x-github-event': 'issues' }, body)).toEqual({ result: 'valid', scheme: 'github' });
    expect(await post(session, '/hooks/gh', { 'x-hub-signature-256': ghSig }, `${body} `)).toEqual({ result: 'invalid', scheme: 'github', reason: 'bad signature' });

    // Two rules cover /hooks/*: the headers pick the Standard Webhooks one.
    const swHeaders = new Webhook(SW_SECRET).sign('msg_1', new Date(), body);
    const sw = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': swHeaders };
    expect(await post(session, '/hooks/sw', sw, body)).toEqual({ result: 'valid', scheme: 'standard-webhooks' });
    expect(await post(session, '/hooks/sw', sw, body.replace('evt_1', 'evt_2'))).toEqual({ result: 'invalid', scheme: 'standard-webhooks', reason: 'bad signature' });
    const stale = { ...sw, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
    expect(await post(session, '/hooks/sw', stale, body)).toEqual({ result: 'invalid', scheme: 'standard-webhooks', reason: 'stale timestamp' });
  });

  it('says why a push was not checked or is missing its header', async () => {
    const session = await start(mkdtempSync(join(tmpdir(), 'hookscope-sig-')));
    await configure(session);
    expect(await post(session, '/elsewhere', {}, '{}')).toEqual({ result: 'unchecked', reason: 'no signing rule for this path' });
    expect(await post(session, '/stripe', {}, '{}')).toEqual({ result: 'invalid', scheme: 'stripe', reason: 'missing header' });
    await session.handle('upsertSigningRule', [{ id: 'stripe', scheme: 'stripe', path: '/stripe', secret: '' }]);
    expect(await post(session, '/stripe', { 'stripe-signature': 't=1,v1=00' }, '{}')).toEqual({ result: 'unchecked', scheme: 'stripe', reason: 'no secret set for the rule' });
  });

  it('verifies the demo deliveries with the demo secret, without any setup', async () => {
    const session = await start(mkdtempSync(join(tmpdir(), 'hookscope-sig-')), {
      settings: { receiverPort: 0, demo: true },
      demo: { seed: 5, rate: { eventsPerSec: 10 }, faults: { delayMedianMs: 5, delayMaxMs: 20 } },
      demoPollIntervalMs: 60_000,
    });
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push.length).toBeGreaterThan(2), { timeout: 10_000, interval: 100 });
    const rows = (await session.handle('snapshot', [])).push;
    expect(rows.every((row) => row.signature?.result === 'valid' && row.signature.scheme === 'standard-webhooks')).toBe(true);
    const rules = await session.handle('signingRules', []);
    expect(rules[0]).toMatchObject({ id: 'demo', scheme: 'standard-webhooks', demo: true, hasSecret: true });
    await expect(session.handle('removeSigningRule', ['demo'])).rejects.toThrow(/demo/);
  });

  it('keeps rules across a restart, secrets only in the secret store, and exports the verdicts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-sig-'));
    let session = await start(dataDir);
    await configure(session);
    const body = '{"id":"evt_x"}';
    await post(session, '/hooks/a', { 'x-hub-signature-256': await octokitSign(GITHUB_SECRET, body) }, body);
    await post(session, '/nowhere', {}, body);
    await session.close();
    session = await start(dataDir);
    const rules = await session.handle('signingRules', []);
    expect(rules.map((r) => [r.id, r.scheme, r.path, r.hasSecret])).toEqual([
      ['stripe', 'stripe', '/stripe', true],
      ['gh', 'github', '/hooks/*', true],
      ['sw', 'standard-webhooks', '/hooks/*', true],
    ]);
    expect(JSON.stringify(rules)).not.toContain(GITHUB_SECRET);
    expect(await post(session, '/hooks/b', { 'x-hub-signature-256': await octokitSign(GITHUB_SECRET, body) }, body)).toMatchObject({ result: 'valid' });
    await session.close();

    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await exportEvents(dataDir, 'ndjson', out);
    const records = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => [r.signature, r.signatureScheme, r.signatureReason])).toEqual([
      ['valid', 'github', undefined],
      ['unchecked', undefined, 'no signing rule for this path'],
      ['valid', 'github', undefined],
    ]);
    expect(text).not.toContain(GITHUB_SECRET);
    for (const file of allFiles(dataDir)) {
      const content = readFileSync(file, 'utf8');
      if (file.endsWith('secrets.json')) expect(content).toContain(GITHUB_SECRET);
      else for (const secret of [GITHUB_SECRET, STRIPE_SECRET, SW_SECRET]) expect(content, file).not.toContain(secret);
    }
  });

  it('applies run-only rules from the config without storing them, and removes rules', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-sig-'));
    const session = await start(dataDir, { signingRules: [{ id: 'cfg', scheme: 'github', path: '*', secret: 'from-env' }] });
    const body = '{"a":1}';
    expect(await post(session, '/any', { 'x-hub-signature-256': await octokitSign('from-env', body) }, body)).toMatchObject({ result: 'valid', scheme: 'github' });
    expect(readFileSync(join(dataDir, 'secrets.json'), { encoding: 'utf8', flag: 'a+' })).not.toContain('from-env');
    expect(await session.handle('removeSigningRule', ['cfg'])).toEqual([]);
    expect(await post(session, '/any', {}, body)).toMatchObject({ result: 'unchecked' });
  });

  it('refuses bad rules with a message naming the field', async () => {
    const session = await start(mkdtempSync(join(tmpdir(), 'hookscope-sig-')));
    await expect(session.handle('upsertSigningRule', [{ scheme: 'paypal' as never, path: '/x' }])).rejects.toThrow(/scheme/);
    await expect(session.handle('upsertSigningRule', [{ scheme: 'github', path: 'no-slash' }])).rejects.toThrow(/path/);
    await expect(session.handle('upsertSigningRule', [{ scheme: 'standard-webhooks', path: '/x', secret: 'whsec_!!' }])).rejects.toThrow(/secret.*base64/);
    await expect(session.handle('upsertSigningRule', [{ scheme: 'github', path: '/x', toleranceSec: 0 }])).rejects.toThrow(/tolerance/);
    await expect(session.handle('removeSigningRule', ['nope'])).rejects.toThrow(/no signing rule/);
    expect(await session.handle('signingRules', [])).toEqual([]);
  });
});
