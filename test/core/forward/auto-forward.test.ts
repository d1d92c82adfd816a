// Auto-forward through the real session: every captured push goes on to a local server with the same
// bytes, and each forward's status and time is recorded (and failures are recorded, not dropped).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName, Events } from '../../../src-main/contract/api';
import type { ForwardRecord } from '../../../src-main/contract/model';
import { AutoForwarder, forwardUrl } from '../../../src-main/core/forward/auto-forward';
import { createSession, type Session } from '../../../src-main/core/session';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const open: Session[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function target(status = 202): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status).end('ok');
    });
  });
  server.on('connection', (s) => sockets.push(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

async function start(forwardTo?: string): Promise<{ session: Session; forwards: ForwardRecord[] }> {
  const session = await createSession({
    dataDir: mkdtempSync(join(tmpdir(), 'hookscope-forward-')),
    settings: { receiverPort: 0, demo: false, ...(forwardTo !== undefined && { forwardTo }) },
    flushMs: 20,
  });
  open.push(session);
  const forwards: ForwardRecord[] = [];
  session.subscribe(<K extends EventName>(name: K, payload: Events[K]) => {
    if (name === 'forward') forwards.push(payload as ForwardRecord);
  });
  return { session, forwards };
}

async function post(session: Session, path: string, body: Buffer, contentType = 'application/octet-stream'): Promise<string> {
  const res = await fetch(`${session.receiverUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType, 'stripe-signature': 't=1,v1=abc' }, body });
  return ((await res.json()) as { id: string }).id;
}

describe('auto-forward', () => {
  it('forwards every push byte-exact to the local URL and records status and time', async () => {
    const t = await target(202);
    const { session, forwards } = await start(`${t.url}/webhooks`);
    const body = randomBytes(4096);
    const id = await post(session, '/stripe?x=1', body);
    await vi.waitFor(() => expect(forwards).toHaveLength(1));
    expect(t.received).toHaveLength(1);
    const got = t.received[0];
    expect(got?.method).toBe('POST');
    expect(got?.url).toBe('/webhooks/stripe?x=1');
    expect(got?.headers['stripe-signature']).toBe('t=1,v1=abc');
    expect(got?.body.equals(body)).toBe(true);
    const rec = forwards[0];
    expect(rec).toMatchObject({ pushId: id, url: `${t.url}/webhooks/stripe?x=1`, status: 202 });
    expect(rec?.error).toBeUndefined();
    expect(rec?.durationMs).toBeGreaterThan(0);
    expect(rec?.t).toBeGreaterThan(Date.now() - 60_000);
    expect(await session.handle('forwards', [id])).toEqual([rec]);
  });

  it('is off by default and can be turned on and off with updateSettings', async () => {
    const t = await target();
    const { session, forwards } = await start();
    const first = await post(session, '/a', Buffer.from('one'));
    await vi.waitFor(async () => expect(await session.handle('getEvent', [first])).not.toBeNull());
    expect(forwards).toHaveLength(0);
    expect(t.received).toHaveLength(0);

    await session.handle('updateSettings', [{ forwardTo: t.url }]);
    await post(session, '/b', Buffer.from('two'));
    await vi.waitFor(() => expect(forwards).toHaveLength(1));
    expect(t.received[0]?.body.toString()).toBe('two');

    await session.handle('updateSettings', [{ forwardTo: '' }]);
    const third = await post(session, '/c', Buffer.from('three'));
    await vi.waitFor(async () => expect(await session.handle('getEvent', [third])).not.toBeNull());
    expect(forwards).toHaveLength(1);
  });

  it('records a refused forward with its error instead of dropping it', async () => {
    const t = await target();
    const deadUrl = t.url;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const { session, forwards } = await start(deadUrl);
    const id = await post(session, '/x', Buffer.from('{}'), 'application/json');
    await vi.waitFor(() => expect(forwards).toHaveLength(1));
    expect(forwards[0]).toMatchObject({ pushId: id, status: null });
    expect(forwards[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it("refuses to forward to Hookscope's own receiver (a loop) and says so", async () => {
    const { session, forwards } = await start();
    await session.handle('updateSettings', [{ forwardTo: session.receiverUrl }]);
    const id = await post(session, '/loop', Buffer.from('x'));
    await vi.waitFor(() => expect(forwards).toHaveLength(1));
    expect(forwards[0]).toMatchObject({ pushId: id, status: null });
    expect(forwards[0]?.error).toMatch(/own receiver/);
    // Only the original push was captured: nothing came back round.
    const snap = (await session.handle('snapshot', [])) as { push: unknown[] };
    expect(snap.push).toHaveLength(1);
  });

  it('rejects a forward URL that is not http(s) with a clear message', async () => {
    const { session } = await start();
    await expect(session.handle('updateSettings', [{ forwardTo: 'ftp://example' }])).rejects.toThrow(/invalid settings \(forwardTo\)/);
    await expect(session.handle('updateSettings', [{ forwardTo: 'not a url' }])).rejects.toThrow(/forwardTo/);
  });

  it('records pushes beyond the queue limit as not sent', () => {
    const records: ForwardRecord[] = [];
    const fw = new AutoForwarder({ onRecord: (r) => records.push(r), concurrency: 0, maxQueued: 1 });
    const ev = { id: 'p1', path: '/', query: '', method: 'POST', headers: [], body: '', bodyEncoding: 'utf8' } as never;
    fw.forward(ev, 'http://127.0.0.1:9/');
    fw.forward({ ...(ev as object), id: 'p2' } as never, 'http://127.0.0.1:9/');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ pushId: 'p2', status: null });
    expect(records[0]?.error).toMatch(/too many forwards waiting/);
    fw.close();
  });

  it('builds the target URL with proxy semantics', () => {
    expect(forwardUrl('http://localhost:3000', { path: '/hooks/gh', query: 'a=1' })).toBe('http://localhost:3000/hooks/gh?a=1');
    expect(forwardUrl('http://localhost:3000/api/', { path: '/stripe', query: '' })).toBe('http://localhost:3000/api/stripe');
    expect(forwardUrl('http://localhost:3000/webhook', { path: '/', query: '' })).toBe('http://localhost:3000/webhook');
  });
});
