// The poller against a real REST server from npm (json-server 0.17): what a user does there shows up
// as new, changed and removed poll events by the next poll; Express's ETags make idle polls 304s.
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PollEvent, PollRecord } from '../../../src-main/contract/model';
import { PollSource } from '../../../src-main/core/poller/poll-source';
import { applyTemplate } from '../../../src-main/contract/poll-templates';

interface JsonServer {
  create(): { use(...handlers: unknown[]): void; listen(port: number, host: string, cb: () => void): Server };
  router(file: string): unknown;
  defaults(opts: { logger: boolean; noCors?: boolean }): unknown[];
}
const jsonServer = createRequire(import.meta.url)('json-server') as JsonServer;

let server: Server | undefined;
let dir: string | undefined;
let source: PollSource | undefined;

afterEach(async () => {
  source?.stop();
  source = undefined;
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function startJsonServer(db: unknown): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'hookscope-json-server-'));
  const file = join(dir, 'db.json');
  await writeFile(file, JSON.stringify(db));
  const app = jsonServer.create();
  app.use(jsonServer.defaults({ logger: false, noCors: true }));
  app.use(jsonServer.router(file));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function send(method: string, url: string, body?: unknown): Promise<void> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.ok).toBe(true);
  await res.arrayBuffer();
}

describe('PollSource against json-server', () => {
  it('creates, updates and deletes show as new, changed and removed on the next poll', async () => {
    const origin = await startJsonServer({ orders: [{ id: 1, status: 'open' }, { id: 2, status: 'open' }, { id: 3, status: 'open' }] });
    const template = applyTemplate('json-server', { base: origin, collection: 'orders' });
    source = new PollSource({ id: 'js', enabled: true, ...template, intervalMs: 500 });
    const records: PollRecord[] = [];
    const events: PollEvent[] = [];
    source.on('record', (r) => records.push(r));
    source.on('changes', (c) => events.push(...c));
    source.start();
    await vi.waitFor(() => expect(records.some((r) => r.baseline)).toBe(true));

    await send('POST', `${origin}/orders`, { id: 4, status: 'open' });
    await send('PATCH', `${origin}/orders/2`, { status: 'paid' });
    await send('DELETE', `${origin}/orders/3`);
    const doneAt = Date.now();

    // The first poll that began after the last write is the one that must see all three.
    await vi.waitFor(() => expect(records.some((r) => r.t > doneAt && r.status === 200)).toBe(true), { timeout: 5000 });
    const next = records.find((r) => r.t > doneAt);
    expect(next).toMatchObject({ status: 200, newCount: 1, changedCount: 1, removedCount: 1, itemCount: 3 });
    const found = events.filter((e) => e.pollId === next?.id).map((e) => [e.change, e.itemId]);
    expect(found).toEqual([['changed', '2'], ['new', '4'], ['removed', '3']]);
    expect(events.find((e) => e.change === 'changed')?.item).toEqual({ id: 2, status: 'paid' });
  });

  it('unchanged polls are answered 304 thanks to its ETag, with no diff work', async () => {
    const origin = await startJsonServer({ posts: [{ id: 1, title: 'a' }] });
    source = new PollSource({ id: 'js', name: 'posts', enabled: true, headers: [], itemsPath: '', idPath: 'id', url: `${origin}/posts`, intervalMs: 60_000 });
    await source.pollNow();
    const again = await source.pollNow();
    expect(again).toMatchObject({ status: 304, notModified: true, bytes: 0 });
    expect(source.status.cost).toMatchObject({ polls: 2, notModified: 1, diffs: 1 });
    await send('POST', `${origin}/posts`, { id: 2, title: 'b' });
    expect(await source.pollNow()).toMatchObject({ status: 200, newCount: 1 });
  });
});
