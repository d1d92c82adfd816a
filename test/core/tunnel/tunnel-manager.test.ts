// The tunnel manager driven by the real localtunnel client code against the loopback test server.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TunnelState, TunnelStatus } from '@contract/model';
import { TunnelManager, type CanaryReport, type TunnelManagerOptions } from '../../../src-main/core/tunnel/tunnel-manager';
import { LtTestServer } from '../../helpers/lt-server/lt-server';
import { startLocalReceiver, type LocalReceiver } from './local-receiver';

let server: LtTestServer;
let receiver: LocalReceiver;
let manager: TunnelManager | undefined;
let statuses: TunnelStatus[];
let canaries: CanaryReport[];

beforeEach(async () => {
  server = await LtTestServer.start({ maxConnCount: 3 });
  receiver = await startLocalReceiver();
  statuses = [];
  canaries = [];
});

afterEach(async () => {
  await manager?.stop();
  manager = undefined;
  await server.close();
  await receiver.close();
});

function makeManager(over: Partial<TunnelManagerOptions> = {}): TunnelManager {
  const m = new TunnelManager({
    localPort: receiver.port,
    host: server.host,
    handshakeTimeoutMs: 1000,
    canaryEveryMs: 200,
    canaryTimeoutMs: 1500,
    backoff: { baseMs: 50, capMs: 200 },
    fetch: server.fetch,
    ...over,
  });
  m.on('status', (s) => statuses.push(s));
  m.on('canary', (c) => canaries.push(c));
  receiver.onCanary = (path) => m.noteCanaryArrived(path);
  manager = m;
  return m;
}

async function waitForState(m: TunnelManager, state: TunnelState, timeout = 8000): Promise<TunnelStatus> {
  await vi.waitFor(() => expect(m.status.state).toBe(state), { timeout, interval: 10 });
  return m.status;
}

function idOf(status: TunnelStatus): string {
  const host = new URL(status.url ?? 'http://none').hostname;
  return host.split('.')[0];
}

describe('TunnelManager against a localtunnel-protocol server', () => {
  it('goes off → connecting → online and carries public requests to the local port', async () => {
    const m = makeManager();
    expect(m.status.state).toBe('off');
    m.start();
    expect(m.status.state).toBe('connecting');
    const online = await waitForState(m, 'online');
    const id = idOf(online);
    expect(online.url).toBe(server.urlFor(id));
    expect(online.reason).toBeUndefined();
    expect(statuses.map((s) => s.state).slice(0, 2)).toEqual(['connecting', 'online']);

    const res = await server.sendThrough(id, '/hook/1', { method: 'POST', body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('local got POST /hook/1');
    expect(receiver.seen).toEqual(['/hook/1']);
    // The handshake asked for a random name.
    expect(server.handshakes).toEqual(['/?new']);
  });

  it('keeps the requested subdomain when it is free', async () => {
    const m = makeManager({ subdomain: 'my-hooks-1' });
    m.start();
    const online = await waitForState(m, 'online');
    expect(online.url).toBe(server.urlFor('my-hooks-1'));
    expect(online.reason).toBeUndefined();
    expect(server.handshakes).toEqual(['/my-hooks-1']);
  });

  it('stays online while canaries arrive, and reports each one', async () => {
    const m = makeManager({ canaryEveryMs: 50 });
    m.start();
    await waitForState(m, 'online');
    await vi.waitFor(() => expect(canaries.filter((c) => c.ok).length).toBeGreaterThanOrEqual(3), { timeout: 8000 });
    expect(canaries.every((c) => c.ok && typeof c.rttMs === 'number')).toBe(true);
    expect(receiver.canaries[0]).toBe(`/__hookscope_canary/${m.canaryToken}/1`);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
  });

  it.each([
    [403 as const, /tunnel server refused the handshake: HTTP 403 handshake refused by the test server/],
    [500 as const, /tunnel server failed the handshake: HTTP 500 test server is broken/],
    ['bad-json' as const, /tunnel server sent an invalid handshake answer \(not JSON\)/],
  ])('handshake %s → reconnecting with the reason, then online once the server is fixed', async (mode, reason) => {
    server.handshakeMode = mode;
    const m = makeManager({ failAfter: 100 });
    m.start();
    const down = await waitForState(m, 'reconnecting');
    expect(down.reason).toMatch(reason);
    expect(down.url).toBeUndefined();
    // Retries keep going, spaced by the backoff.
    await vi.waitFor(() => expect(server.handshakes.length).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    server.handshakeMode = 'ok';
    const online = await waitForState(m, 'online');
    expect(online.reason).toBeUndefined();
    const res = await server.sendThrough(idOf(online), '/after-fix');
    expect(res.body).toBe('local got GET /after-fix');
  });

  it('gives up on a slow handshake after the timeout and registers nothing for it', async () => {
    server.handshakeMode = { slowMs: 800 };
    const m = makeManager({ handshakeTimeoutMs: 200, failAfter: 100 });
    m.start();
    const down = await waitForState(m, 'reconnecting');
    expect(down.reason).toMatch(/^handshake timed out after 0.2 s/);
    server.handshakeMode = 'ok';
    const online = await waitForState(m, 'online');
    // The abandoned slow attempts were cut off, so the only client is the live one.
    await new Promise((r) => setTimeout(r, 900));
    expect(server.clientIds()).toEqual([idOf(online)]);
  });

  it('says failed after too many failures in a row but keeps retrying at the cap', async () => {
    server.handshakeMode = 500;
    const m = makeManager({ failAfter: 2, backoff: { baseMs: 20, capMs: 100 } });
    m.start();
    const failed = await waitForState(m, 'failed');
    expect(failed.reason).toMatch(/HTTP 500.*\(2 failures in a row; retrying every 0.1 s\)/);
    const before = server.handshakes.length;
    await vi.waitFor(() => expect(server.handshakes.length).toBeGreaterThan(before + 1), { timeout: 3000 });
    expect(m.status.state).toBe('failed');
    server.handshakeMode = 'ok';
    await waitForState(m, 'online');
  });

  it('reports an unreachable tunnel server in words', async () => {
    await server.stop();
    const m = makeManager({ failAfter: 100 });
    m.start();
    const down = await waitForState(m, 'reconnecting');
    expect(down.reason).toMatch(/^cannot reach tunnel server http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('comes back by itself after the tunnel server restarts, and requests reach the local server again', async () => {
    const m = makeManager({ subdomain: 'restart-me', canaryEveryMs: 0 });
    m.start();
    await waitForState(m, 'online');
    await server.restart();
    await vi.waitFor(() => expect(statuses.some((s) => s.state === 'reconnecting')).toBe(true), { timeout: 8000 });
    const reconnecting = statuses.find((s) => s.state === 'reconnecting');
    expect(reconnecting?.reason).toMatch(/server forgot this tunnel \(connection refused\)/);
    const online = await waitForState(m, 'online');
    expect(online.url).toBe(server.urlFor('restart-me'));
    const res = await server.sendThrough('restart-me', '/after-restart');
    expect(res.status).toBe(200);
    expect(receiver.seen).toContain('/after-restart');
  });

  it('re-opens sockets the server closed, without a new handshake', async () => {
    const m = makeManager({ canaryEveryMs: 0 });
    m.start();
    const online = await waitForState(m, 'online');
    const id = idOf(online);
    await vi.waitFor(() => expect(server.socketCount(id)).toBe(3));
    server.dropAllSockets();
    await vi.waitFor(() => expect(server.socketCount(id)).toBe(3), { timeout: 5000 });
    expect(server.handshakes).toHaveLength(1);
    expect((await server.sendThrough(id, '/after-drop')).body).toBe('local got GET /after-drop');
    expect(m.status.state).toBe('online');
  });

  it('notices a silently dead tunnel with the canary, degrades, and re-creates it', async () => {
    const m = makeManager({ subdomain: 'silent-one', canaryEveryMs: 100 });
    m.start();
    await waitForState(m, 'online');
    await vi.waitFor(() => expect(canaries.some((c) => c.ok)).toBe(true), { timeout: 5000 });
    server.silenceAllSockets();
    const degraded = await waitForState(m, 'degraded');
    expect(degraded.reason).toMatch(/^health check failed: HTTP 404 through the public URL but the request never reached Hookscope/);
    expect(degraded.reason).toMatch(/re-creating the tunnel$/);
    expect(degraded.url).toBe(server.urlFor('silent-one'));
    expect(canaries.some((c) => !c.ok)).toBe(true);
    const online = await waitForState(m, 'online');
    expect(online.url).toBe(server.urlFor('silent-one'));
    expect(server.handshakes).toHaveLength(2);
    expect((await server.sendThrough('silent-one', '/after-silence')).body).toBe('local got GET /after-silence');
  });

  it('degrades when the canary goes through but the receiver never reports it', async () => {
    const m = makeManager({ canaryTimeoutMs: 300, failAfter: 100 });
    receiver.onCanary = () => undefined;
    m.start();
    const degraded = await waitForState(m, 'degraded');
    expect(degraded.reason).toMatch(/HTTP 200 through the public URL but the request never reached Hookscope/);
    expect(receiver.canaries.length).toBeGreaterThan(0);
  });

  it('sends the bypass header, so the reminder page does not break the canary', async () => {
    server.reminderPage = true;
    const m = makeManager({ canaryEveryMs: 50 });
    m.start();
    const online = await waitForState(m, 'online');
    await vi.waitFor(() => expect(canaries.filter((c) => c.ok).length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    expect(canaries.every((c) => c.ok)).toBe(true);
    // A browser without the header would have been stopped by the page.
    const browser = await server.sendThrough(idOf(online), '/x', { headers: { 'user-agent': 'Mozilla/5.0' } });
    expect(browser.status).toBe(401);
  });

  it('refuses an invalid subdomain without sending anything', async () => {
    const m = makeManager({ subdomain: 'Bad_Name' });
    m.start();
    expect(m.status.state).toBe('failed');
    expect(m.status.reason).toMatch(/subdomain 'Bad_Name' has upper-case letters.*nothing was sent/);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.handshakes).toEqual([]);
    expect(statuses.map((s) => s.state)).toEqual(['failed']);
  });

  it('refuses a host that is not an http(s) URL', () => {
    const m = makeManager({ host: 'localtunnel.me' });
    m.start();
    expect(m.status).toMatchObject({ state: 'failed', reason: "tunnel host 'localtunnel.me' is not an http(s) URL" });
  });

  it('tells the user when the server grants another subdomain', async () => {
    server.grantDifferentSubdomain = true;
    const m = makeManager({ subdomain: 'wanted-name' });
    m.start();
    const online = await waitForState(m, 'online');
    const granted = idOf(online);
    expect(granted).not.toBe('wanted-name');
    expect(online.reason).toBe(`requested 'wanted-name', server granted '${granted}' — the public URL changed`);
    expect((await server.sendThrough(granted, '/x')).status).toBe(200);
  });

  it('re-creates the tunnel when every socket is lost and none comes back, keeping its name', async () => {
    const m = makeManager({ subdomain: 'keep-my-name', canaryEveryMs: 0, handshakeTimeoutMs: 300, failAfter: 100 });
    m.start();
    const id = idOf(await waitForState(m, 'online'));
    await vi.waitFor(() => expect(server.socketCount(id)).toBe(3));
    server.acceptSockets = 0;
    server.dropAllSockets();
    const degraded = await waitForState(m, 'degraded');
    expect(degraded.reason).toMatch(/^every tunnel connection closed and none came back within 0.3 s — re-creating the tunnel$/);
    server.acceptSockets = 3;
    const online = await waitForState(m, 'online');
    // The retry waited for the server to free the name, so the public URL did not change.
    expect(online.url).toBe(server.urlFor('keep-my-name'));
    expect(online.reason).toBeUndefined();
    expect((await server.sendThrough('keep-my-name', '/back')).status).toBe(200);
    expect(server.handshakes.length).toBeGreaterThanOrEqual(2);
  });

  it('reports a data port that refuses connections right after the handshake', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const fakeGrant: typeof fetch = () =>
      Promise.resolve(new Response(JSON.stringify({ id: 'abcd', url: 'http://abcd.localhost:1', port: closed, max_conn_count: 2 })));
    const m = makeManager({ fetch: fakeGrant, failAfter: 100 });
    m.start();
    const down = await waitForState(m, 'reconnecting');
    expect(down.reason).toMatch(new RegExp(`^tunnel server refused the data connection to 127\\.0\\.0\\.1:${closed} \\(connection refused\\)`));
  });

  it('does not spin when the server advertises more sockets than it accepts', async () => {
    server.maxConnCount = 10;
    server.acceptSockets = 2;
    const m = makeManager({ canaryEveryMs: 0 });
    m.start();
    const online = await waitForState(m, 'online');
    const id = idOf(online);
    await new Promise((r) => setTimeout(r, 1500));
    const { connections, rejected } = server.connectionStats(id);
    // 10 at first, 8 re-opened at once, then about one a second: far from a tight loop.
    expect(rejected).toBeGreaterThan(0);
    expect(connections).toBeLessThan(30);
    expect(m.status.state).toBe('online');
    expect((await server.sendThrough(id, '/still-works')).status).toBe(200);
  });

  it('stop() while connecting cancels the handshake and leaves no retries', async () => {
    server.handshakeMode = { slowMs: 5000 };
    const m = makeManager();
    m.start();
    await vi.waitFor(() => expect(server.handshakes).toHaveLength(1));
    await m.stop();
    expect(m.status.state).toBe('off');
    const count = statuses.length;
    server.handshakeMode = 'ok';
    await new Promise((r) => setTimeout(r, 500));
    expect(server.handshakes).toHaveLength(1);
    expect(statuses).toHaveLength(count);
    expect(server.clientIds()).toEqual([]);
  });

  it('stop() during backoff cancels the pending retry', async () => {
    server.handshakeMode = 403;
    const m = makeManager({ backoff: { baseMs: 300, capMs: 300 } });
    m.start();
    await waitForState(m, 'reconnecting');
    const asked = server.handshakes.length;
    await m.stop();
    await new Promise((r) => setTimeout(r, 700));
    expect(server.handshakes).toHaveLength(asked);
    expect(m.status.state).toBe('off');
  });

  it('stop() when online closes every tunnel socket and the canary loop', async () => {
    const m = makeManager({ canaryEveryMs: 50 });
    m.start();
    const id = idOf(await waitForState(m, 'online'));
    await vi.waitFor(() => expect(server.socketCount(id)).toBe(3));
    await m.stop();
    expect(m.status).toMatchObject({ state: 'off' });
    expect(m.status.url).toBeUndefined();
    await vi.waitFor(() => expect(server.socketCount(id)).toBe(0));
    const seen = receiver.canaries.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.canaries).toHaveLength(seen);
    expect(server.handshakes).toHaveLength(1);
  });

  it('can be started again after stop()', async () => {
    const m = makeManager({ subdomain: 'again-and-again' });
    m.start();
    await waitForState(m, 'online');
    await m.stop();
    // Like the real server, the test server holds a name for a moment after its last socket closed,
    // so an immediate restart gets another name, and the user is told.
    m.start();
    const moved = await waitForState(m, 'online');
    expect(moved.reason).toMatch(/^requested 'again-and-again', server granted '[0-9a-f]+' — the public URL changed$/);
    await m.stop();
    await vi.waitFor(() => expect(server.clientIds()).toEqual([]), { timeout: 5000 });
    m.start();
    const online = await waitForState(m, 'online');
    expect(online.url).toBe(server.urlFor('again-and-again'));
    expect(online.reason).toBeUndefined();
  });

  it('ignores canary notes that are not its own', async () => {
    const m = makeManager({ canaryTimeoutMs: 300, failAfter: 100 });
    receiver.onCanary = (path) => m.noteCanaryArrived(path.replace(m.canaryToken, 'someone-else'));
    m.start();
    await waitForState(m, 'degraded');
  });
});
