// HAR out and in: the export passes a HAR 1.2 schema validator, keeps every body (binary and large
// ones base64), and importing it into an empty folder reproduces the session byte for byte.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as harValidator from 'har-validator';
import type { PushEvent } from '../../../src-main/contract/model';
import { exportEvents, type ExportFormat } from '../../../src-main/core/export/export-events';
import { HAR_CREATOR, parseHar, toHar } from '../../../src-main/core/export/har';
import { importHarFile } from '../../../src-main/core/export/import-har';
import { createSession, type Session } from '../../../src-main/core/session';
import { acquireDataLock } from '../../../src-main/core/store/data-lock';

const open: Session[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const dir = (): string => mkdtempSync(join(tmpdir(), 'hookscope-har-'));

async function start(dataDir: string): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false, maxBodyBytes: 8 * 1024 * 1024 }, flushMs: 10 });
  open.push(session);
  return session;
}

async function exported(dataDir: string, format: ExportFormat): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await exportEvents(dataDir, format, out);
  return text;
}

/** fetch folds repeated headers into one; node:http sends them as given. */
function rawPost(url: string, headers: string[], body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}

const BINARY = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80]), randomBytes(4096)]);
const LARGE = Buffer.from('x'.repeat(3 * 1024 * 1024 - 7) + '{"é":1}');

/** A session with text, binary, large, empty and form pushes, duplicate headers, and poll events. */
async function capturedSession(dataDir: string): Promise<void> {
  const api = createServer((_req, res) => res.end(JSON.stringify([{ id: 'evt_1', n: 1 }, { id: 'evt_2', n: 2 }])));
  servers.push(api);
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const session = await start(dataDir);
  const port = (api.address() as { port: number }).port;
  await session.handle('upsertPollSource', [{ id: 'api', name: 'api', url: `http://127.0.0.1:${port}/`, headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true }]);
  const url = session.receiverUrl;
  await rawPost(`${url}/hooks/json?x=1&y=%20two`, ['content-type', 'application/json', 'x-dup', 'a', 'X-Dup', 'b'], '{"id":"evt_1","type":"invoice.paid"}');
  await fetch(`${url}/bin`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: BINARY });
  await fetch(`${url}/large`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: LARGE });
  await fetch(`${url}/form`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=%C3%A9' });
  await fetch(`${url}/empty?only=query`, { method: 'GET' });
  await vi.waitFor(async () => {
    const snap = await session.handle('snapshot', []);
    expect(snap.push.length).toBe(5);
    expect(snap.poll.length).toBe(2);
  });
  await session.close();
}

describe('HAR export', () => {
  it('is valid HAR 1.2, keeps binary and large bodies, and re-imports losslessly', async () => {
    const source = dir();
    await capturedSession(source);
    const harText = await exported(source, 'har');
    const har = JSON.parse(harText) as ReturnType<typeof toHar>;
    // The validator's own error quotes the whole document; its list of schema errors is what helps.
    await harValidator.har(har).catch((error: { errors?: unknown }) => {
      throw new Error(`not valid HAR: ${JSON.stringify(error.errors).slice(0, 1500)}`);
    });
    // The validator is not a rubber stamp: an entry without its required parts fails.
    await expect(harValidator.har({ log: { version: '1.2', creator: HAR_CREATOR, entries: [{ request: {} }] } })).rejects.toBeDefined();
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(5);
    const bin = har.log.entries.find((e) => e.request.url.endsWith('/bin'))!;
    expect(bin.request.postData).toMatchObject({ mimeType: 'application/octet-stream', encoding: 'base64' });
    expect(Buffer.from(bin.request.postData!.text, 'base64').equals(BINARY)).toBe(true);
    const large = har.log.entries.find((e) => e.request.url.endsWith('/large'))!;
    expect(Buffer.from(large.request.postData!.text, 'utf8').equals(LARGE)).toBe(true);
    const json = har.log.entries.find((e) => e.request.url.includes('/hooks/json'))!;
    expect(json.request.queryString).toEqual([{ name: 'x', value: '1' }, { name: 'y', value: ' two' }]);
    expect(json.request.headers.filter((h) => h.name.toLowerCase() === 'x-dup').map((h) => [h.name, h.value])).toEqual([['x-dup', 'a'], ['X-Dup', 'b']]);
    expect(har.log._hookscope?.pollEvents).toHaveLength(2);

    const parent = dir();
    const target = join(parent, 'not-yet-created');
    const harFile = join(parent, 'session.har');
    writeFileSync(harFile, harText);
    expect(await importHarFile(target, harFile)).toEqual({ imported: 7, skipped: 0, problems: [] });
    // Every field of every event, bodies included, as the NDJSON export writes them.
    expect(await exported(target, 'ndjson')).toBe(await exported(source, 'ndjson'));
    expect(await exported(target, 'har')).toBe(harText);
    // A second import adds nothing.
    expect(await importHarFile(target, harFile)).toEqual({ imported: 0, skipped: 7, problems: [] });
  });

  it('imports into a running session through the command, emitting rows', async () => {
    const source = dir();
    await capturedSession(source);
    const harText = await exported(source, 'har');
    const session = await start(dir());
    const pushes: string[] = [];
    session.subscribe((name, payload) => {
      if (name === 'push') pushes.push((payload as PushEvent).id);
    });
    expect(await session.handle('importHar', [harText])).toEqual({ imported: 7, skipped: 0, problems: [] });
    expect(pushes).toHaveLength(5);
    const bin = JSON.parse(harText) as ReturnType<typeof toHar>;
    const binId = bin.log.entries.find((e) => e.request.url.endsWith('/bin'))!._hookscope!.id;
    const event = (await session.handle('getEvent', [binId])) as PushEvent;
    expect(Buffer.from(event.body, 'base64').equals(BINARY)).toBe(true);
    expect(JSON.parse(await session.handle('exportHar', []))).toEqual(JSON.parse(harText));
    const imported = await session.handle('snapshot', []);
    await session.close();
    const original = await (await start(source)).handle('snapshot', []);
    expect(imported.push).toEqual(original.push);
    expect(imported.poll).toEqual(original.poll);
    expect(imported.matches).toEqual(original.matches);
  });
});

describe('HAR import of other tools\' files', () => {
  const foreign = {
    log: {
      version: '1.2',
      creator: { name: 'browser', version: '1' },
      entries: [
        {
          startedDateTime: '2026-02-03T04:05:06.789Z',
          time: 12,
          request: { method: 'POST', url: 'https://example.test/hook?a=b', httpVersion: 'HTTP/2', headers: [{ name: 'Content-Type', value: 'application/json' }], queryString: [], cookies: [], headersSize: -1, bodySize: 12, postData: { mimeType: 'application/json', text: '{"id":"e_9"}' } },
          response: { status: 202, statusText: '', httpVersion: 'HTTP/2', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 },
          cache: {},
          timings: { send: 0, wait: 0, receive: 0 },
        },
        { request: { method: 'POST', url: 'https://example.test/form', postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a', value: '1 2' }] } } },
        { request: { method: 'POST', url: 'https://example.test/b64', postData: { mimeType: 'application/octet-stream', text: Buffer.from([0xff, 0]).toString('base64'), encoding: 'base64' } } },
        { request: { method: 'GET', url: 'not a url' } },
        { response: {} },
      ],
    },
  };

  it('rebuilds pushes from plain HAR entries and names the entries it could not use', () => {
    const parsed = parseHar(JSON.stringify(foreign));
    expect(parsed.problems).toEqual(['entry 4: the request url "not a url" is not a URL', 'entry 5: no request']);
    expect(parsed.pushes.map((p) => [p.method, p.path, p.query, p.status, p.body, p.bodyEncoding])).toEqual([
      ['POST', '/hook', 'a=b', 202, '{"id":"e_9"}', 'utf8'],
      ['POST', '/form', '', 200, 'a=1+2', 'utf8'],
      ['POST', '/b64', '', 200, '/wA=', 'base64'],
    ]);
    expect(parsed.pushes[0]).toMatchObject({ t: Date.parse('2026-02-03T04:05:06.789Z'), contentType: 'application/json', signature: { result: 'unchecked' } });
  });

  it('refuses what is not a HAR with a clear message', () => {
    expect(() => parseHar('{')).toThrow(/not a HAR file: the JSON does not parse/);
    expect(() => parseHar('{"log":{}}')).toThrow(/not a HAR file: expected/);
    expect(() => parseHar('[]')).toThrow(/not a HAR file/);
    const damaged = { log: { entries: [{ request: { method: 'POST', url: 'http://x/', postData: { mimeType: 'a', text: '@@', encoding: 'base64' } } }] } };
    expect(parseHar(JSON.stringify(damaged)).problems[0]).toMatch(/entry 1: .*base64/);
  });

  it('the CLI import refuses a missing file and a folder another Hookscope holds', async () => {
    const target = dir();
    await expect(importHarFile(target, join(target, 'nope.har'))).rejects.toThrow(/no such file/);
    const file = join(target, 'x.har');
    writeFileSync(file, JSON.stringify(foreign));
    const lock = await acquireDataLock(target);
    try {
      await expect(importHarFile(target, file)).rejects.toThrow(/another Hookscope/);
    } finally {
      await lock.release();
    }
    expect(await importHarFile(target, file)).toMatchObject({ imported: 3, skipped: 2 });
  });
});
