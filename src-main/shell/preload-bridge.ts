// Builds what the preload exposes: one named method per command and a subscription, closing over
// ipcRenderer so the page never gets it. Kept apart from preload.ts so it can be tested directly.
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  IPC_COMMAND_CHANNEL,
  IPC_EVENT_CHANNEL,
  type CommandApi,
  type EventName,
} from '../contract/api';
import type { HookscopeBridge, IpcCallMeta, IpcReply } from '../contract/bridge';

/** The part of ipcRenderer the bridge needs. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Listener = (payload: unknown) => void;

function isReply(value: unknown): value is IpcReply {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createPreloadBridge(ipc: IpcRendererLike): HookscopeBridge {
  const listeners = new Map<EventName, Set<Listener>>();
  let shown: string | null = null;

  ipc.on(IPC_EVENT_CHANNEL, (_event, name, payload) => {
    const set = listeners.get(name as EventName);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`hookscope: listener for "${String(name)}" failed`, err);
      }
    }
  });

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      async (...args: unknown[]): Promise<unknown> => {
        const meta: IpcCallMeta = shown === null ? {} : { session: shown };
        const reply = await ipc.invoke(IPC_COMMAND_CHANNEL(name), meta, ...args);
        if (!isReply(reply)) throw new Error(`${name}: unexpected reply from the main process`);
        if (!reply.ok) throw new Error(reply.error);
        return reply.value;
      },
    ]),
  ) as unknown as CommandApi;

  return {
    ...commands,
    setShownSession(id) {
      if (id !== null && typeof id !== 'string') throw new Error('setShownSession(id): id must be a string or null');
      shown = id;
    },
    on(name, listener) {
      if (!(EVENT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown event: ${String(name)}`);
      if (typeof listener !== 'function') throw new Error('on(name, listener): listener must be a function');
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      const entry = listener as Listener;
      set.add(entry);
      return () => {
        listeners.get(name)?.delete(entry);
      };
    },
  };
}
