// 2. Push to screen: from a request leaving the sender to its row painted in the UI (headless mode in
// Chromium), at 100 webhooks/s. Baseline in the same run: the bare HTTP round trip of the same requests.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { launch } from './browser';
import { percentile, ROOT, sleep, startServe } from './procs';
import type { Figure } from './report';

const RATE = 100;
// Page-side code is script text: this program is typed for Node, without the DOM library.
// A row is painted at the end of the first frame that renders after it entered the DOM. A loop of
// animation frames posts a message from each frame's callbacks; that message runs once the frame's
// rendering (style, layout, paint) is done. So the first such message after a row's mutation marks
// its paint, whether the app added the row inside a frame's callbacks (painted in that frame) or in
// a task between frames (painted in the next one). A rAF requested on mutation, as before, stamps a
// frame late in the first case.
const STAMP_ROWS = `
  window.__painted = {};
  // When each push event reached the page (before the app's own listener runs).
  window.__arrived = {};
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const t = Date.now();
        if (typeof e.data !== 'string' || !e.data.includes('"name":"push"')) return;
        const m = JSON.parse(e.data);
        if (m.type === 'event' && m.name === 'push') window.__arrived[m.payload.id] ??= t;
      });
    }
  };
  let waiting = [];
  const after = new MessageChannel();
  after.port1.onmessage = () => {
    if (waiting.length === 0) return;
    const t = Date.now();
    for (const id of waiting) window.__painted[id] ??= t;
    waiting = [];
  };
  const frame = () => { after.port2.postMessage(0); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  const add = (n) => { if (n.id && n.id.startsWith('row-push-')) waiting.push(n.id.slice(9)); };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (!(n instanceof HTMLElement)) continue;
      // The first row comes inside the list's spacer, which replaces the empty state.
      add(n);
      for (const d of n.querySelectorAll('[id^="row-push-"]')) add(d);
    }
  }).observe(document, { childList: true, subtree: true });`;
const SECONDS = 10;

function post(url: string, agent: http.Agent, body: string): Promise<{ id: string; answeredAt: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/hooks/screen`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ id: (JSON.parse(text) as { id: string }).id, answeredAt: Date.now() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * When the receiver captured each push (its own stamp), read back with `hookscope export`. Without
 * it the split figures read NaN; the benchmark's own figure does not depend on it.
 */
function capturedAt(dataDir: string): Map<string, number> {
  const at = new Map<string, number>();
  let out: string;
  try {
    out = execFileSync(process.execPath, [join(ROOT, 'bin', 'hookscope.js'), 'export', '--data-dir', dataDir], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    console.error(`push-to-screen: could not read the capture times back: ${(error as Error).message.split('\n')[0]}`);
    return at;
  }
  for (const line of out.split('\n')) {
    if (!line) continue;
    const ev = JSON.parse(line) as { id: string; stream: string; receivedAt: string };
    if (ev.stream === 'push') at.set(ev.id, Date.parse(ev.receivedAt));
  }
  return at;
}

export async function pushToScreen(): Promise<Figure[]> {
  const served = await startServe(['--no-demo']);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.addInitScript({ content: STAMP_ROWS });
    await page.goto(served.uiUrl);
    await page.locator('[data-column=push]').waitFor();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const sent: { id: string; sentAt: number; answeredAt: number }[] = [];
    const inflight: Promise<void>[] = [];
    const t0 = Date.now();
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = t0 + (i * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const sentAt = Date.now();
      inflight.push(post(served.receiverUrl, agent, JSON.stringify({ id: `evt_${i}`, type: 'screen.test', n: i })).then((r) => void sent.push({ ...r, sentAt })));
    }
    await Promise.all(inflight);
    agent.destroy();
    await sleep(1000);
    const painted = await page.evaluate<Record<string, number>>('window.__painted');
    const arrived = await page.evaluate<Record<string, number>>('window.__arrived');
    const captured = capturedAt(served.dataDir);
    const seen = sent.filter((s) => painted[s.id] !== undefined);
    const toScreen = seen.map((s) => painted[s.id] - s.sentAt);
    // From the receiver's own stamp: what is left once the request is in (store, event, WebSocket,
    // render), without the sender's side of the HTTP exchange.
    const fromCapture = seen.filter((s) => captured.has(s.id)).map((s) => painted[s.id] - (captured.get(s.id) ?? 0));
    const toPage = seen.filter((s) => captured.has(s.id) && arrived[s.id] !== undefined).map((s) => arrived[s.id] - (captured.get(s.id) ?? 0));
    const inPage = seen.filter((s) => arrived[s.id] !== undefined).map((s) => painted[s.id] - arrived[s.id]);
    const roundTrip = sent.map((s) => s.answeredAt - s.sentAt);
    const p99 = percentile(toScreen, 99);
    const B = 'Push to screen';
    return [
      { bench: B, name: `HTTP round trip of the same requests, p50 / p99 (baseline)`, value: `${percentile(roundTrip, 50)} / ${percentile(roundTrip, 99)} ms`, target: '—', met: undefined },
      { bench: B, name: `arrival → row painted at ${RATE}/s, p50 / p99`, value: `${percentile(toScreen, 50)} / ${p99} ms (${toScreen.length} of ${sent.length} rows seen)`, target: 'p99 < 50 ms', met: p99 < 50 && toScreen.length === sent.length },
      { bench: B, name: 'captured by the receiver → row painted, p50 / p99', value: `${percentile(fromCapture, 50)} / ${percentile(fromCapture, 99)} ms`, target: '—', met: undefined },
      { bench: B, name: 'of which captured → event in the page / in the page → painted, p50 / p99', value: `${percentile(toPage, 50)} / ${percentile(toPage, 99)} ms; ${percentile(inPage, 50)} / ${percentile(inPage, 99)} ms`, target: '—', met: undefined },
    ];
  } finally {
    await browser.close();
    await served.stop();
  }
}
