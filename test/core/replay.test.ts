// Replay sends a captured push to another server: the same bytes, method and headers as received
// (connection headers aside), or an edited copy; failures come back as results, never as hangs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../src-main/contract/model';
import { replayPush } from '../../src-main/core/replay';
import { createSession, type Session } from '../../src-main/core/session';

interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
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

async function target(answer = true): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      if (answer) res.writeHead(201, 'Made', { 'x-answer': 'yes' }).end('thanks');
    });
  });
  server.on('connection', (s) => sockets.push(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

async function capture(session: Session, body: Buffer): Promise<PushEvent> {
  const id = await new Promise<string>((resolve, reject) => {
    const req = request(`${session.receiverUrl}/in/hook?q=1`, { method: 'PATCH', headers: ['Content-Type', 'application/octet-stream', 'X-Sig', 'abc', 'x-sig', 'def'] }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve((JSON.parse(text) as { id: string }).id));
    });
    req.on('error', reject);
    req.end(body);
  });
  let event: PushEvent | null = null;
  await vi.waitFor(async () => {
    event = (await session.handle('getEvent', [id])) as PushEvent | null;
    expect(event).not.toBeNull();
  });
  return event!;
}

const pairs = (raw: string[]): [string, string][] => raw.flatMap((v, i) => (i % 2 === 0 ? [[v, raw[i + 1] ?? ''] as [string, string]] : []));

describe('replay', () => {
  it('delivers the same bytes, method and headers to a local server and reports its answer', async () => {
    const session = await createSession({ dataDir: mkdtempSync(join(tmpdir(), 'hookscope-replay-')), settings: { receiverPort: 0, demo: false }, flushMs: 10 });
    open.push(session);
    const body = Buffer.concat([Buffer.from([0, 0xff, 0xc3]), randomBytes(70_000)]);
    const event = await capture(session, body);
    const { url, received } = await target();
    const result = await session.handle('replayPush', [event.id, { url: `${url}/out?x=2` }]);
    expect(result).toMatchObject({ url: `${url}/out?x=2`, method: 'PATCH', status: 201, statusText: 'Made', body: 'thanks', bodyTruncated: false });
    expect(result.headers).toContainEqual(['x-answer', 'yes']);
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('PATCH');
    expect(received[0].url).toBe('/out?x=2');
    expect(received[0].body.equals(body)).toBe(true);
    const sent = pairs(received[0].rawHeaders);
    expect(sent.filter(([n]) => n.toLowerCase() === 'x-sig').map(([, v]) => v)).toEqual(['abc', 'def']);
    expect(sent).toContainEqual(['Content-Type', 'application/octet-stream']);
    expect(sent.find(([n]) => n.toLowerCase() === 'content-length')?.[1]).toBe(String(body.length));
  });

  it('sends an edited copy: method, headers and body replaced', async () => {
    const session = await createSession({ dataDir: mkdtempSync(join(tmpdir(), 'hookscope-replay-')), settings: { receiverPort: 0, demo: false }, flushMs: 10 });
    open.push(session);
    const event = await capture(session, Buffer.from('original'));
    const { url, received } = await target();
    await session.handle('replayPush', [event.id, { url, method: 'put', headers: [['X-Edited', '1'], ['Host', 'ignored.example']], body: Buffer.from([1, 2, 3]).toString('base64'), bodyEncoding: 'base64' }]);
    expect(received[0].method).toBe('PUT');
    expect([...received[0].body]).toEqual([1, 2, 3]);
    const sent = pairs(received[0].rawHeaders);
    expect(sent).toContainEqual(['X-Edited', '1']);
    expect(sent.some(([n]) => n.toLowerCase() === 'x-sig')).toBe(false);
    expect(sent.find(([n]) => n.toLowerCase() === 'host')?.[1]).toBe(new URL(url).host);
  });

  it('refuses bad targets and unknown events with clear errors', async () => {
    const session = await createSession({ dataDir: mkdtempSync(join(tmpdir(), 'hookscope-replay-')), settings: { receiverPort: 0, demo: false }, flushMs: 10 });
    open.push(session);
    const event = await capture(session, Buffer.from('x'));
    await expect(session.handle('replayPush', ['push_nope', { url: 'http://127.0.0.1:1/' }])).rejects.toThrow(/no captured push/);
    await expect(session.handle('replayPush', [event.id, { url: 'not a url' }])).rejects.toThrow(/not a URL/);
    await expect(session.handle('replayPush', [event.id, { url: 'file:///etc/passwd' }])).rejects.toThrow(/http/);
    await expect(session.handle('replayPush', [event.id, { url: 'http://127.0.0.1:1/', method: 'BAD METHOD' }])).rejects.toThrow(/HTTP method/);
    await expect(session.handle('replayPush', [event.id, { url: 'http://127.0.0.1:1/', headers: [['X', 'a\r\nb']] }])).rejects.toThrow(/line break/);
    await expect(session.handle('replayPush', [event.id, { url: 'http://127.0.0.1:1/', body: '@@', bodyEncoding: 'base64' }])).rejects.toThrow(/base64/);
  });

  it('reports a refused connection and a target that never answers as results', async () => {
    const event: PushEvent = { id: 'p', stream: 'push', receivedAt: '', t: 0, summary: '', size: 1, method: 'POST', path: '/', query: '', remoteAddress: '', via: 'direct', status: 200, headers: [], body: 'x', bodyEncoding: 'utf8' };
    const closed = await target();
    await new Promise((r) => servers.pop()!.close(r));
    const refused = await replayPush(event, { url: closed.url });
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) as unknown });
    const silent = await target(false);
    const timedOut = await replayPush(event, { url: silent.url }, { timeoutMs: 200 });
    expect(timedOut).toMatchObject({ status: null, error: 'no answer within 0.2 s' });
  });
});
