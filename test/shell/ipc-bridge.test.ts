import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, type CommandName } from '../../src-main/contract/api';
import { createFakeHost, type FakeHost } from '../headless/fake-host';
import { FakeBrowserWindow, ipcMain, resetElectronMock } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));
const { registerIpcBridge } = await import('../../src-main/shell/ipc-bridge');

const APP = 'file:///app/out/renderer/index.html';
const trusted = (url: string | undefined): boolean => url === APP;

let host: FakeHost;
let unregister: () => void;

beforeEach(() => {
  resetElectronMock();
  host = createFakeHost();
  unregister = registerIpcBridge({ host, isTrustedSender: trusted });
});

afterEach(() => unregister());

function invoke(name: CommandName, args: unknown[], frameUrl: string | null = APP, meta: unknown = {}): Promise<unknown> {
  const handler = ipcMain.handlers.get(IPC_COMMAND_CHANNEL(name));
  if (!handler) throw new Error(`no handler for ${name}`);
  const event = { senderFrame: frameUrl === null ? null : { url: frameUrl } };
  return Promise.resolve(handler(event, meta, ...args));
}

const validArgs: { [K in CommandName]: unknown[] } = {
  snapshot: [],
  getEvent: ['e1'],
  clear: [],
  setTunnel: [true],
  setDemo: [false],
  upsertPollSource: [{ name: 'API', url: 'http://127.0.0.1:1/items', headers: [['Accept', 'application/json']], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true }],
  removePollSource: ['s1'],
  updateSettings: [{ retentionPerStream: 5000, match: { pushKey: 'id' } }],
  testPollSource: [{ name: 'API', url: 'http://127.0.0.1:1/items', headers: [], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true }],
  sendTestWebhook: [],
  tunnelPassword: [],
  signingRules: [],
  upsertSigningRule: [{ scheme: 'github', path: '/gh', secret: 's' }],
  removeSigningRule: ['sig_1'],
  replayPush: ['push_1', { url: 'http://127.0.0.1:1/' }],
  importHar: ['{"log":{"entries":[]}}'],
  exportHar: [],
  responseRules: [],
  upsertResponseRule: [{ method: 'POST', path: '/x', status: 500, headers: [], body: '', delayMs: 0 }],
  removeResponseRule: ['resp_1'],
  report: ['json'],
  search: ['body:lead'],
  forwards: ['push_1'],
  decodedBody: ['push_1'],
  listSessions: [],
  createSession: [{ name: 'Stripe retries', copySettings: true }],
  switchSession: ['ses_1'],
  renameSession: ['ses_1', 'Renamed'],
  deleteSession: ['ses_1'],
};

describe('registerIpcBridge', () => {
  it('registers exactly one handler per command', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map((n) => IPC_COMMAND_CHANNEL(n)).sort());
  });

  it('forwards every command with its arguments to the host', async () => {
    for (const name of COMMAND_NAMES) {
      const reply = (await invoke(name, validArgs[name])) as { ok: boolean };
      if (name === 'removePollSource') expect(reply).toEqual({ ok: false, error: 'no poll source "s1"' });
      else expect(reply.ok, name).toBe(true);
    }
    expect(host.calls).toEqual(COMMAND_NAMES.map((name) => ({ name, args: validArgs[name] })));
    expect(await invoke('setTunnel', [true])).toEqual({ ok: true, value: { state: 'connecting', since: 1, host: 'https://lt.example' } });
  });

  it('refuses a foreign frame, and a frame that is gone, without calling the host', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', null]) {
      const reply = await invoke('clear', [], url);
      expect(reply).toEqual({ ok: false, error: "clear refused: the caller is not Hookscope's own page" });
    }
    expect(host.calls).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  it('hands the session the page showed to the host, and ignores a malformed one', async () => {
    await invoke('clear', [], APP, { session: 'ses_a' });
    await invoke('clear', [], APP, { session: 7 });
    await invoke('clear', [], APP, null);
    expect(host.calls).toEqual([{ name: 'clear', args: [], shownSession: 'ses_a' }, { name: 'clear', args: [] }, { name: 'clear', args: [] }]);
  });

  it('returns a host error as ok:false with its message', async () => {
    expect(await invoke('getEvent', ['boom'])).toEqual({ ok: false, error: 'event store is unreadable' });
  });

  it('refuses bad arguments before they reach the host', async () => {
    const reply = (await invoke('setTunnel', ['yes'])) as { ok: boolean; error: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^bad arguments for setTunnel/);
    const notObject = (await invoke('updateSettings', [[1, 2]])) as { ok: boolean; error: string };
    expect(notObject.error).toBe('bad arguments for updateSettings: argument 0: expected a settings patch (an object)');
    expect(host.calls).toEqual([]);
  });

  it("forwards host events to the app's windows only", () => {
    const app = new FakeBrowserWindow({});
    app.webContents.url = APP;
    const foreign = new FakeBrowserWindow({});
    foreign.webContents.url = 'https://evil.example/';
    const gone = new FakeBrowserWindow({});
    gone.webContents.url = APP;
    gone.webContents.destroyed = true;
    host.emit('notice', { level: 'error', message: 'disk full', t: 1 });
    host.emit('cleared', {});
    expect(app.webContents.sent).toEqual([
      [IPC_EVENT_CHANNEL, 'notice', { level: 'error', message: 'disk full', t: 1 }],
      [IPC_EVENT_CHANNEL, 'cleared', {}],
    ]);
    expect(foreign.webContents.sent).toEqual([]);
    expect(gone.webContents.sent).toEqual([]);
  });

  it('unregisters its handlers and its host subscription', () => {
    expect(host.listenerCount()).toBe(1);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect(host.listenerCount()).toBe(0);
    unregister = registerIpcBridge({ host, isTrustedSender: trusted });
    expect(ipcMain.handlers.size).toBe(COMMAND_NAMES.length);
  });
});
