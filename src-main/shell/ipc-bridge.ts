// The IPC side of the contract: one handler per command, each checking that the caller is the app's
// own page, and every core event sent to the app's windows.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  COMMAND_NAMES,
  IPC_COMMAND_CHANNEL,
  IPC_EVENT_CHANNEL,
  type CallContext,
  type CommandName,
  type ContractHost,
  type EventName,
  type Events,
} from '../contract/api';
import type { IpcReply } from '../contract/bridge';
import { parseCommandArgs } from '../contract/command-args';

export interface IpcBridgeOptions {
  host: ContractHost;
  isTrustedSender: (frameUrl: string | undefined) => boolean;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : 'unknown error';
}

/** The page's IpcCallMeta, taken only as far as it is well formed. */
function callContext(meta: unknown): CallContext {
  const session = (meta as { session?: unknown } | null)?.session;
  return typeof session === 'string' ? { shownSession: session } : {};
}

/** Registers the handlers and the event forwarding; the returned function undoes both. */
export function registerIpcBridge(opts: IpcBridgeOptions): () => void {
  const { host, isTrustedSender } = opts;

  const invoke = async (event: IpcMainInvokeEvent, name: CommandName, meta: unknown, args: unknown[]): Promise<IpcReply> => {
    const frameUrl = event.senderFrame?.url;
    if (!isTrustedSender(frameUrl)) {
      console.warn(`hookscope: refused ${name} from untrusted frame ${frameUrl ?? '(gone)'}`);
      return { ok: false, error: `${name} refused: the caller is not Hookscope's own page` };
    }
    const parsed = parseCommandArgs(name, args);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    try {
      return { ok: true, value: await host.handle(name, parsed.args, callContext(meta)) };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  };

  for (const name of COMMAND_NAMES) {
    ipcMain.handle(IPC_COMMAND_CHANNEL(name), (event, meta: unknown, ...args: unknown[]) => invoke(event, name, meta, args));
  }

  const unsubscribe = host.subscribe(<K extends EventName>(name: K, payload: Events[K]) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (contents.isDestroyed() || !isTrustedSender(contents.getURL())) continue;
      contents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });

  return () => {
    unsubscribe();
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(IPC_COMMAND_CHANNEL(name));
  };
}
