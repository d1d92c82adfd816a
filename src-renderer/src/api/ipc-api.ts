// HookscopeApi over Electron IPC: a thin pass-through to the preload's named methods.
import { COMMAND_NAMES, type CommandApi, type HookscopeApi } from '@contract/api';
import type { HookscopeBridge } from '@contract/bridge';

export function createIpcApi(bridge: HookscopeBridge): HookscopeApi {
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => {
      const method = bridge[name] as (...args: unknown[]) => Promise<unknown>;
      if (typeof method !== 'function') throw new Error(`the preload bridge lacks the command "${name}"`);
      return [name, (...args: unknown[]) => method(...args)];
    }),
  ) as unknown as CommandApi;
  return {
    ...commands,
    transport: 'ipc',
    on: (name, listener) => bridge.on(name, listener),
    setShownSession: (id) => bridge.setShownSession(id),
  };
}
