import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushRow } from '../../src-main/contract/model';
import { startUiServer, type UiServer } from '../../src-main/headless/ui-server';
import { createFakeHost, type FakeHost } from './fake-host';
import { openClient, type TestClient } from './ws-client';

let dir: string;
let host: FakeHost;
let server: UiServer;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hookscope-ws-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  host = createFakeHost();
  server = await startUiServer({ host, port: 0, rendererDir: dir });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const wsUrl = (query = `?token=${server.token}`, path = '/ws'): string => `ws://127.0.0.1:${server.port}${path}${query}`;

async function connect(url = wsUrl(), options = {}): Promise<TestClient> {
  const c = await openClient(url, options);
  clients.push(c);
  return c;
}

const row: PushRow = {
  id: 'p1', stream: 'push', receivedAt: '2024-01-01T00:00:00.000Z', t: 1, summary: 'POST /hook', size: 2,
  method: 'POST', path: '/hook', query: '', remoteAddress: '127.0.0.1', via: 'direct', status: 200,
};

describe('WebSocket access', () => {
  it('refuses a connection without a token or with a wrong one (401)', async () => {
    await expect(connect(wsUrl(''))).rejects.toThrow('HTTP 401');
    await expect(connect(wsUrl('?token=wrong'))).rejects.toThrow('HTTP 401');
  });

  it('accepts the token from the cookie', async () => {
    const c = await connect(wsUrl(''), { headers: { cookie: `hookscope_token=${server.token}` } });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('refuses a foreign Origin and accepts the app origin', async () => {
    await expect(connect(wsUrl(), { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(wsUrl(), { origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow('HTTP 403');
    const ok = await connect(wsUrl(), { origin: `http://localhost:${server.port}` });
    expect(ok.ws.readyState).toBe(ok.ws.OPEN);
  });

  it('refuses a foreign Host header (403) and any path but /ws (404)', async () => {
    await expect(connect(wsUrl(), { headers: { host: `evil.example:${server.port}` } })).rejects.toThrow('HTTP 403');
    await expect(connect(wsUrl(undefined, '/socket'))).rejects.toThrow('HTTP 404');
  });
});

describe('WebSocket calls and events', () => {
  it('answers a call with the host result', async () => {
    const c = await connect();
    c.send({ type: 'call', id: 1, name: 'setTunnel', args: [true] });
    expect(await c.result(1)).toEqual({ type: 'result', id: 1, ok: true, value: { state: 'connecting', since: 1, host: 'https://lt.example' } });
    expect(host.calls).toEqual([{ name: 'setTunnel', args: [true] }]);
  });

  it('hands the session the window showed to the host with the call', async () => {
    const c = await connect();
    c.send({ type: 'call', id: 2, name: 'clear', args: [], session: 'ses_a' });
    await c.result(2);
    c.send({ type: 'call', id: 3, name: 'clear', args: [], session: 7 });
    expect(await c.result(3)).toMatchObject({ ok: false, error: 'invalid message: expected {type:"call", id, name, args[]}' });
    expect(host.calls).toEqual([{ name: 'clear', args: [], shownSession: 'ses_a' }]);
  });

  it("turns a host error into ok:false with the error's message", async () => {
    const c = await connect();
    c.send({ type: 'call', id: 7, name: 'getEvent', args: ['boom'] });
    expect(await c.result(7)).toEqual({ type: 'result', id: 7, ok: false, error: 'event store is unreadable' });
  });

  it('refuses an unknown command and bad arguments without calling the host', async () => {
    const c = await connect();
    c.send({ type: 'call', id: 2, name: 'deleteEverything', args: [] });
    c.send({ type: 'call', id: 3, name: 'getEvent', args: [42] });
    c.send({ type: 'call', id: 4, name: 'toString', args: [] });
    expect(await c.result(2)).toMatchObject({ ok: false, error: 'unknown command: deleteEverything' });
    expect(await c.result(3)).toMatchObject({ ok: false, error: expect.stringMatching(/bad arguments for getEvent/) });
    expect(await c.result(4)).toMatchObject({ ok: false, error: 'unknown command: toString' });
    expect(host.calls).toEqual([]);
  });

  it('answers a malformed call that has an id, and closes on one that has none', async () => {
    const c = await connect();
    c.send({ type: 'call', id: 5, name: 'snapshot' });
    expect(await c.result(5)).toMatchObject({ ok: false, error: expect.stringMatching(/invalid message/) });
    c.send({ hello: 'world' });
    await vi.waitFor(() => expect(c.closed?.code).toBe(1008));
  });

  it('closes the socket on unparsable JSON, and the server keeps serving others', async () => {
    const bad = await connect();
    const good = await connect();
    bad.send('{not json');
    await vi.waitFor(() => expect(bad.closed?.code).toBe(1007));
    good.send({ type: 'call', id: 1, name: 'snapshot', args: [] });
    expect(await good.result(1)).toMatchObject({ ok: true, value: { fake: 'snapshot' } });
  });

  it('closes on a frame over 1 MiB (1009) and on a binary frame (1003)', async () => {
    const big = await connect();
    big.send(JSON.stringify({ type: 'call', id: 1, name: 'getEvent', args: ['x'.repeat(1024 * 1024 + 10)] }));
    await vi.waitFor(() => expect(big.closed?.code).toBe(1009));
    const bin = await connect();
    bin.ws.send(Buffer.from([1, 2, 3]));
    await vi.waitFor(() => expect(bin.closed?.code).toBe(1003));
    expect(host.calls).toEqual([]);
  });

  it('broadcasts every host event to every client', async () => {
    const a = await connect();
    const b = await connect();
    host.emit('push', row);
    host.emit('cleared', {});
    for (const c of [a, b]) {
      await vi.waitFor(() => expect(c.messages).toHaveLength(2));
      expect(c.messages).toEqual([
        { type: 'event', name: 'push', payload: row },
        { type: 'event', name: 'cleared', payload: {} },
      ]);
    }
  });

  it('a void command answers ok with no value', async () => {
    const c = await connect();
    c.send({ type: 'call', id: 9, name: 'clear', args: [] });
    const res = await c.result(9);
    expect(res).toEqual({ type: 'result', id: 9, ok: true });
  });
});
