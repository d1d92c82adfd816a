// 5. Poll cost: requests and bytes per hour polling an ETag-capable API, with conditional requests
// (If-None-Match → 304) against the same API ignoring them (every poll a full 200), in the same run.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sleep, startServe } from './procs';
import type { Figure } from './report';

const POLL_MS = 500;
const RUN_MS = 15_000;
/** One item changes every CHANGE_EVERY polls. */
const CHANGE_EVERY = 5;

async function run(conditional: boolean): Promise<{ requests: number; notModified: number; bytes: number }> {
  const items = Array.from({ length: 100 }, (_, i) => ({ id: `lead_${i}`, name: `Lead ${i}`, status: 'new', updated_at: 0, note: 'n'.repeat(120) }));
  let version = 0;
  const changer = setInterval(() => {
    version += 1;
    const it = items[version % items.length];
    it.status = `s${version}`;
    it.updated_at = Date.now();
  }, POLL_MS * CHANGE_EVERY);
  let requests = 0;
  let notModified = 0;
  let bytes = 0;
  const written = new WeakMap<Socket, number>();
  const server = http.createServer((req, res) => {
    requests += 1;
    const body = JSON.stringify({ data: items });
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    res.on('finish', () => {
      const before = written.get(req.socket) ?? 0;
      written.set(req.socket, req.socket.bytesWritten);
      bytes += req.socket.bytesWritten - before;
    });
    if (conditional && req.headers['if-none-match'] === etag) {
      notModified += 1;
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`;
  const served = await startServe(['--no-demo', '--poll', url, '--poll-every', `${POLL_MS}ms`]);
  try {
    await sleep(RUN_MS);
  } finally {
    await served.stop();
    clearInterval(changer);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  return { requests, notModified, bytes };
}

export async function pollCost(): Promise<Figure[]> {
  const full = await run(false);
  const cond = await run(true);
  // Per hour at the default 5 s interval: 720 polls, the same share of polls that see a change.
  const perHour = (r: { requests: number; bytes: number }): string =>
    `${Math.round((r.requests / r.requests) * 720)} req/h, ${((r.bytes / r.requests) * 720 / 2 ** 20).toFixed(2)} MB/h`;
  const ratio = cond.bytes / cond.requests / (full.bytes / full.requests);
  const B = 'Poll cost';
  return [
    { bench: B, name: 'without conditional requests (baseline), per hour at 5 s', value: `${perHour(full)} (${full.requests} polls measured)`, target: '—', met: undefined },
    { bench: B, name: 'with If-None-Match, per hour at 5 s', value: `${perHour(cond)} (${cond.notModified} of ${cond.requests} answered 304)`, target: '—', met: undefined },
    { bench: B, name: 'bytes ratio conditional / unconditional', value: ratio.toFixed(2), target: `≈ 1/${CHANGE_EVERY} + 304 overhead`, met: cond.notModified > 0 && ratio < 0.5 },
  ];
}
