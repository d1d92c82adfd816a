// The one app window and the rules every web page in the app lives by: no navigation away, no new
// windows (web links go to the OS browser), no webviews, no permissions.
import { BrowserWindow, nativeTheme, shell, type Session, type WebContents } from 'electron';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
  devUrl?: string;
}

function openInBrowser(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
  shell.openExternal(parsed.toString()).catch((err: unknown) => {
    console.error(`hookscope: could not open ${parsed.toString()} in the browser:`, err);
  });
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openInBrowser(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    title: 'Hookscope',
    show: false,
    // Matches the OS theme so the first frame does not flash white in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181c' : '#ffffff',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would open a link in a new window without passing setWindowOpenHandler's checks.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  const loading = paths.devUrl ? win.loadURL(paths.devUrl) : win.loadFile(paths.rendererIndex);
  loading.catch((err: unknown) => {
    console.error('hookscope: the window could not load the UI:', err);
    win.show();
  });
  return win;
}
