// The test server itself: many later tests rely on it behaving like the reference server.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LtTestServer } from './lt-server';

interface Grant {
  id: string;
  url: string;
  port: number;
  max_conn_count: number;
}

let server: LtTestServer;
const sockets: net.Socket[] = [];

beforeEach(async () => {
  server = await LtTestServer.start({ maxConnCount: 2 });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server.close();
});

async function handshake(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.host}${path}`);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

// A minimal tunnel client: one data socket that answers every request it is given.
function fakeClientSocket(port: number, reply = 'hi'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    sockets.push(s);
    s.on('data', (chunk: Buffer) => {
      if (/^[A-Z]+ \S+ HTTP\/1\.1/.test(chunk.toString())) {
        s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${reply.length}\r\n\r\n${reply}`);
      }
    });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

describe('LtTestServer', () => {
  it('grants a random id on /?new with the reference answer shape', async () => {
    const { status, body } = await handshake('/?new');
    expect(status).toBe(200);
    const g = body as Grant;
    expect(g.id).toMatch(/^[0-9a-f]{12}$/);
    expect(g.url).toBe(`http://${g.id}.localhost:${server.httpPort}`);
    expect(g.max_conn_count).toBe(2);
    expect(server.clientIds()).toEqual([g.id]);
    expect(server.handshakes).toEqual(['/?new']);
  });

  it('grants a requested valid id, and a random one when it is taken', async () => {
    expect(((await handshake('/my-name')).body as Grant).id).toBe('my-name');
    const second = (await handshake('/my-name')).body as Grant;
    expect(second.id).not.toBe('my-name');
  });

  it('refuses an invalid requested id with 403 and a message', async () => {
    const { status, body } = await handshake('/Bad_Name');
    expect(status).toBe(403);
    expect(body).toEqual({ message: expect.stringMatching(/^Invalid subdomain/) });
    expect(server.clientIds()).toEqual([]);
  });

  it('answers each handshake mode', async () => {
    server.handshakeMode = 403;
    expect((await handshake('/?new')).status).toBe(403);
    server.handshakeMode = 500;
    expect((await handshake('/?new')).status).toBe(500);
    server.handshakeMode = 'bad-json';
    const bad = await handshake('/?new');
    expect(bad.status).toBe(200);
    expect(typeof bad.body).toBe('string');
    server.handshakeMode = { slowMs: 100 };
    const slow = await handshake('/?new');
    expect((slow.body as Grant).id).toBeTruthy();
    expect(server.handshakes).toHaveLength(4);
  });

  it('can grant another id than the one asked for', async () => {
    server.grantDifferentSubdomain = true;
    expect(((await handshake('/wanted-name')).body as Grant).id).not.toBe('wanted-name');
  });

  it('answers 404 for an unknown tunnel', async () => {
    const res = await server.sendThrough('nobody-here', '/x');
    expect(res.status).toBe(404);
  });

  it('queues a public request until a client socket is there, then pipes it through', async () => {
    const g = (await handshake('/queued')).body as Grant;
    const pending = server.sendThrough('queued', '/hello');
    await new Promise((r) => setTimeout(r, 50));
    await fakeClientSocket(g.port, 'through');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toBe('through');
  });

  it('sends the public Host header and the request line over the socket', async () => {
    const g = (await handshake('/seeing')).body as Grant;
    const s = net.connect(g.port, '127.0.0.1');
    sockets.push(s);
    const head = new Promise<string>((resolve) => s.once('data', (c: Buffer) => resolve(c.toString())));
    const pending = server.sendThrough('seeing', '/p?q=1', { method: 'POST', body: 'x' });
    const text = await head;
    expect(text).toMatch(/^POST \/p\?q=1 HTTP\/1\.1\r\n/);
    expect(text.toLowerCase()).toContain(`host: seeing.localhost:${server.httpPort}`);
    s.write('HTTP/1.1 204 No Content\r\n\r\n');
    expect((await pending).status).toBe(204);
  });

  it('accepts at most acceptSockets data sockets', async () => {
    server.acceptSockets = 1;
    const g = (await handshake('/limited')).body as Grant;
    const first = await fakeClientSocket(g.port);
    const second = await fakeClientSocket(g.port);
    await new Promise<void>((r) => second.once('close', () => r()));
    expect(first.destroyed).toBe(false);
    expect(server.connectionStats('limited')).toEqual({ connections: 2, rejected: 1 });
    expect(server.socketCount('limited')).toBe(1);
  });

  it('shows the reminder page to browsers without the bypass header', async () => {
    server.reminderPage = true;
    const g = (await handshake('/remind')).body as Grant;
    await fakeClientSocket(g.port, 'ok');
    const browser = await server.sendThrough('remind', '/', { headers: { 'user-agent': 'Mozilla/5.0 (X11)' } });
    expect(browser.status).toBe(401);
    const bypass = await server.sendThrough('remind', '/', { headers: { 'user-agent': 'Mozilla/5.0', 'bypass-tunnel-reminder': '1' } });
    expect(bypass.body).toBe('ok');
    const tool = await server.sendThrough('remind', '/', { headers: { 'user-agent': 'curl/8' } });
    expect(tool.body).toBe('ok');
  });

  it('dropAllSockets closes the sockets but keeps the client', async () => {
    const g = (await handshake('/dropper')).body as Grant;
    const s = await fakeClientSocket(g.port);
    await vi.waitFor(() => expect(server.socketCount('dropper')).toBe(1));
    server.dropAllSockets();
    await new Promise<void>((r) => s.once('close', () => r()));
    expect(server.clientIds()).toEqual(['dropper']);
    await fakeClientSocket(g.port);
    await vi.waitFor(() => expect(server.socketCount('dropper')).toBe(1));
  });

  it('silenceAllSockets forgets the client but leaves its socket open', async () => {
    const g = (await handshake('/quiet')).body as Grant;
    const s = await fakeClientSocket(g.port);
    await vi.waitFor(() => expect(server.socketCount('quiet')).toBe(1));
    server.silenceAllSockets();
    expect(server.clientIds()).toEqual([]);
    expect((await server.sendThrough('quiet', '/')).status).toBe(404);
    expect(s.destroyed).toBe(false);
    await expect(fakeClientSocket(g.port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('forgets a client that has had no socket for graceMs', async () => {
    await server.close();
    server = await LtTestServer.start({ graceMs: 100 });
    await handshake('/short-lived');
    expect(server.clientIds()).toEqual(['short-lived']);
    await vi.waitFor(() => expect(server.clientIds()).toEqual([]));
  });

  it('restart() listens on the same port and forgets the clients', async () => {
    const port = server.httpPort;
    const g = (await handshake('/before')).body as Grant;
    await server.restart();
    expect(server.httpPort).toBe(port);
    expect(server.clientIds()).toEqual([]);
    await expect(fakeClientSocket(g.port)).rejects.toThrow(/ECONNREFUSED/);
    expect((await handshake('/before')).status).toBe(200);
  });

  it('stop() refuses handshakes until restart()', async () => {
    await server.stop();
    await expect(fetch(`${server.host}/?new`)).rejects.toThrow();
    await server.restart();
    expect((await handshake('/?new')).status).toBe(200);
  });

  it('fetch reaches public URLs and passes others through', async () => {
    const g = (await handshake('/fetched')).body as Grant;
    await fakeClientSocket(g.port, 'via fetch');
    const res = await server.fetch(`${server.urlFor('fetched')}/x`);
    expect(await res.text()).toBe('via fetch');
    const plain = await server.fetch(`${server.host}/?new`);
    expect(plain.status).toBe(200);
  });
});
