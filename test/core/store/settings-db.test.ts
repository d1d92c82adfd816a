import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../src-main/contract/model';
import { openSettingsDb, SETTINGS_FILE, SettingsFileError, type HookscopeFile, type SettingsDb } from '../../../src-main/core/store/settings-db';

const defaults: Settings = {
  receiverPort: 8787,
  maxBodyBytes: 25 * 1024 * 1024,
  retentionPerStream: 50_000,
  demo: true,
  tunnel: { enabled: false, host: 'https://localtunnel.me' },
  match: { pushKey: 'id', pollKey: 'id', timePath: '' },
};

let dir: string;
const dbs: SettingsDb[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookscope-settings-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of dbs.splice(0)) await db.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function openDb(d = dir, coalesceMs?: number): Promise<SettingsDb> {
  const db = await openSettingsDb(d, { settings: defaults }, { coalesceMs });
  dbs.push(db);
  return db;
}

async function readJson(path: string): Promise<HookscopeFile> {
  return JSON.parse(await readFile(path, 'utf8')) as HookscopeFile;
}

describe('settings db', () => {
  it('starts from defaults with one session, and round-trips changes across close and reopen', async () => {
    const nested = join(dir, 'deeper', 'data');
    const db = await openDb(nested);
    expect(db.warnings).toEqual([]);
    expect(db.settings).toEqual(defaults);
    expect(db.sessions).toHaveLength(1);
    expect(db.currentSessionId).toBe(db.sessions[0].id);
    const onDisk = await readJson(join(nested, SETTINGS_FILE));
    expect(onDisk.version).toBe(1);

    await db.update((d) => {
      d.settings.receiverPort = 9999;
      d.settings.tunnel.subdomain = 'my-hooks';
      d.sources.push({ id: 'src1', name: 'API', url: 'http://127.0.0.1:1/items', headers: [['Authorization', 'Bearer x']], intervalMs: 5000, itemsPath: 'data', idPath: 'id', enabled: true });
    });
    await db.close();
    await expect(db.update(() => undefined)).rejects.toThrow(/closed/);

    const again = await openDb(nested);
    expect(again.warnings).toEqual([]);
    expect(again.settings.receiverPort).toBe(9999);
    expect(again.settings.tunnel.subdomain).toBe('my-hooks');
    expect(again.sources[0].headers).toEqual([['Authorization', 'Bearer x']]);
    expect(again.currentSessionId).toBe(db.currentSessionId);
  });

  it('coalesces a burst of updates into one write', async () => {
    const db = await openDb(dir, 50);
    const write = vi.spyOn(Low.prototype, 'write');
    const updates = Array.from({ length: 40 }, (_, i) => db.update((d) => void (d.settings.receiverPort = 1000 + i)));
    expect(db.settings.receiverPort).toBe(1039); // current at once, written later
    await Promise.all(updates);
    await db.flush();
    expect(write).toHaveBeenCalledTimes(1);
    expect((await readJson(join(dir, SETTINGS_FILE))).settings.receiverPort).toBe(1039);
  });

  it('starts a new file with the given default sources', async () => {
    const source = { id: 'demo', name: 'Demo', url: 'http://127.0.0.1:1/', headers: [], intervalMs: 1000, itemsPath: '', idPath: 'id', enabled: true, demo: true };
    const db = await openSettingsDb(dir, { settings: defaults, sources: [source] });
    dbs.push(db);
    expect(db.sources).toEqual([source]);
    expect((await readJson(join(dir, SETTINGS_FILE))).sources).toEqual([source]);
  });

  it('leaves the data unchanged when a mutator throws', async () => {
    const db = await openDb();
    await expect(db.update((d) => {
      d.settings.receiverPort = 1;
      throw new Error('bad input');
    })).rejects.toThrow('bad input');
    expect(db.settings.receiverPort).toBe(8787);
  });

  it('moves an unparsable file aside, keeps it intact, and starts from defaults with a warning', async () => {
    const file = join(dir, SETTINGS_FILE);
    await writeFile(file, '{"version":1, "settings": {');
    const db = await openDb();
    expect(db.warnings).toHaveLength(1);
    expect(db.warnings[0]).toContain(file);
    expect(db.warnings[0]).toMatch(/is not valid JSON \(.+\)/);
    expect(db.settings).toEqual(defaults);
    const aside = (await readdir(dir)).filter((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(db.warnings[0]).toContain(aside[0]);
    expect(await readFile(join(dir, aside[0]), 'utf8')).toBe('{"version":1, "settings": {');
    expect((await readJson(file)).version).toBe(1);
  });

  it('repairs fields of the wrong type from defaults and keeps a copy of the original', async () => {
    const file = join(dir, SETTINGS_FILE);
    const original = JSON.stringify({ version: 1, settings: { receiverPort: 'eighty', demo: false, tunnel: 'x' }, sources: [{ id: 'broken' }], sessions: [], currentSessionId: 7 });
    await writeFile(file, original);
    const db = await openDb();
    expect(db.settings.receiverPort).toBe(8787);
    expect(db.settings.demo).toBe(false);
    expect(db.settings.tunnel).toEqual(defaults.tunnel);
    expect(db.sources).toEqual([]);
    expect(db.warnings[0]).toContain('settings.receiverPort: expected number, found string');
    expect(db.warnings[0]).toContain('sources[0] is not a valid poll source');
    const aside = (await readdir(dir)).find((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(original);
  });

  it('sets aside a file from an unsupported version instead of overwriting it', async () => {
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ version: 2, settings: {} }));
    const db = await openDb();
    expect(db.warnings[0]).toMatch(/unsupported version 2/);
    expect(db.settings).toEqual(defaults);
  });

  it('refuses a settings path it cannot read at all, naming the file', async () => {
    await mkdir(join(dir, SETTINGS_FILE));
    const error = await openSettingsDb(dir, { settings: defaults }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsFileError);
    expect((error as Error).message).toContain(`${join(dir, SETTINGS_FILE)}: cannot be read`);
  });

  it('reports a failed write, keeps the change, and saves it once writing works again', async () => {
    const onError = vi.fn();
    const db = await openSettingsDb(dir, { settings: defaults }, { onError });
    dbs.push(db);
    const file = join(dir, SETTINGS_FILE);
    await rm(file);
    await mkdir(join(file, 'blocker'), { recursive: true }); // a directory cannot be renamed over
    const update = db.update((d) => void (d.settings.receiverPort = 4242));
    await expect(db.flush()).rejects.toThrow(/could not be saved/);
    await expect(update).rejects.toThrow(/could not be saved/);
    expect(db.writeError).toContain(file);
    expect(onError).toHaveBeenCalled();
    expect(db.settings.receiverPort).toBe(4242);

    await rm(file, { recursive: true });
    await db.flush();
    expect(db.writeError).toBeUndefined();
    expect((await readJson(file)).settings.receiverPort).toBe(4242);
  });
});
