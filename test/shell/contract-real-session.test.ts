// The one contract over both transports, each end to end against a real session: IPC (main bridge
// + preload + the renderer's IPC client, Electron mocked) and WebSocket (headless server + the
// renderer's WebSocket client).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, type HookscopeApi } from '../../src-main/contract/api';
import type { HookscopeBridge } from '../../src-main/contract/bridge';
import type { PushEvent, PushRow } from '../../src-main/contract/model';
import { createSession, type Session } from '../../src-main/core/session';
import { startUiServer, type UiServer } from '../../src-main/headless/ui-server';
import type * as ElectronMock from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

// Renderer files belong to the web TypeScript project, so they are loaded by path.
const wsApiPath = '../../src-renderer/src/api/ws-api';
const ipcApiPath = '../../src-renderer/src/api/ipc-api';
const { createWsApi } = (await import(/* @vite-ignore */ wsApiPath)) as {
  createWsApi(url: string, opts: { WebSocketImpl: unknown }): HookscopeApi & { close(): void };
};
const { createIpcApi } = (await import(/* @vite-ignore */ ipcApiPath)) as { createIpcApi(bridge: HookscopeBridge): HookscopeApi };

const APP_URL = 'file:///app/out/renderer/index.html';
let session: Session;

beforeEach(async () => {
  session = await createSession({ dataDir: mkdtempSync(join(tmpdir(), 'hookscope-contract-')), settings: { receiverPort: 0, demo: false }, flushMs: 20 });
});

afterEach(async () => {
  await session.close();
});

async function exercise(api: HookscopeApi): Promise<void> {
  const pushed: PushRow[] = [];
  const off = api.on('push', (row) => pushed.push(row));
  const before = await api.snapshot();
  expect(before.push).toEqual([]);
  const body = Buffer.from([0x00, 0xff, 0x10, 0x80]);
  const res = await fetch(`${session.receiverUrl}/bin`, { method: 'PUT', body });
  const { id } = (await res.json()) as { id: string };
  await vi.waitFor(() => expect(pushed.map((r) => r.id)).toEqual([id]));
  const full = (await api.getEvent(id)) as PushEvent;
  expect(Buffer.from(full.body, full.bodyEncoding === 'base64' ? 'base64' : 'utf8').equals(body)).toBe(true);
  await expect(api.removePollSource('missing')).rejects.toThrow(/no poll source/);
  off();
}

describe('the contract against a real session', () => {
  it('works over WebSocket', async () => {
    const ui: UiServer = await startUiServer({ host: session, port: 0, rendererDir: tmpdir(), token: 'tok' });
    const api = createWsApi(`ws://127.0.0.1:${ui.port}/ws?token=tok`, { WebSocketImpl: WebSocket });
    try {
      await exercise(api);
    } finally {
      api.close();
      await ui.close();
    }
  });

  it('works over Electron IPC', async () => {
    const electron = (await import('electron')) as unknown as typeof ElectronMock;
    electron.resetElectronMock();
    const { registerIpcBridge } = await import('../../src-main/shell/ipc-bridge');
    const win = new electron.BrowserWindow({});
    win.webContents.url = APP_URL;
    const unregister = registerIpcBridge({ host: session, isTrustedSender: (url) => url === APP_URL });
    // Wire the preload's ipcRenderer to the main side's handlers and window, as Electron would.
    electron.ipcRenderer.invoke.mockImplementation((channel: string, ...args: unknown[]) =>
      Promise.resolve(electron.ipcMain.handlers.get(channel)!({ senderFrame: { url: APP_URL } }, ...args)),
    );
    await import('../../src-main/preload');
    const bridge = electron.contextBridge.exposeInMainWorld.mock.calls[0][1] as unknown as HookscopeBridge;
    const onEvent = electron.ipcRenderer.on.mock.calls.find((c) => c[0] === IPC_EVENT_CHANNEL)![1] as (e: unknown, ...a: unknown[]) => void;
    const realSend = win.webContents.send.bind(win.webContents);
    win.webContents.send = (channel: unknown, ...args: unknown[]) => {
      realSend(channel, ...args);
      if (channel === IPC_EVENT_CHANNEL) onEvent({}, ...args);
    };
    try {
      await exercise(createIpcApi(bridge));
    } finally {
      unregister();
    }
  });
});
