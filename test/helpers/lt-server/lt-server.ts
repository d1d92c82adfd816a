// A localtunnel-protocol server on 127.0.0.1 for tests, with fault hooks. It follows the reference
// server (localtunnel/server): see README.md in this folder for the protocol and every hook.
import http from 'node:http';
import type net from 'node:net';
import { randomBytes } from 'node:crypto';
import { ClientPool } from './client-pool';
import { localhostFetch, requestWithHost, type ThroughInit, type ThroughResponse } from './public-fetch';

export { localhostFetch, type ThroughInit, type ThroughResponse } from './public-fetch';

export type HandshakeMode = 'ok' | 403 | 500 | 'bad-json' | { slowMs: number };

export interface LtServerOptions {
  /** max_conn_count advertised in the handshake answer. Default 10 (the real server's). */
  maxConnCount?: number;
  /** Data sockets accepted per client; fewer than maxConnCount emulates a misconfigured server. */
  acceptSockets?: number;
  /** A client with no data socket for this long is forgotten. Default 1000 ms (the real server's). */
  graceMs?: number;
  /** Emulate loca.lt's reminder page: 401 for browser-like user agents without the bypass header. */
  reminderPage?: boolean;
}

// The reference server's rule and message for a requested id.
const ID_RULE = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;
const ID_MESSAGE = 'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.';

export class LtTestServer {
  /** What the next handshakes get; change it at any time. */
  handshakeMode: HandshakeMode = 'ok';
  /** Grant a random id even when the requested one is free. */
  grantDifferentSubdomain = false;
  maxConnCount: number;
  acceptSockets: number;
  reminderPage: boolean;
  /** Path (with query) of every handshake request received, in order, whatever the answer. */
  readonly handshakes: string[] = [];
  readonly graceMs: number;
  #http: http.Server;
  #port = 0;
  #clients = new Map<string, ClientPool>();
  #silenced: net.Socket[] = [];
  #slow = new Set<NodeJS.Timeout>();
  #listening = false;

  private constructor(opts: LtServerOptions) {
    this.maxConnCount = opts.maxConnCount ?? 10;
    this.acceptSockets = opts.acceptSockets ?? this.maxConnCount;
    this.graceMs = opts.graceMs ?? 1000;
    this.reminderPage = opts.reminderPage ?? false;
    this.#http = this.#newHttpServer();
  }

  static async start(opts: LtServerOptions = {}): Promise<LtTestServer> {
    const server = new LtTestServer(opts);
    await server.#listen(0);
    return server;
  }

  get httpPort(): number {
    return this.#port;
  }

  /** The value to give the tunnel client as its host. */
  get host(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Public URL of a tunnel id, as the handshake answer gives it. */
  urlFor(id: string): string {
    return `http://${id}.localhost:${this.#port}`;
  }

  clientIds(): string[] {
    return [...this.#clients.keys()];
  }

  /** Live data sockets of a client (0 when unknown). */
  socketCount(id: string): number {
    return this.#clients.get(id)?.socketCount ?? 0;
  }

  /** Data connections a client has made so far, and how many were closed at once as over the limit. */
  connectionStats(id: string): { connections: number; rejected: number } {
    const c = this.#clients.get(id);
    return { connections: c?.connections ?? 0, rejected: c?.rejected ?? 0 };
  }

  /** Closes every data socket of every client; the clients stay registered and may reconnect. */
  dropAllSockets(): void {
    for (const c of this.#clients.values()) c.dropAll();
  }

  /**
   * Silently kills every tunnel: clients are forgotten (public requests get 404, their TCP ports
   * close) but their sockets stay open, so the client sees nothing until it sends a request through.
   */
  silenceAllSockets(): void {
    for (const c of [...this.#clients.values()]) this.#silenced.push(...c.silence());
  }

  /** Stops listening and forgets every client (their sockets close, their ports stop listening). */
  async stop(): Promise<void> {
    for (const t of this.#slow) clearTimeout(t);
    this.#slow.clear();
    for (const c of [...this.#clients.values()]) c.close();
    this.#clients.clear();
    for (const s of this.#silenced) s.destroy();
    this.#silenced = [];
    if (!this.#listening) return;
    this.#listening = false;
    const server = this.#http;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Listens again on the same HTTP port, with no clients. */
  async restart(): Promise<void> {
    await this.stop();
    this.#http = this.#newHttpServer();
    await this.#listen(this.#port);
  }

  close(): Promise<void> {
    return this.stop();
  }

  /** Makes a public request to tunnel `id`, as a sender on the internet would. */
  sendThrough(id: string, path: string, init?: ThroughInit): Promise<ThroughResponse> {
    return requestWithHost(this.#port, `${id}.localhost:${this.#port}`, path, init);
  }

  /** A fetch that reaches this server's public URLs (see localhostFetch). */
  readonly fetch: typeof fetch = localhostFetch;

  #newHttpServer(): http.Server {
    const server = http.createServer((req, res) => this.#onRequest(req, res));
    server.headersTimeout = 0;
    server.requestTimeout = 0;
    return server;
  }

  async #listen(port: number): Promise<void> {
    const server = this.#http;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as net.AddressInfo).port;
    this.#listening = true;
  }

  #onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const id = tunnelIdOf(req.headers.host);
    if (id === undefined) {
      this.#onHandshake(req, res);
      return;
    }
    const client = this.#clients.get(id);
    if (!client) {
      sendJson(res, 404, { message: `no active client for '${id}'` });
      return;
    }
    const ua = req.headers['user-agent'] ?? '';
    if (this.reminderPage && /Mozilla\//.test(ua) && req.headers['bypass-tunnel-reminder'] === undefined) {
      res.writeHead(401, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Friendly Reminder</h1><p>Enter the tunnel password to continue.</p></body></html>');
      return;
    }
    proxy(client, req, res);
  }

  #onHandshake(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const isNew = url.pathname === '/' && url.searchParams.has('new');
    const named = /^\/([^/]+)$/.exec(url.pathname);
    if (!isNew && !named) {
      sendJson(res, 404, { message: 'not a handshake' });
      return;
    }
    this.handshakes.push(req.url ?? '/');
    const mode = this.handshakeMode;
    if (mode === 403) return sendJson(res, 403, { message: 'handshake refused by the test server' });
    if (mode === 500) return sendJson(res, 500, { message: 'test server is broken' });
    if (mode === 'bad-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "oops", "url": ');
      return;
    }
    const requested = named ? decodeURIComponent(named[1]) : undefined;
    const grant = (): void => {
      if (res.destroyed) return; // The client gave up: like a lost answer, nothing is registered.
      void this.#grant(requested).then(
        (body) => sendJson(res, body.status, body.json),
        (err: unknown) => sendJson(res, 500, { message: String(err) }),
      );
    };
    if (typeof mode === 'object') {
      const t = setTimeout(() => {
        this.#slow.delete(t);
        grant();
      }, mode.slowMs);
      this.#slow.add(t);
    } else grant();
  }

  async #grant(requested: string | undefined): Promise<{ status: number; json: object }> {
    if (requested !== undefined && !ID_RULE.test(requested)) return { status: 403, json: { message: ID_MESSAGE } };
    let id = requested;
    if (id === undefined || this.#clients.has(id) || this.grantDifferentSubdomain) {
      do id = randomBytes(6).toString('hex');
      while (this.#clients.has(id) || id === requested);
    }
    const pool = await ClientPool.create(id, {
      acceptSockets: () => this.acceptSockets,
      graceMs: this.graceMs,
      onGone: (p) => {
        if (this.#clients.get(p.id) === p) this.#clients.delete(p.id);
      },
    });
    this.#clients.set(id, pool);
    return { status: 200, json: { id, url: this.urlFor(id), port: pool.port, max_conn_count: this.maxConnCount } };
  }
}

function tunnelIdOf(host: string | undefined): string | undefined {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const m = /^([^.]+)\.localhost$/.exec(name);
  return m ? m[1] : undefined;
}

function sendJson(res: http.ServerResponse, status: number, json: object): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}

// Forwards a public request over one of the client's sockets, as the reference server does.
function proxy(client: ClientPool, req: http.IncomingMessage, res: http.ServerResponse): void {
  const headers = { ...req.headers };
  delete headers.connection; // Hop-by-hop: the pooled socket stays keep-alive whatever the sender asked.
  const out = http.request({ agent: client.agent, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  out.on('error', (err) => {
    if (!res.headersSent) sendJson(res, 502, { message: `tunnel request failed: ${err.message}` });
    else res.destroy();
  });
  res.on('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  req.pipe(out);
}
