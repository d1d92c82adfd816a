import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HeaderPair, PushEvent } from '../../src-main/contract/model';
import { decodeBody } from '../../src-main/core/body-codec';
import { Receiver, RECEIVER_SERVER_TIMEOUTS, type ReceiverOptions } from '../../src-main/core/receiver';

const open: Receiver[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(open.splice(0).map((r) => r.stop()));
});

async function startReceiver(extra: Partial<ReceiverOptions> = {}): Promise<{ receiver: Receiver; events: PushEvent[] }> {
  const events: PushEvent[] = [];
  const receiver = new Receiver({ port: 0, onCapture: (e) => events.push(e), ...extra });
  open.push(receiver);
  await receiver.start();
  return { receiver, events };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(port: number, opts: { method?: string; path?: string; headers?: Record<string, string | number>; body?: Buffer | string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function rawSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    sockets.push(socket);
    socket.on('error', reject);
  });
}

function readUntilClosedOrResponse(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (headEnd >= 0 && length && text.length >= headEnd + 4 + Number(length[1])) resolve(text);
    });
    socket.on('close', () => resolve(text));
  });
}

describe('Receiver capture', () => {
  it('captures UTF-8 text with non-ASCII characters byte for byte and answers with the event id', async () => {
    const { receiver, events } = await startReceiver();
    const text = JSON.stringify({ type: 'invoice.paid', note: 'héllo ✓ 日本' });
    const reply = await send(receiver.port, { path: '/hooks/stripe?x=1&y=%20', headers: { 'content-type': 'application/json' }, body: text });

    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(events).toHaveLength(1);
    const ev = events[0];
    expect(JSON.parse(reply.body)).toEqual({ ok: true, id: ev.id });
    expect(ev).toMatchObject({ stream: 'push', method: 'POST', path: '/hooks/stripe', query: 'x=1&y=%20', via: 'direct', status: 200, bodyEncoding: 'utf8', contentType: 'application/json', summary: 'invoice.paid', remoteAddress: '127.0.0.1' });
    expect(ev.body).toBe(text);
    expect(ev.size).toBe(Buffer.byteLength(text));
    expect(decodeBody(ev.body, ev.bodyEncoding).equals(Buffer.from(text))).toBe(true);
    expect(ev.rejected).toBeUndefined();
    expect(new Date(ev.receivedAt).getTime()).toBe(Math.floor(ev.t));
    expect(ev.id).toMatch(/^push_/);
  });

  it('captures binary bodies (NUL, invalid UTF-8) as base64 that decodes to the exact bytes', async () => {
    const { receiver, events } = await startReceiver();
    const bytes = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28, 0x00]), randomBytes(4096)]);
    const reply = await send(receiver.port, { headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(reply.status).toBe(200);
    const ev = events[0];
    expect(ev.bodyEncoding).toBe('base64');
    expect(decodeBody(ev.body, ev.bodyEncoding).equals(bytes)).toBe(true);
    expect(ev.size).toBe(bytes.length);
    expect(ev.summary).toBe('POST / · application/octet-stream');
  });

  it('captures an empty body as empty UTF-8 and a GET with its raw query', async () => {
    const { receiver, events } = await startReceiver();
    await send(receiver.port, { method: 'GET', path: '/status/check?a=1&a=2&b=%E2%9C%93' });
    const ev = events[0];
    expect(ev).toMatchObject({ method: 'GET', path: '/status/check', query: 'a=1&a=2&b=%E2%9C%93', body: '', bodyEncoding: 'utf8', size: 0 });
    expect(ev.summary).toBe('GET /status/check · empty');
  });

  it('keeps headers exactly as received: order, case and duplicates', async () => {
    const { receiver, events } = await startReceiver();
    const socket = await rawSocket(receiver.port);
    const response = readUntilClosedOrResponse(socket);
    socket.write('POST /dup HTTP/1.1\r\nHost: example.test\r\nX-Dup: first\r\nContent-Length: 2\r\nx-dup: second\r\nX-GitHub-Event: push\r\nX-Dup: third\r\n\r\nhi');
    expect(await response).toMatch(/^HTTP\/1.1 200/);
    const expected: HeaderPair[] = [['Host', 'example.test'], ['X-Dup', 'first'], ['Content-Length', '2'], ['x-dup', 'second'], ['X-GitHub-Event', 'push'], ['X-Dup', 'third']];
    expect(events[0].headers).toEqual(expected);
    expect(events[0].summary).toBe('push');
  });

  it('marks requests on the tunnel port as via tunnel and the main port as direct', async () => {
    const { receiver, events } = await startReceiver();
    expect(receiver.tunnelPort).not.toBe(receiver.port);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    await send(receiver.tunnelPort, { body: 'a' });
    await send(receiver.port, { body: 'b' });
    expect(events.map((e) => [e.body, e.via])).toEqual([['a', 'tunnel'], ['b', 'direct']]);
  });
});

describe('Receiver limits and failures', () => {
  it('refuses a body announced over the limit with 413, records it, and still captures the next request', async () => {
    const { receiver, events } = await startReceiver({ maxBodyBytes: 1024 });
    const reply = await send(receiver.port, { body: Buffer.alloc(5000, 0x61) });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual({ error: 'body exceeds the 1 KB limit', limitBytes: 1024 });
    expect(events[0]).toMatchObject({ status: 413, body: '', bodyEncoding: 'utf8', size: 5000 });
    expect(events[0].rejected).toContain('body exceeds the 1 KB limit');

    const next = await send(receiver.port, { body: 'small' });
    expect(next.status).toBe(200);
    expect(events[1]).toMatchObject({ status: 200, body: 'small' });
    expect(events[1].rejected).toBeUndefined();
  });

  it('answers a large upload far over the limit with a clean 413, not a connection reset', async () => {
    const { receiver, events } = await startReceiver({ maxBodyBytes: 1024 });
    for (const headers of [{}, { 'content-length': 8_000_000 }] as Record<string, number>[]) {
      const reply = await send(receiver.port, { headers, body: Buffer.alloc(8_000_000) });
      expect(reply.status).toBe(413);
    }
    expect(events.map((e) => e.status)).toEqual([413, 413]);
    expect(events[1].size).toBe(8_000_000);
  });

  it('refuses a chunked body once it passes the limit, counting the bytes seen', async () => {
    const { receiver, events } = await startReceiver({ maxBodyBytes: 100 });
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: receiver.port, method: 'PUT', path: '/big', agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.write(Buffer.alloc(60, 1));
      setTimeout(() => req.end(Buffer.alloc(60, 2)), 50);
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error).toBe('body exceeds the 100 bytes limit');
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({ status: 413, method: 'PUT', path: '/big', body: '', size: 120 });
    expect(events[0].rejected).toMatch(/120 bytes received/);
  });

  it('answers Expect: 100-continue for an oversize body with 413 without waiting for the body', async () => {
    const { receiver, events } = await startReceiver({ maxBodyBytes: 10 });
    const socket = await rawSocket(receiver.port);
    const response = readUntilClosedOrResponse(socket);
    socket.write('POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n');
    const text = await response;
    expect(text).toMatch(/^HTTP\/1.1 413/);
    expect(text).not.toMatch(/100 Continue/);
    expect(events[0]).toMatchObject({ status: 413, size: 1000000 });
  });

  it('applies a lowered limit to the next request and refuses invalid limits', async () => {
    const { receiver, events } = await startReceiver();
    receiver.setMaxBodyBytes(3);
    expect((await send(receiver.port, { body: 'four' })).status).toBe(413);
    expect(() => receiver.setMaxBodyBytes(-1)).toThrow(/whole number of bytes/);
    expect(() => receiver.setMaxBodyBytes(1.5)).toThrow(RangeError);
    expect(events[0].status).toBe(413);
  });

  it('records a request whose client disconnects mid-body as rejected, keeping the partial bytes', async () => {
    const onError = vi.fn();
    const { receiver, events } = await startReceiver({ onError });
    const socket = await rawSocket(receiver.port);
    socket.write('POST /abort HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789');
    // The server must have read the partial body before the reset; nothing observable marks that moment.
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ path: '/abort', status: 499, rejected: 'client aborted after 10 bytes', size: 10, body: '0123456789' });
    expect(onError).not.toHaveBeenCalled();
    expect((await send(receiver.port, { body: 'after' })).status).toBe(200);
  });

  it('answers a malformed request 400 and records it as rejected', async () => {
    const { receiver, events } = await startReceiver();
    const socket = await rawSocket(receiver.port);
    const response = readUntilClosedOrResponse(socket);
    socket.write('THIS IS NOT HTTP\r\n\r\n');
    expect(await response).toMatch(/^HTTP\/1.1 400/);
    expect(events).toHaveLength(1);
    expect(events[0].status).toBe(400);
    expect(events[0].rejected).toMatch(/malformed HTTP request \(HPE_/);
  });

  it('answers 500 when the capture could not be recorded, so the sender retries', async () => {
    const onError = vi.fn();
    const { receiver } = await startReceiver({ onError, onCapture: () => { throw new Error('store closed'); } });
    const reply = await send(receiver.port, { body: 'x' });
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body).error).toMatch(/could not record/);
    expect(onError.mock.calls[0][0].message).toBe('store closed');
  });

  it('reports a port already in use clearly', async () => {
    const { receiver } = await startReceiver();
    const second = new Receiver({ port: receiver.port, onCapture: () => undefined });
    await expect(second.start()).rejects.toThrow(`receiver port ${receiver.port} on 127.0.0.1 is already in use`);
    expect(() => new Receiver({ port: 70000, onCapture: () => undefined })).toThrow(/0 to 65535/);
  });
});

describe('Receiver with the tunnel', () => {
  it('turns off the timeouts that answer idle tunnel sockets with a stale 408', async () => {
    const { receiver } = await startReceiver();
    expect(receiver.timeouts).toEqual([RECEIVER_SERVER_TIMEOUTS, RECEIVER_SERVER_TIMEOUTS]);
    expect(RECEIVER_SERVER_TIMEOUTS.headersTimeout).toBe(0);
    expect(RECEIVER_SERVER_TIMEOUTS.requestTimeout).toBe(0);
  });

  it('answers a request sent on a socket that sat idle for 3 s with 200, not 408', async () => {
    const { receiver, events } = await startReceiver();
    const socket = await rawSocket(receiver.tunnelPort);
    let early = '';
    socket.on('data', (c: Buffer) => (early += c.toString()));
    await new Promise((r) => setTimeout(r, 3000));
    expect(early).toBe('');
    const response = readUntilClosedOrResponse(socket);
    socket.write('POST /late HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok');
    expect(await response).toMatch(/^HTTP\/1.1 200/);
    expect(events[0]).toMatchObject({ path: '/late', via: 'tunnel' });
  });

  it('answers canary requests 200 and keeps them out of the push stream', async () => {
    const onCanary = vi.fn();
    const isCanary = vi.fn((_m: string, path: string, _h: HeaderPair[]) => path.startsWith('/__hookscope/canary'));
    const { receiver, events } = await startReceiver({ isCanary, onCanary });
    const reply = await send(receiver.tunnelPort, { method: 'GET', path: '/__hookscope/canary/abc?x=1', headers: { 'bypass-tunnel-reminder': '1' } });
    expect(reply.status).toBe(200);
    expect(onCanary).toHaveBeenCalledWith('/__hookscope/canary/abc');
    expect(isCanary.mock.calls[0][2]).toContainEqual(['bypass-tunnel-reminder', '1']);
    expect(events).toHaveLength(0);
    await send(receiver.tunnelPort, { path: '/real' });
    expect(events.map((e) => e.path)).toEqual(['/real']);
  });

  it('stops promptly even with idle keep-alive sockets open', async () => {
    const { receiver } = await startReceiver();
    const socket = await rawSocket(receiver.port);
    const closed = new Promise((r) => socket.once('close', r));
    await receiver.stop();
    await closed;
    expect(() => receiver.port).toThrow(/not started/);
  });
});

describe('Receiver shares the parsed body', () => {
  it('hands the consumer the body\'s JSON, parsed once for text bodies and absent for binary ones', async () => {
    const seen: { event: PushEvent; json: unknown; text: string | undefined }[] = [];
    const { receiver } = await startReceiver({ onCapture: (event, json) => seen.push({ event, json: json?.value(), text: json?.text }) });
    await send(receiver.port, { headers: { 'content-type': 'application/json' }, body: '{"id":"evt_1","type":"a.b"}' });
    await send(receiver.port, { body: Buffer.from([0xff, 0xfe, 0x00]) });
    await send(receiver.port, { body: 'not json' });
    expect(seen).toHaveLength(3);
    expect(seen[0].text).toBe(seen[0].event.body);
    expect(seen[0].json).toEqual({ id: 'evt_1', type: 'a.b' });
    expect(seen[0].event.summary).toBe('a.b');
    expect(seen[1].event.bodyEncoding).toBe('base64');
    expect(seen[1].text).toBeUndefined();
    expect(seen[2].text).toBe('not json');
    expect(seen[2].json).toBeUndefined();
  });
});
