// The Electron composition root: one session, the IPC bridge, one window; the session closes on quit.
import { app, BrowserWindow, dialog, safeStorage, session as electronSession } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, type Session } from '../core/session';
import { registerIpcBridge } from './ipc-bridge';
import { isTrustedRendererUrl, type RendererLocation } from './trusted-sender';
import { createMainWindow, denyAllPermissions, hardenWebContents, type WindowPaths } from './window';

/** Where the build puts things, relative to the built main script (out/main/index.js). */
export function buildPaths(mainDir: string, devUrl: string | undefined): WindowPaths & RendererLocation {
  const rendererDir = join(mainDir, '..', 'renderer');
  return {
    rendererDir,
    rendererIndex: join(rendererDir, 'index.html'),
    preload: join(mainDir, '..', 'preload', 'preload.cjs'),
    devUrl: devUrl || undefined,
  };
}

export async function startShell(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  await app.whenReady();
  denyAllPermissions(electronSession.defaultSession);
  const paths = buildPaths(dirname(fileURLToPath(import.meta.url)), process.env.ELECTRON_RENDERER_URL);

  let core: Session;
  try {
    // Poll source secrets are encrypted with the OS keychain (safeStorage) where it is available.
    core = await createSession({ dataDir: app.getPath('userData'), secretCipher: safeStorage });
  } catch (err) {
    dialog.showErrorBox('Hookscope could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }

  const unregister = registerIpcBridge({ host: core, isTrustedSender: (url) => isTrustedRendererUrl(url, paths) });
  let win = createMainWindow(paths);

  app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow(paths);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for the session to flush and close its servers, then quits for real.
  let closing: Promise<void> | undefined;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= core
      .close()
      .catch((err: unknown) => console.error('hookscope: closing the session failed:', err))
      .finally(() => {
        unregister();
        closed = true;
        app.quit();
      });
  });
}
