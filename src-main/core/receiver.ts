// The webhook receiver: captures any request on any path, byte for byte, on two loopback ports — one
// for senders that reach this machine directly, one that only the tunnel client targets, so every
// capture knows how it arrived.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HeaderPair, PushEvent, Via } from '../contract/model';
import { encodeBody } from './body-codec';
import { DEFAULT_HEADER_DEADLINE_MS, HeaderDeadline } from './header-deadline';
import { isoOf, nowMs } from './clock';
import { newId } from './ids';
import { JsonBody } from './json-body';
import { summarizePush } from './push-summary';
import type { AccessVerdict } from './tunnel/tunnel-access';

export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';
/** nginx's "client closed request": the receiver never got to answer an aborted request. */
export const STATUS_CLIENT_ABORTED = 499;

/**
 * localtunnel pre-opens idle sockets to the local server and keeps them for the next public request.
 * Node >= 18 defaults (headersTimeout 60 s, requestTimeout 300 s) answer such an idle socket with a
 * 408 that then reaches the *next* public sender as a stale response (localtunnel #547/#563/#673), so
 * both are off. keepAliveTimeout stays finite but long: each local close makes the tunnel client
 * reopen a remote slot, and 65 s outlasts the usual 60 s proxy idle timeouts upstream.
 */
export const RECEIVER_SERVER_TIMEOUTS = { headersTimeout: 0, requestTimeout: 0, keepAliveTimeout: 65_000 } as const;

export interface ReceiverOptions {
  /** 0 = any free port. */
  port: number;
  /** Default DEFAULT_MAX_BODY_BYTES (25 MiB). */
  maxBodyBytes?: number;
  /**
   * Called for every request, accepted or rejected. Throwing makes the receiver answer 500. `json` is
   * the body's JSON, parsed on first use and shared (text bodies only), so no one parses it twice.
   */
  onCapture(event: PushEvent, json?: JsonBody): void;
  /** Health-check requests (the tunnel canary) are answered 200 and kept out of the push stream. */
  isCanary?(method: string, path: string, headers: HeaderPair[]): boolean;
  onCanary?(path: string): void;
  /** Access control for requests that came through the tunnel; a refusal is answered and recorded as rejected. */
  guardTunnel?(path: string, headers: HeaderPair[]): AccessVerdict;
  /** A custom answer for an accepted request (response rules); undefined keeps the default 200. */
  respond?(method: string, path: string): PlannedResponse | undefined;
  /** Problems that have no request to attach to (a throwing onCanary, say). Default: console.error. */
  onError?(error: Error): void;
  /**
   * How long a sender that has started a request may take to finish its headers (slowloris guard).
   * Idle sockets are never timed. Default DEFAULT_HEADER_DEADLINE_MS (20 s).
   */
  headerDeadlineMs?: number;
}

export interface PlannedResponse {
  status: number;
  headers: HeaderPair[];
  body: Buffer;
  delayMs: number;
}

interface Listening {
  server: http.Server;
  port: number;
}

export class Receiver {
  private readonly opts: ReceiverOptions;
  private maxBodyBytes: number;
  private main: Listening | undefined;
  private tunnel: Listening | undefined;
  private stopping = false;
  /** Requests still reading their body, by socket: a parse error mid-body is recorded on the request itself. */
  private readonly inFlight = new WeakMap<Duplex, (status: number, reason: string) => boolean>();
  /** Delayed custom answers still waiting: stop() must not leave them holding the process open. */
  private readonly delayed = new Set<NodeJS.Timeout>();

  constructor(opts: ReceiverOptions) {
    this.opts = opts;
    this.maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    if (opts.maxBodyBytes !== undefined) this.setMaxBodyBytes(opts.maxBodyBytes);
    if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
      throw new RangeError(`receiver port must be an integer from 0 to 65535, got ${String(opts.port)}`);
    }
  }

  async start(): Promise<void> {
    if (this.main) throw new Error('receiver already started');
    this.stopping = false;
    const main = await this.listen('direct', this.opts.port);
    try {
      this.tunnel = await this.listen('tunnel', 0);
    } catch (error) {
      await closeServer(main.server);
      throw error;
    }
    this.main = main;
  }

  get url(): string {
    return `http://${LOOPBACK}:${this.port}`;
  }

  get port(): number {
    if (!this.main) throw new Error('receiver not started');
    return this.main.port;
  }

  get tunnelPort(): number {
    if (!this.tunnel) throw new Error('receiver not started');
    return this.tunnel.port;
  }

  /** The timeouts the running servers actually use (they must stay off; see RECEIVER_SERVER_TIMEOUTS). */
  get timeouts(): { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number }[] {
    return [this.main, this.tunnel]
      .filter((l): l is Listening => l !== undefined)
      .map(({ server }) => ({
        headersTimeout: server.headersTimeout,
        requestTimeout: server.requestTimeout,
        keepAliveTimeout: server.keepAliveTimeout,
      }));
  }

  setMaxBodyBytes(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`maximum body size must be a whole number of bytes (0 or more), got ${String(n)}`);
    }
    this.maxBodyBytes = n;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    const servers = [this.main?.server, this.tunnel?.server].filter((s): s is http.Server => s !== undefined);
    this.main = undefined;
    this.tunnel = undefined;
    await Promise.all(servers.map(closeServer));
  }

  private listen(via: Via, port: number): Promise<Listening> {
    // A sender that omits Host is still a sender: Node would answer it 400 without telling us.
    const server = http.createServer({ requireHostHeader: false });
    server.headersTimeout = RECEIVER_SERVER_TIMEOUTS.headersTimeout;
    server.requestTimeout = RECEIVER_SERVER_TIMEOUTS.requestTimeout;
    server.keepAliveTimeout = RECEIVER_SERVER_TIMEOUTS.keepAliveTimeout;
    // Node drops headers past 2000 without a word; maxHeaderSize (16 KB) already bounds them, so
    // lifting the count keeps a capture exact instead of silently cut.
    server.maxHeadersCount = 0;
    const deadline = new HeaderDeadline(this.opts.headerDeadlineMs ?? DEFAULT_HEADER_DEADLINE_MS, (socket, bytes) =>
      this.onHeaderDeadline(via, socket, bytes),
    );
    server.on('connection', (socket: Socket) => deadline.track(socket));
    server.on('close', () => deadline.stop());
    server.on('request', (req, res) => {
      deadline.requestStarted(req.socket);
      res.once('close', () => deadline.requestDone(req.socket));
    });
    server.on('request', (req, res) => this.handle(via, req, res));
    // Answer "Expect: 100-continue" ourselves so an announced oversize body is refused before it is sent.
    server.on('checkContinue', (req, res) => {
      if (announcedLength(req) > this.maxBodyBytes) this.handle(via, req, res);
      else {
        res.writeContinue();
        this.handle(via, req, res);
      }
    });
    server.on('clientError', (err, socket) => this.onClientError(via, err, socket));
    // Without a listener Node drops CONNECT silently; it is no webhook, but it must show up as refused.
    server.on('connect', (req: http.IncomingMessage, socket: Duplex) => this.refuseConnect(via, req, socket));
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        server.close();
        const what = via === 'direct' ? `receiver port ${port}` : 'tunnel receiver port';
        const hint = error.code === 'EADDRINUSE' ? ' is already in use; choose another port or 0 for any free port' : ` could not be opened: ${error.message}`;
        reject(new Error(`${what} on ${LOOPBACK}${hint} (${error.code ?? 'error'})`, { cause: error }));
      };
      server.once('error', onError);
      server.listen(port, LOOPBACK, () => {
        server.off('error', onError);
        server.on('error', (error) => this.reportError(error));
        resolve({ server, port: (server.address() as AddressInfo).port });
      });
    });
  }

  private handle(via: Via, req: http.IncomingMessage, res: http.ServerResponse): void {
    const t = nowMs();
    const method = req.method ?? '';
    const rawUrl = req.url ?? '';
    const q = rawUrl.indexOf('?');
    let path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const headers = headerPairs(req.rawHeaders);

    if (this.isCanary(method, path, headers)) {
      req.resume();
      req.once('end', () => {
        sendJson(res, 200, { ok: true, canary: true });
        try {
          this.opts.onCanary?.(path);
        } catch (error) {
          this.reportError(error);
        }
      });
      return;
    }

    if (via === 'tunnel' && this.opts.guardTunnel) {
      const verdict = this.opts.guardTunnel(path, headers);
      if (!verdict.ok) {
        this.refuseStranger(req, res, { t, method, path, query, headers, verdict });
        return;
      }
      path = verdict.path;
    }

    const limit = this.maxBodyBytes;
    const contentType = headerOf(headers, 'content-type');
    const base = { t, method, path, query, headers, contentType, via, remoteAddress: req.socket.remoteAddress ?? '' };
    const chunks: Buffer[] = [];
    let seen = 0;
    let done = false;

    const reject = (size: number): void => {
      done = true;
      chunks.length = 0;
      const message = `body exceeds the ${formatBytes(limit)} limit`;
      this.capture({ ...base, body: Buffer.alloc(0), size, status: 413, rejected: `${message} (${size} bytes ${seen < size ? 'announced' : 'received'})` });
      // Close after answering and discard whatever is still in flight, so the sender reads the 413
      // instead of a reset, and an endless upload cannot keep the socket.
      sendJson(res, 413, { error: message, limitBytes: limit }, true);
      req.resume();
    };

    const announced = announcedLength(req);
    if (announced > limit) {
      reject(announced);
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      seen += chunk.length;
      if (seen > limit) reject(seen);
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const body = Buffer.concat(chunks);
      const plan = this.planResponse(method, path);
      const id = this.capture({ ...base, body, size: body.length, status: plan?.status ?? 200 });
      if (!id) sendJson(res, 500, { error: 'hookscope could not record this request; please retry' });
      else if (plan) this.sendPlanned(res, plan);
      else sendJson(res, 200, { ok: true, id });
    });
    this.inFlight.set(req.socket, (status, reason) => {
      // A complete message followed by garbage: the garbage is the malformed request, not this one.
      if (done || req.complete) return false;
      done = true;
      this.capture({ ...base, body: Buffer.concat(chunks), size: seen, status, rejected: reason });
      return true;
    });
    // A reset mid-body surfaces as 'error' then 'close'; the close handler records it once.
    req.on('error', () => undefined);
    req.on('close', () => {
      this.inFlight.delete(req.socket);
      if (done || req.complete) return;
      done = true;
      const body = Buffer.concat(chunks);
      this.capture({ ...base, body, size: seen, status: STATUS_CLIENT_ABORTED, rejected: `client aborted after ${seen} bytes` });
    });
  }

  // The stranger's body is drained but not kept: it is not a webhook, and storing whatever anyone
  // on the internet sends would let them fill the disk.
  private refuseStranger(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    r: { t: number; method: string; path: string; query: string; headers: HeaderPair[]; verdict: Extract<AccessVerdict, { ok: false }> },
  ): void {
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('error', () => undefined);
    const finish = (): void => {
      this.capture({
        t: r.t, method: r.method, path: r.path, query: r.query, headers: r.headers,
        contentType: headerOf(r.headers, 'content-type'), via: 'tunnel', remoteAddress: req.socket.remoteAddress ?? '',
        body: Buffer.alloc(0), size, status: r.verdict.status, rejected: r.verdict.reason,
      });
      if (res.headersSent || res.destroyed) return;
      const body = JSON.stringify({ error: r.verdict.status === 401 ? 'authentication required' : 'not found' });
      res.writeHead(r.verdict.status, { ...r.verdict.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    req.once('end', finish);
    req.once('close', () => {
      if (!res.headersSent) finish();
    });
  }

  private planResponse(method: string, path: string): PlannedResponse | undefined {
    try {
      return this.opts.respond?.(method, path);
    } catch (error) {
      // A broken rule must not cost the capture: the sender gets the default answer.
      this.reportError(error);
      return undefined;
    }
  }

  private sendPlanned(res: http.ServerResponse, plan: PlannedResponse): void {
    const send = (): void => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(plan.status, [...plan.headers.flat(), 'Content-Length', String(plan.body.length)]);
      res.end(plan.body);
    };
    if (plan.delayMs <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      send();
    }, plan.delayMs);
    this.delayed.add(timer);
    res.once('close', () => {
      clearTimeout(timer);
      this.delayed.delete(timer);
    });
  }

  private isCanary(method: string, path: string, headers: HeaderPair[]): boolean {
    if (!this.opts.isCanary) return false;
    try {
      return this.opts.isCanary(method, path, headers);
    } catch (error) {
      this.reportError(error);
      return false;
    }
  }

  /** Builds and hands over the event; returns its id, or undefined when the consumer refused it. */
  private capture(input: {
    t: number;
    method: string;
    path: string;
    query: string;
    headers: HeaderPair[];
    contentType: string | undefined;
    via: Via;
    remoteAddress: string;
    body: Buffer;
    size: number;
    status: number;
    rejected?: string;
  }): string | undefined {
    if (this.stopping) return undefined;
    const { body, bodyEncoding } = encodeBody(input.body);
    const json = bodyEncoding === 'utf8' && body !== '' ? new JsonBody(body) : undefined;
    const event: PushEvent = {
      id: newId('push'),
      stream: 'push',
      receivedAt: isoOf(input.t),
      t: input.t,
      summary: input.rejected
        ? `${input.method} ${input.path} · rejected ${input.status}`
        : summarizePush({ method: input.method, path: input.path, headers: input.headers, contentType: input.contentType, body: input.body, json }),
      size: input.size,
      method: input.method,
      path: input.path,
      query: input.query,
      remoteAddress: input.remoteAddress,
      via: input.via,
      status: input.status,
      headers: input.headers,
      body,
      bodyEncoding,
    };
    if (input.contentType !== undefined) event.contentType = input.contentType;
    if (input.rejected !== undefined) event.rejected = input.rejected;
    try {
      this.opts.onCapture(event, json);
      return event.id;
    } catch (error) {
      this.reportError(error);
      return undefined;
    }
  }

  private onClientError(via: Via, err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
    // Resets and timeouts of idle sockets are not requests, and an EOF mid-body was already recorded as
    // an aborted request; only a request the parser refused is news.
    if (!err.code?.startsWith('HPE_') || err.code === 'HPE_INVALID_EOF_STATE' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const reason = `malformed HTTP request (${err.code})`;
    const pending = this.inFlight.get(socket);
    this.inFlight.delete(socket);
    // Broken framing inside a body (bad chunk size, say): one record for the request, not two.
    if (!pending?.(status, reason)) {
      const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : Buffer.alloc(0);
      this.capture({
        t: nowMs(), method: '', path: '', query: '', headers: [], contentType: undefined, via,
        remoteAddress: (socket as Partial<Socket>).remoteAddress ?? '', body: raw, size: raw.length, status, rejected: reason,
      });
    }
    const payload = JSON.stringify({ error: reason });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
    );
  }

  private refuseConnect(via: Via, req: http.IncomingMessage, socket: Duplex): void {
    const reason = 'CONNECT refused: the receiver is not a proxy';
    this.capture({
      t: nowMs(), method: req.method ?? 'CONNECT', path: req.url ?? '', query: '', headers: headerPairs(req.rawHeaders),
      contentType: undefined, via, remoteAddress: req.socket.remoteAddress ?? '', body: Buffer.alloc(0), size: 0, status: 405, rejected: reason,
    });
    const payload = JSON.stringify({ error: reason });
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
    );
  }

  private onHeaderDeadline(via: Via, socket: Socket, bytes: number): void {
    const seconds = Number(((this.opts.headerDeadlineMs ?? DEFAULT_HEADER_DEADLINE_MS) / 1000).toFixed(3));
    const reason = `request headers not completed within ${seconds} s (${bytes} bytes received): slow or stalled sender`;
    this.capture({
      t: nowMs(), method: '', path: '', query: '', headers: [], contentType: undefined, via,
      remoteAddress: socket.remoteAddress ?? '', body: Buffer.alloc(0), size: bytes, status: 408, rejected: reason,
    });
    const payload = JSON.stringify({ error: reason });
    if (socket.writable) {
      socket.end(
        `HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
      );
    }
    // A peer that does not read its answer must not keep the socket either.
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private reportError(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.opts.onError) this.opts.onError(err);
    else console.error('[hookscope receiver]', err);
  }
}

function headerPairs(raw: string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

function headerOf(headers: HeaderPair[], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function announcedLength(req: http.IncomingMessage): number {
  const value = Number(req.headers['content-length']);
  return Number.isFinite(value) ? value : -1;
}

function sendJson(res: http.ServerResponse, status: number, payload: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(payload);
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

export function formatBytes(n: number): string {
  const units: [number, string][] = [[1024 * 1024 * 1024, 'GB'], [1024 * 1024, 'MB'], [1024, 'KB']];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive and tunnel sockets would otherwise hold close() open indefinitely.
    server.closeAllConnections();
  });
}
