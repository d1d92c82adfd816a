import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronMock, session, shell } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));
const { createMainWindow, denyAllPermissions } = await import('../../src-main/shell/window');

const paths = { preload: '/app/out/preload/preload.cjs', rendererIndex: '/app/out/renderer/index.html' };

beforeEach(() => resetElectronMock());

function lastWindow(): FakeBrowserWindow {
  const win = FakeBrowserWindow.all.at(-1);
  if (!win) throw new Error('no window');
  return win;
}

describe('createMainWindow', () => {
  it('isolates the page: context isolation, sandbox, no node, web security, the CJS preload', () => {
    createMainWindow(paths);
    const prefs = lastWindow().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads the built page, and shows the window only when ready', () => {
    createMainWindow(paths);
    const win = lastWindow();
    expect(win.options.show).toBe(false);
    expect(win.loaded).toEqual({ file: '/app/out/renderer/index.html' });
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('loads the dev server URL under electron-vite dev', () => {
    createMainWindow({ ...paths, devUrl: 'http://localhost:5173' });
    expect(lastWindow().loaded).toEqual({ url: 'http://localhost:5173' });
  });

  it('denies navigation, sending web links to the OS browser', () => {
    createMainWindow(paths);
    const contents = lastWindow().webContents;
    const web = { preventDefault: vi.fn() };
    contents.emit('will-navigate', web, 'https://docs.example/guide');
    expect(web.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.example/guide');
    const local = { preventDefault: vi.fn() };
    contents.emit('will-navigate', local, 'file:///etc/passwd');
    expect(local.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies every new window, opening only http(s) links outside', () => {
    createMainWindow(paths);
    const handler = lastWindow().webContents.openHandler;
    expect(handler?.({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'not a url' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/x');
  });

  it('refuses webviews', () => {
    createMainWindow(paths);
    const event = { preventDefault: vi.fn() };
    lastWindow().webContents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('denyAllPermissions', () => {
  it('answers no to every permission request and check', () => {
    denyAllPermissions(session.defaultSession as never);
    const request = session.defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      permission: string,
      cb: (granted: boolean) => void,
    ) => void;
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      request({}, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    const check = session.defaultSession.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(check()).toBe(false);
  });
});
