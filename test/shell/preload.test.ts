import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL } from '../../src-main/contract/api';
import type { HookscopeBridge } from '../../src-main/contract/bridge';
import type * as ElectronMock from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

let bridge: HookscopeBridge;
let ipcRenderer: typeof ElectronMock.ipcRenderer;
let deliver: (name: string, payload: unknown) => void;

beforeEach(async () => {
  // A fresh module graph per test, so the preload runs again against a fresh mock.
  vi.resetModules();
  const electron = (await import('electron')) as unknown as typeof ElectronMock;
  electron.resetElectronMock();
  const { contextBridge } = electron;
  ipcRenderer = electron.ipcRenderer;
  await import('../../src-main/preload');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, exposed] = contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, HookscopeBridge];
  expect(key).toBe('hookscopeBridge');
  bridge = exposed;
  const onCall = ipcRenderer.on.mock.calls.find((c) => c[0] === IPC_EVENT_CHANNEL) as unknown as [string, (e: unknown, ...a: unknown[]) => void];
  deliver = (name, payload) => onCall[1]({ sender: 'ipc' }, name, payload);
});

describe('preload', () => {
  it('exposes exactly one named method per command plus on, and nothing of ipcRenderer', () => {
    expect(Object.keys(bridge).sort()).toEqual([...COMMAND_NAMES, 'on', 'setShownSession'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.values(bridge)).not.toContain(ipcRenderer);
    expect(Object.values(bridge)).not.toContain(ipcRenderer.invoke);
  });

  it('invokes the command channel with the arguments and unwraps the reply', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { state: 'off' } });
    await expect(bridge.setTunnel(false)).resolves.toEqual({ state: 'off' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_COMMAND_CHANNEL('setTunnel'), {}, false);
  });

  it('sends the session the page shows ahead of every later command, and refuses a bad id', async () => {
    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: null });
    bridge.setShownSession('ses_a');
    await bridge.clear();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_COMMAND_CHANNEL('clear'), { session: 'ses_a' });
    bridge.setShownSession(null);
    await bridge.removePollSource('x');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_COMMAND_CHANNEL('removePollSource'), {}, 'x');
    expect(() => bridge.setShownSession(42 as never)).toThrow('setShownSession(id): id must be a string or null');
  });

  it("rejects with the core's own message on ok:false, and on a malformed reply", async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'no poll source "x"' });
    await expect(bridge.removePollSource('x')).rejects.toThrow(/^no poll source "x"$/);
    ipcRenderer.invoke.mockResolvedValueOnce(undefined);
    await expect(bridge.snapshot()).rejects.toThrow('snapshot: unexpected reply from the main process');
  });

  it('on() delivers events by name and returns an unsubscribe function', () => {
    const notices: unknown[] = [];
    const cleared: unknown[] = [];
    const off = bridge.on('notice', (n) => notices.push(n));
    bridge.on('cleared', (c) => cleared.push(c));
    deliver('notice', { level: 'info', message: 'hi', t: 1 });
    deliver('cleared', {});
    expect(notices).toEqual([{ level: 'info', message: 'hi', t: 1 }]);
    expect(cleared).toEqual([{}]);
    off();
    deliver('notice', { level: 'info', message: 'again', t: 2 });
    expect(notices).toHaveLength(1);
  });

  it('keeps delivering when one listener throws, and refuses unknown event names', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: unknown[] = [];
    bridge.on('cleared', () => {
      throw new Error('bug');
    });
    bridge.on('cleared', (c) => seen.push(c));
    deliver('cleared', {});
    expect(seen).toEqual([{}]);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
    expect(() => bridge.on('nope' as never, () => undefined)).toThrow('unknown event: nope');
  });
});
