// The WebSocket side of the contract: each client message is a command call answered by one result;
// every host event is broadcast to every client. Nothing a client sends can crash the server.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { ContractHost, EventName, Events, ServerMessage } from '../contract/api';
import { isCommandName, parseCommandArgs } from '../contract/command-args';
import { hostAllowed, originAllowed, tokenSource } from './access';

export const WS_PATH = '/ws';
export const WS_MAX_PAYLOAD = 1024 * 1024;
/** A client that cannot keep up is dropped (it reconnects and resyncs) rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

const clientMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  name: z.string(),
  args: z.array(z.unknown()),
  session: z.string().optional(),
});

export interface WsTransportOptions {
  host: ContractHost;
  token: string;
  /** The server's port, known only once it listens. */
  port: () => number;
}

export interface WsTransport {
  /** Handles an HTTP upgrade already routed to WS_PATH: authenticates it, then accepts or refuses. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientCount(): number;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : 'unknown error';
}

export function createWsTransport(opts: WsTransportOptions): WsTransport {
  const { host, token } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });

  const send = (ws: WebSocket, message: ServerMessage | string): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  };

  const unsubscribe = host.subscribe(<K extends EventName>(name: K, payload: Events[K]) => {
    if (wss.clients.size === 0) return;
    let frame: string;
    try {
      frame = JSON.stringify({ type: 'event', name, payload } satisfies ServerMessage);
    } catch (err) {
      console.error(`hookscope: event ${name} could not be serialised: ${errorMessage(err)}`);
      return;
    }
    for (const ws of wss.clients) send(ws, frame);
  });

  const call = async (ws: WebSocket, id: number, name: string, args: unknown[], shownSession: string | undefined): Promise<void> => {
    if (!isCommandName(name)) {
      send(ws, { type: 'result', id, ok: false, error: `unknown command: ${name}` });
      return;
    }
    const parsed = parseCommandArgs(name, args);
    if (!parsed.ok) {
      send(ws, { type: 'result', id, ok: false, error: parsed.error });
      return;
    }
    let reply: ServerMessage;
    try {
      const value = await host.handle(name, parsed.args, shownSession === undefined ? {} : { shownSession });
      reply = { type: 'result', id, ok: true, value };
    } catch (err) {
      reply = { type: 'result', id, ok: false, error: errorMessage(err) };
    }
    try {
      send(ws, reply);
    } catch (err) {
      send(ws, { type: 'result', id, ok: false, error: `result could not be sent: ${errorMessage(err)}` });
    }
  };

  const onMessage = (ws: WebSocket, data: RawData, isBinary: boolean): void => {
    if (isBinary) {
      ws.close(1003, 'binary frames are not supported');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      ws.close(1007, 'malformed JSON');
      return;
    }
    const msg = clientMessage.safeParse(json);
    if (!msg.success) {
      // Answer on the caller's id when there is one, so its promise settles; otherwise it is not a call at all.
      const id = (json as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
        send(ws, { type: 'result', id, ok: false, error: 'invalid message: expected {type:"call", id, name, args[]}' });
      } else {
        ws.close(1008, 'invalid message');
      }
      return;
    }
    void call(ws, msg.data.id, msg.data.name, msg.data.args, msg.data.session);
  };

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
    // Errors (oversize frame, protocol violations) close the socket; handling them keeps the process alive.
    ws.on('error', () => undefined);
  });

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => undefined);
      const port = opts.port();
      if (!hostAllowed(req, port)) return refuse(socket, 403, 'Forbidden', 'Forbidden: unexpected Host header.');
      if (!originAllowed(req, port)) return refuse(socket, 403, 'Forbidden', 'Forbidden: unexpected Origin.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!tokenSource(req, url, token)) {
        return refuse(socket, 401, 'Unauthorized', 'Unauthorized: the access token is missing or wrong.');
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    clientCount: () => wss.clients.size,
    close() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
