// What the preload exposes to the renderer as window.hookscopeBridge: one named method per command
// and a subscription that returns its own unsubscribe function. Never ipcRenderer itself.
import type { CommandApi, EventName, Events } from './api';

export const BRIDGE_GLOBAL = 'hookscopeBridge';

export interface HookscopeBridge extends CommandApi {
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
  /** Kept in the preload and sent ahead of every command's arguments as an IpcCallMeta. */
  setShownSession(id: string | null): void;
}

/** The first argument of every IPC command message; the command's own arguments follow it. */
export interface IpcCallMeta {
  session?: string;
}

/**
 * What an IPC command handler returns. Errors travel as data so the renderer sees the core's own
 * message, not Electron's "Error invoking remote method …" wrapping.
 */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: string };
