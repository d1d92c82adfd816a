// One incarnation of a tunnel: the library's socket cluster for one grant, with Hookscope's own
// bookkeeping. The library's Tunnel wrapper is not used because it re-opens a dead slot at once
// (a tight loop against a server that advertises more sockets than it accepts) and does not see
// slots lost without a 'dead' event. Here every connected socket is tracked by its own 'close'.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import TunnelCluster from '@n8n/localtunnel/lib/TunnelCluster.js';
import type { TunnelGrant } from './handshake';

export interface TunnelLinkOptions {
  grant: TunnelGrant;
  /** Host name of the tunnel server, used when the grant names no ip. */
  remoteHost: string;
  localHost: string;
  localPort: number;
  /** Re-open budget: a full pool may be re-opened at once, then one socket per refillMs. */
  refillMs?: number;
}

export interface TunnelLinkEvents {
  /** Live socket count changed. */
  count: [number];
  /** The tunnel server refused a data connection: the grant is no longer usable. */
  fatal: [Error];
}

export class TunnelLink extends EventEmitter<TunnelLinkEvents> {
  readonly grant: TunnelGrant;
  readonly remoteAddress: string;
  #cluster: TunnelCluster;
  #sockets = new Set<Socket>();
  #closed = false;
  #fatal = false;
  #tokens: number;
  #refillMs: number;
  #lastRefill = Date.now();
  #owed = 0;
  #reopenTimer: NodeJS.Timeout | undefined;

  constructor(opts: TunnelLinkOptions) {
    super();
    this.grant = opts.grant;
    this.remoteAddress = opts.grant.ip ?? opts.remoteHost;
    this.#tokens = opts.grant.maxConn;
    this.#refillMs = opts.refillMs ?? 1000;
    this.#cluster = new TunnelCluster({
      name: opts.grant.id,
      url: opts.grant.url,
      max_conn: opts.grant.maxConn,
      remote_host: opts.remoteHost,
      remote_ip: opts.grant.ip,
      remote_port: opts.grant.port,
      local_port: opts.localPort,
      local_host: opts.localHost,
    });
    // An 'error' without a listener kills the process, and sockets still connecting may report
    // one after close(), so this listener stays for the cluster's whole life.
    this.#cluster.on('error', (err: Error) => {
      if (this.#closed || this.#fatal) return;
      this.#fatal = true;
      this.emit('fatal', err);
    });
    this.#cluster.on('open', (socket: Socket) => this.#onOpen(socket));
  }

  get liveSockets(): number {
    return this.#sockets.size;
  }

  start(): void {
    for (let i = 0; i < this.grant.maxConn; i++) this.#cluster.open();
  }

  /** Destroys every socket; resolves once they have all closed. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reopenTimer);
    this.#reopenTimer = undefined;
    const closing = [...this.#sockets].map(
      (s) => new Promise<void>((resolve) => {
        if (s.closed) resolve();
        else s.once('close', () => resolve());
        s.destroy();
      }),
    );
    return Promise.all(closing).then(() => undefined);
  }

  #onOpen(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      if (this.#closed) return;
      this.emit('count', this.#sockets.size);
      this.#owed += 1;
      this.#reopen();
    });
    this.emit('count', this.#sockets.size);
  }

  #reopen(): void {
    if (this.#closed || this.#fatal) return;
    const now = Date.now();
    const refilled = Math.floor((now - this.#lastRefill) / this.#refillMs);
    if (refilled > 0) {
      this.#tokens = Math.min(this.grant.maxConn, this.#tokens + refilled);
      this.#lastRefill += refilled * this.#refillMs;
    }
    while (this.#owed > 0 && this.#tokens > 0) {
      this.#owed -= 1;
      this.#tokens -= 1;
      this.#cluster.open();
    }
    if (this.#owed > 0 && !this.#reopenTimer) {
      const wait = Math.max(1, this.#lastRefill + this.#refillMs - now);
      this.#reopenTimer = setTimeout(() => {
        this.#reopenTimer = undefined;
        this.#reopen();
      }, wait);
    }
  }
}
