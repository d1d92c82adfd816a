// A stand-in for the 'electron' module: just enough surface for the shell, recording what it is asked.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  sent: unknown[][] = [];
  openHandler: OpenHandler | undefined;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.all];
  }
  webContents = new FakeWebContents();
  shown = false;
  loaded: { file?: string; url?: string } = {};
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded.file = file;
    this.webContents.url = `file://${file}`;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded.url = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
};

export const app = Object.assign(new EventEmitter(), {
  whenReady: vi.fn(() => Promise.resolve()),
  getPath: vi.fn((name: string) => `/tmp/hookscope-test-${name}`),
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  exit: vi.fn(),
});

export const shell = { openExternal: vi.fn(() => Promise.resolve()) };
export const session = {
  defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
};
export const nativeTheme = { shouldUseDarkColors: false };
export const dialog = { showErrorBox: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => true),
  encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
  decryptString: vi.fn((data: Buffer) => data.toString().replace(/^enc:/, '')),
};
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), send: vi.fn() };

export function resetElectronMock(): void {
  FakeBrowserWindow.all = [];
  ipcMain.handlers.clear();
  app.removeAllListeners();
  vi.clearAllMocks();
  app.requestSingleInstanceLock.mockImplementation(() => true);
}

export { FakeBrowserWindow as BrowserWindow };
