// This test is the SaaS: it runs its own API and sends its own webhooks to a real `hookscope serve`,
// with chosen drops, duplicates, reordering and a change after the push, using different key names
// on each channel (joined by key templates). `hookscope report` must classify every event exactly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli, startServe, tempDir, type Served } from './serve-process';

interface Item {
  id: number;
  type: string;
  created_at: string;
  status: string;
}

interface ReportEvent {
  key: string;
  cls: string;
  duplicates: number;
  outOfOrder: boolean;
  changedAfterPush: boolean;
  pushDelayMs?: number;
  pollDelayMs?: number;
}

let serve: Served | undefined;
let api: Server | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
  await new Promise((r) => (api ? api.close(r) : r(undefined)));
  api = undefined;
});

describe('scripted SaaS', () => {
  it('report --format json classifies drops, duplicates, reordering and changes exactly', async () => {
    const items = new Map<number, Item>();
    let served = 0;
    api = createServer((_req, res) => {
      served += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [...items.values()].reverse() }));
    });
    await new Promise<void>((r) => api!.listen(0, '127.0.0.1', r));
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/v1/orders`;

    serve = await startServe([
      '--no-demo', '--poll', apiUrl, '--poll-every', '500ms', '--items-path', 'data',
      // The webhook calls it `event` and nests the order; the API item is flat: templates join them.
      '--match-push', '{event}:{order.id}', '--match-poll', '{type}:{id}', '--time-path', 'created_at',
    ]);
    const receiver = serve.receiverUrl;
    await vi.waitFor(() => expect(served).toBeGreaterThan(0), { timeout: 10_000 });

    const create = (id: number, inApi = true): Item => {
      const item: Item = { id, type: 'order.created', created_at: new Date().toISOString(), status: 'new' };
      if (inApi) items.set(id, { ...item });
      return item;
    };
    const push = async (item: Item): Promise<void> => {
      const body = JSON.stringify({ event: item.type, created_at: item.created_at, order: { id: item.id, status: item.status } });
      const res = await fetch(`${receiver}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    };
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    const a = create(1);
    await push(a); // both
    const b = create(2);
    await push(b);
    await push(b); // duplicate
    create(3); // webhook dropped: poll only
    await push(create(4, false)); // never listed by the API: push only
    const e = create(5);
    await pause(20);
    const f = create(6);
    await push(f);
    await pause(20);
    await push(e); // created before f, delivered after it: out of order
    const g = create(7);
    await push(g);
    const seenG = served;
    await vi.waitFor(() => expect(served).toBeGreaterThan(seenG + 1), { timeout: 10_000 });
    items.get(7)!.status = 'shipped'; // the object changes after it was pushed
    const afterChange = served;
    await vi.waitFor(() => expect(served).toBeGreaterThan(afterChange + 2), { timeout: 10_000 });
    expect(await serve.stop()).toBe(0);

    const { code, stdout, stderr } = await runCli(['report', '--data-dir', serve.dataDir, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout.toString()) as { events: ReportEvent[]; figures: { counts: Record<string, number> } };
    const got = Object.fromEntries(report.events.map((ev) => [ev.key, { cls: ev.cls, dup: ev.duplicates, ooo: ev.outOfOrder, changed: ev.changedAfterPush }]));
    expect(got).toEqual({
      'order.created:1': { cls: 'both', dup: 0, ooo: false, changed: false },
      'order.created:2': { cls: 'both', dup: 1, ooo: false, changed: false },
      'order.created:3': { cls: 'poll-only', dup: 0, ooo: false, changed: false },
      'order.created:4': { cls: 'push-only', dup: 0, ooo: false, changed: false },
      'order.created:5': { cls: 'both', dup: 0, ooo: true, changed: false },
      'order.created:6': { cls: 'both', dup: 0, ooo: false, changed: false },
      'order.created:7': { cls: 'both', dup: 0, ooo: false, changed: true },
    });
    expect(report.figures.counts).toMatchObject({ events: 7, both: 5, pushOnly: 1, pollOnly: 1, duplicatePush: 1, outOfOrderPush: 1, changedAfterPush: 1 });
    for (const ev of report.events) {
      if (ev.cls !== 'poll-only') expect(ev.pushDelayMs, ev.key).toBeGreaterThanOrEqual(0);
      if (ev.cls !== 'push-only') expect(ev.pollDelayMs, ev.key).toBeGreaterThan(0);
    }

    const csv = await runCli(['report', '--data-dir', serve.dataDir, '--format', 'csv']);
    const lines = csv.stdout.toString().trim().split('\r\n');
    expect(lines[0]).toMatch(/^key,class,duplicates,out_of_order/);
    expect(lines).toHaveLength(8);

    const html = (await runCli(['report', '--data-dir', serve.dataDir, '--format', 'html'])).stdout.toString();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('id="comparison"');
    expect(html).toContain('<svg');
    // Self-contained: nothing to fetch when the file is opened from a ticket.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('report refuses a folder with no session and a format it does not know', async () => {
    const missing = await runCli(['report', '--data-dir', '/nonexistent/hookscope-nothing-here']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no Hookscope data in \/nonexistent\/hookscope-nothing-here: the folder does not exist/);
    const empty = await runCli(['report', '--data-dir', tempDir()]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no captured session/);
    const bad = await runCli(['report', '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/json, csv, html/);
    const badKey = await runCli(['serve', '--match-push', '{type:{id}']);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/unbalanced braces/);
  });
});
