// Picks the transport once at start-up: IPC inside the Electron window, the WebSocket of the page's
// own server in a browser. The UI only ever sees HookscopeApi and the connection state.
import type { HookscopeApi } from '@contract/api';
import { BRIDGE_GLOBAL, type HookscopeBridge } from '@contract/bridge';
import { createConnectionCell, type ConnectionObservable, type ConnectionState } from './connection';
import { createIpcApi } from './ipc-api';
import { createWsApi } from './ws-api';

export type { ConnectionState, ConnectionObservable };
export { createIpcApi } from './ipc-api';
export { createWsApi, type WsApi, type WsApiOptions } from './ws-api';

// Starts 'connecting' and follows whichever transport connectApi picks.
const state = createConnectionCell('connecting');

/** The link to the core, for the "connection lost" banner. IPC is always 'open'. */
export const connection: ConnectionObservable = { get: () => state.get(), subscribe: (cb) => state.subscribe(cb) };

export function onConnection(cb: (state: ConnectionState) => void): () => void {
  return state.subscribe(cb);
}

export function wsUrlFor(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = new URL(`${scheme}//${location.host}/ws`);
  const token = new URLSearchParams(location.search).get('token');
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

export function connectApi(): Promise<HookscopeApi> {
  const bridge = (window as unknown as Record<string, HookscopeBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) {
    state.set('open');
    return Promise.resolve(createIpcApi(bridge));
  }
  const api = createWsApi(wsUrlFor(window.location));
  state.set(api.connection.get());
  api.onConnection((next) => state.set(next));
  return Promise.resolve(api);
}
