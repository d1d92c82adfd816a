import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, IPC_COMMAND_CHANNEL } from '../../src-main/contract/api';
import { createFakeHost, type FakeHost } from '../headless/fake-host';
import { app, dialog, FakeBrowserWindow, FakeWebContents, ipcMain, resetElectronMock, session } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

const core = vi.hoisted(() => ({
  create: vi.fn<(opts: { dataDir: string }) => Promise<unknown>>(),
}));
vi.mock('../../src-main/core/session', () => ({ createSession: core.create }));

const { startShell, buildPaths } = await import('../../src-main/shell/main');

let host: FakeHost & { close: ReturnType<typeof vi.fn> };

beforeEach(() => {
  resetElectronMock();
  host = Object.assign(createFakeHost(), { close: vi.fn(() => Promise.resolve()) });
  core.create.mockReset();
  core.create.mockResolvedValue(host);
});

describe('startShell', () => {
  it('creates the session in userData, registers every command and opens one window', async () => {
    await startShell();
    const { safeStorage } = await import('electron');
    expect(core.create).toHaveBeenCalledWith({ dataDir: '/tmp/hookscope-test-userData', secretCipher: safeStorage });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map((n) => IPC_COMMAND_CHANNEL(n)).sort());
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('wires the built page as the only trusted sender', async () => {
    await startShell();
    const win = FakeBrowserWindow.all[0];
    const handler = ipcMain.handlers.get(IPC_COMMAND_CHANNEL('snapshot'))!;
    expect(await handler({ senderFrame: { url: win.webContents.getURL() } })).toEqual({ ok: true, value: { fake: 'snapshot' } });
    expect(win.webContents.getURL()).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } })).toMatchObject({ ok: false });
    warn.mockRestore();
  });

  it('hardens every web contents the app creates', async () => {
    await startShell();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.openHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    const nav = { preventDefault: vi.fn() };
    contents.emit('will-navigate', nav, 'https://x.example');
    expect(nav.preventDefault).toHaveBeenCalled();
  });

  it('closes the session before quitting, once', async () => {
    await startShell();
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(ipcMain.handlers.size).toBe(0);
    const second = { preventDefault: vi.fn() };
    app.emit('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledTimes(1);
  });

  it('still quits when closing the session fails', async () => {
    host.close.mockRejectedValueOnce(new Error('disk gone'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await startShell();
    app.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('shows the reason and exits when the session cannot start', async () => {
    core.create.mockRejectedValueOnce(new Error('port 8787 is in use'));
    await startShell();
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Hookscope could not start', 'port 8787 is in use');
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('defers to the running instance', async () => {
    app.requestSingleInstanceLock.mockImplementation(() => false);
    await startShell();
    expect(app.quit).toHaveBeenCalled();
    expect(core.create).not.toHaveBeenCalled();
  });
});

describe('buildPaths', () => {
  it('points at the CJS preload and the built renderer beside out/main', () => {
    expect(buildPaths('/app/out/main', undefined)).toEqual({
      rendererDir: join('/app/out/renderer'),
      rendererIndex: join('/app/out/renderer/index.html'),
      preload: join('/app/out/preload/preload.cjs'),
      devUrl: undefined,
    });
    expect(buildPaths('/app/out/main', 'http://localhost:5173').devUrl).toBe('http://localhost:5173');
  });
});
