// HookscopeApi over the headless server's WebSocket: one socket, calls matched to results by id,
// reconnection with backoff. Calls made while disconnected wait (bounded) for the link to return.
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  type ClientMessage,
  type CommandApi,
  type CommandName,
  type EventName,
  type HookscopeApi,
  type ServerMessage,
} from '@contract/api';
import { createConnectionCell, type ConnectionObservable, type ConnectionState } from './connection';
import { createListenerRegistry } from './listeners';

export interface WsApiOptions {
  WebSocketImpl?: typeof WebSocket;
  /** How long a call made while disconnected waits for the connection before it fails. */
  connectWaitMs?: number;
  /** How long a sent call may go unanswered (the core may wait on the network, e.g. the tunnel). */
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface WsApi extends HookscopeApi {
  readonly transport: 'websocket';
  readonly connection: ConnectionObservable;
  /** Same as connection.subscribe: called on every state change; returns an unsubscribe function. */
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /** Stops reconnecting and fails every outstanding call. */
  close(): void;
}

interface Call {
  id: number;
  name: CommandName;
  frame: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/** The page URL printed by `hookscope serve` carries ?token=…; the socket needs it too. */
function withToken(url: string): string {
  const parsed = new URL(url);
  if (parsed.searchParams.has('token')) return url;
  const search = (globalThis as { location?: { search?: string } }).location?.search ?? '';
  const token = new URLSearchParams(search).get('token');
  if (token) parsed.searchParams.set('token', token);
  return parsed.toString();
}

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

export function createWsApi(url: string, opts: WsApiOptions = {}): WsApi {
  const Impl = opts.WebSocketImpl ?? globalThis.WebSocket;
  const connectWaitMs = opts.connectWaitMs ?? 10_000;
  const callTimeoutMs = opts.callTimeoutMs ?? 120_000;
  const minBackoffMs = opts.minBackoffMs ?? 250;
  const maxBackoffMs = opts.maxBackoffMs ?? 5_000;
  const target = withToken(url);

  const connection = createConnectionCell('connecting');
  const listeners = createListenerRegistry();
  const waiting = new Set<Call>();
  const inFlight = new Map<number, Call>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  /** Stamped on each call when it is made: what the window showed when the user acted. */
  let shown: string | null = null;

  const settle = (call: Call): void => {
    if (call.timer !== undefined) clearTimeout(call.timer);
    waiting.delete(call);
    inFlight.delete(call.id);
  };

  const transmit = (ws: WebSocket, call: Call): void => {
    settle(call);
    inFlight.set(call.id, call);
    call.timer = setTimeout(() => {
      settle(call);
      call.reject(new Error(`${call.name}: Hookscope did not answer within ${Math.round(callTimeoutMs / 1000)} s`));
    }, callTimeoutMs);
    try {
      ws.send(call.frame);
    } catch (err) {
      settle(call);
      call.reject(new Error(`${call.name}: could not be sent (${err instanceof Error ? err.message : String(err)})`));
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      console.error('hookscope: unparsable message from the core ignored');
      return;
    }
    if (msg.type === 'result') {
      const call = inFlight.get(msg.id);
      if (!call) return;
      settle(call);
      if (msg.ok) call.resolve(msg.value);
      else call.reject(new Error(msg.error));
    } else if (msg.type === 'event' && isEventName(msg.name)) {
      listeners.emit(msg.name, msg.payload);
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer !== undefined) return;
    const delay = Math.min(maxBackoffMs, minBackoffMs * 2 ** attempt);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delay);
  };

  function connect(): void {
    if (closed) return;
    connection.set('connecting');
    let ws: WebSocket;
    try {
      ws = new Impl(target);
    } catch (err) {
      console.error('hookscope: cannot open the WebSocket', err);
      connection.set('closed');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      connection.set('open');
      for (const call of [...waiting]) transmit(ws, call);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (socket === ws) onMessage(ev.data);
    };
    // 'error' is always followed by 'close', where the recovery happens.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const call of [...inFlight.values()]) {
        settle(call);
        call.reject(new Error(`${call.name}: the connection to Hookscope was lost before it answered`));
      }
      connection.set('closed');
      scheduleReconnect();
    };
  }

  const call = (name: CommandName, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error(`${name}: the connection to Hookscope is closed`));
        return;
      }
      const id = nextId++;
      let frame: string;
      try {
        const message: ClientMessage = { type: 'call', id, name, args };
        if (shown !== null) message.session = shown;
        frame = JSON.stringify(message);
      } catch (err) {
        reject(new Error(`${name}: arguments cannot be sent (${err instanceof Error ? err.message : String(err)})`));
        return;
      }
      const pending: Call = { id, name, frame, resolve, reject };
      if (socket && socket.readyState === OPEN) {
        transmit(socket, pending);
        return;
      }
      waiting.add(pending);
      pending.timer = setTimeout(() => {
        settle(pending);
        reject(new Error(`${name}: no connection to Hookscope after ${Math.round(connectWaitMs / 1000)} s`));
      }, connectWaitMs);
    });

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as CommandApi;

  connect();

  return {
    ...commands,
    transport: 'websocket',
    connection,
    on: (name, listener) => listeners.add(name, listener),
    setShownSession: (id) => {
      shown = id;
    },
    onConnection: (cb) => connection.subscribe(cb),
    close() {
      if (closed) return;
      closed = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const ws = socket;
      socket = null;
      ws?.close();
      for (const pending of [...waiting, ...inFlight.values()]) {
        settle(pending);
        pending.reject(new Error(`${pending.name}: the connection to Hookscope was closed`));
      }
      listeners.clear();
      connection.set('closed');
    },
  };
}
