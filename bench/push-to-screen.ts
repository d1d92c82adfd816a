// 2. Push to screen: from a request leaving the sender to its row painted in the UI (headless mode in
// Chromium), at 100 webhooks/s. Baseline in the same run: the bare HTTP round trip of the same requests.
import http from 'node:http';
import { launch } from './browser';
import { percentile, sleep, startServe } from './procs';
import type { Figure } from './report';

const RATE = 100;
// Page-side code is script text: this program is typed for Node, without the DOM library.
// Each new row is stamped on the next animation frame after it enters the DOM: when it is painted.
const STAMP_ROWS = `
  window.__painted = {};
  new MutationObserver((records) => {
    const ids = [];
    for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.id.startsWith('row-push-')) ids.push(n.id.slice(9));
    if (ids.length > 0) requestAnimationFrame(() => { const t = Date.now(); for (const id of ids) window.__painted[id] ??= t; });
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

export async function pushToScreen(): Promise<Figure[]> {
  const served = await startServe(['--no-demo']);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    // Each new row is stamped on the next animation frame after it enters the DOM: when it is painted.
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
    const toScreen = sent.filter((s) => painted[s.id] !== undefined).map((s) => painted[s.id] - s.sentAt);
    const roundTrip = sent.map((s) => s.answeredAt - s.sentAt);
    const p99 = percentile(toScreen, 99);
    return [
      { bench: 'Push to screen', name: `HTTP round trip of the same requests, p50 / p99 (baseline)`, value: `${percentile(roundTrip, 50)} / ${percentile(roundTrip, 99)} ms`, target: '—', met: undefined },
      { bench: 'Push to screen', name: `arrival → row painted at ${RATE}/s, p50 / p99`, value: `${percentile(toScreen, 50)} / ${p99} ms (${toScreen.length} of ${sent.length} rows seen)`, target: 'p99 < 50 ms', met: p99 < 50 && toScreen.length === sent.length },
    ];
  } finally {
    await browser.close();
    await served.stop();
  }
}
