// The hostile corpus over raw sockets against the real receiver: every request is captured exactly or
// refused with a clear status and recorded as refused, the receiver stays up, and a valid request
// sent after each one is still captured.
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../src-main/contract/model';
import { decodeBody } from '../../src-main/core/body-codec';
import { Receiver } from '../../src-main/core/receiver';
import { CORPUS, type HostileCase } from './corpus';

const HEADER_DEADLINE_MS = 1000;
let receiver: Receiver;
const events: PushEvent[] = [];
const sockets: net.Socket[] = [];

beforeAll(async () => {
  receiver = new Receiver({ port: 0, onCapture: (e) => events.push(e), headerDeadlineMs: HEADER_DEADLINE_MS });
  await receiver.start();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});
afterAll(async () => {
  await receiver.stop();
});

function finalStatuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1])).filter((s) => s !== 100);
}

/** Writes the case over a raw socket and reads until the expected answers arrived or the socket closed. */
function exchange(c: HostileCase, wantAnswers: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(receiver.port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    const finish = (): void => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(text);
    };
    const deadline = setTimeout(() => reject(new Error(`no answer to "${c.name}" within 15 s; got ${JSON.stringify(text.slice(0, 200))}`)), 15_000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const complete = [...text.matchAll(/\r\n\r\n/g)].length; // one per answer: bodies are JSON without blank lines
      if (wantAnswers > 0 && finalStatuses(text).length >= wantAnswers && complete >= wantAnswers + (text.includes(' 100 Continue') ? 1 : 0)) finish();
    });
    socket.on('error', () => undefined); // a reset after a refusal is an answer too: the close follows
    socket.on('close', finish);
    socket.on('connect', () => {
      void (async () => {
        const pieces = Array.isArray(c.send) ? c.send : [c.send];
        for (const piece of pieces) {
          if (socket.destroyed) return;
          socket.write(piece);
          if (c.gapMs) await new Promise((r) => setTimeout(r, c.gapMs));
        }
        if (c.end) socket.end();
      })();
    });
  });
}

function sendValid(marker: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: receiver.port, method: 'POST', path: '/after', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ marker }));
  });
}

describe('hostile corpus against the receiver', () => {
  it('holds at least 50 requests', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CORPUS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const before = events.length;
    const o = c.outcome;
    const wantAnswers = o.kind === 'captured' ? (o.count ?? 1) : o.answered ? 1 : 0;
    const reply = await exchange(c, wantAnswers);

    if (o.kind === 'captured') {
      expect(finalStatuses(reply)).toEqual(Array<number>(o.count ?? 1).fill(200));
      await vi.waitFor(() => expect(events.length - before).toBe(o.count ?? 1));
      const got = events.slice(before);
      for (const e of got) {
        expect(e.rejected).toBeUndefined();
        expect(e.status).toBe(200);
        expect(e.method).toBe(o.method);
        expect(e.path).toBe(o.path);
        expect(e.query).toBe(o.query ?? '');
      }
      const last = got[got.length - 1];
      expect(decodeBody(last.body, last.bodyEncoding).equals(o.body)).toBe(true);
      expect(last.size).toBe(o.body.length);
      if (o.header) expect(last.headers).toContainEqual(o.header);
      if (o.headerCount !== undefined) expect(last.headers).toHaveLength(o.headerCount);
    } else {
      if (o.answered) {
        expect(finalStatuses(reply)[0]).toBe(o.status);
        expect(reply).toMatch(/"error":"[^"]+"/);
      }
      await vi.waitFor(() => expect(events.slice(before).filter((e) => e.rejected !== undefined)).toHaveLength(1));
      const refused = events.slice(before).filter((e) => e.rejected !== undefined);
      expect(refused[0].status).toBe(o.status);
      expect(refused[0].rejected).toMatch(/\w{4,}/);
    }

    const marker = `after-${i}`;
    expect(await sendValid(marker)).toBe(200);
    await vi.waitFor(() => expect(events.some((e) => e.path === '/after' && e.body === JSON.stringify({ marker }))).toBe(true));
  });
});

describe('slow senders', () => {
  it('refuses a sender trickling its headers with 408 after the header deadline and records it', async () => {
    const before = events.length;
    const socket = net.connect(receiver.port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => undefined);
    const head = 'POST /slow HTTP/1.1\r\nHost: h\r\nX-Pad: ' + 'a'.repeat(200);
    let stopped = false;
    void closed.then(() => (stopped = true));
    // One byte every 50 ms would take 10 s; the deadline must cut it off well before.
    let next = 0;
    const trickle = setInterval(() => {
      if (!stopped && next < head.length) socket.write(head[next++]);
    }, 50);
    try {
      await vi.waitFor(() => expect(stopped).toBe(true), { timeout: 8000 });
    } finally {
      clearInterval(trickle);
    }
    await closed;
    expect(finalStatuses(text)).toEqual([408]);
    const refused = events.slice(before).filter((e) => e.status === 408);
    expect(refused).toHaveLength(1);
    expect(refused[0].rejected).toMatch(/headers not completed within 1 s/);
    expect(await sendValid('after-slowloris')).toBe(200);
  });

  it('leaves an idle socket that sent nothing alone past the deadline (the localtunnel pre-opened socket)', async () => {
    const socket = net.connect(receiver.port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', () => (closed = true));
    await new Promise((r) => socket.once('connect', r));
    await new Promise((r) => setTimeout(r, HEADER_DEADLINE_MS * 2.5));
    expect(closed).toBe(false);
    expect(text).toBe('');
    socket.write('POST /idle HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi');
    await vi.waitFor(() => expect(finalStatuses(text)).toEqual([200]));
    // The same socket idles again after its answer and is still not timed.
    await new Promise((r) => setTimeout(r, HEADER_DEADLINE_MS * 2.5));
    expect(closed).toBe(false);
    socket.write('POST /idle HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nho');
    await vi.waitFor(() => expect(finalStatuses(text)).toEqual([200, 200]));
    expect(events.filter((e) => e.path === '/idle').map((e) => e.body)).toEqual(['hi', 'ho']);
  });
});
