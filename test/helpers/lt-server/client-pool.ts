// One tunnel client as the reference localtunnel server sees it: a TCP listener taking the
// client's data sockets, a pool of idle ones, and an http.Agent that hands them to public requests
// (waiting, without a time limit, when none is idle — like the real server).
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface ClientPoolOptions {
  /** Sockets accepted at once; more are closed right after connecting. */
  acceptSockets: () => number;
  /** The client is forgotten when it has had no socket for this long (also right after creation). */
  graceMs: number;
  onGone: (pool: ClientPool) => void;
}

type Waiter = (err: Error | null, socket: Duplex) => void;

class PoolAgent extends http.Agent {
  constructor(private readonly pool: ClientPool) {
    super({ keepAlive: true });
  }

  override createConnection(_options: http.ClientRequestArgs, callback?: Waiter): undefined {
    if (callback) this.pool.take(callback);
    return undefined;
  }
}

export class ClientPool {
  readonly id: string;
  readonly agent: PoolAgent;
  /** Data connections accepted (including those closed at once for being over the limit). */
  connections = 0;
  /** Data connections closed at once because the client was over acceptSockets. */
  rejected = 0;
  #server: net.Server;
  #sockets = new Set<net.Socket>();
  #idle: net.Socket[] = [];
  #waiters: Waiter[] = [];
  #grace: NodeJS.Timeout | undefined;
  #gone = false;
  #opts: ClientPoolOptions;

  private constructor(id: string, opts: ClientPoolOptions) {
    this.id = id;
    this.#opts = opts;
    this.agent = new PoolAgent(this);
    // Half-open is allowed so a "silenced" socket stays open even when the client ends its side;
    // live sockets are closed by hand when their peer ends.
    this.#server = net.createServer({ allowHalfOpen: true }, (s) => this.#onSocket(s));
  }

  static async create(id: string, opts: ClientPoolOptions): Promise<ClientPool> {
    const pool = new ClientPool(id, opts);
    await new Promise<void>((resolve, reject) => {
      pool.#server.once('error', reject);
      pool.#server.listen(0, '127.0.0.1', () => resolve());
    });
    pool.#armGrace();
    return pool;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  get socketCount(): number {
    return this.#sockets.size;
  }

  get idleCount(): number {
    return this.#idle.length;
  }

  take(cb: Waiter): void {
    if (this.#gone) {
      cb(new Error(`tunnel client ${this.id} is gone`), new net.Socket());
      return;
    }
    const socket = this.#idle.shift();
    if (socket) cb(null, socket);
    else this.#waiters.push(cb);
  }

  /** Closes every data socket: the client sees them close and may re-open them. */
  dropAll(): void {
    for (const s of this.#sockets) s.destroy();
  }

  /**
   * Forgets the client without telling it: its listener closes, its sockets are kept open but
   * never used again and handed to the caller to destroy later. This is the "tunnel silently
   * dead" case: only a request through the public URL can notice it.
   */
  silence(): net.Socket[] {
    const kept = [...this.#sockets];
    for (const s of kept) {
      s.removeAllListeners('end');
      s.removeAllListeners('close');
      s.pause();
    }
    this.#sockets.clear();
    this.#idle = [];
    // The agent is left alone: destroying it would close the sockets it holds and tell the client.
    this.#finish(false);
    return kept;
  }

  close(): void {
    for (const s of this.#sockets) s.destroy();
    this.#finish(true);
  }

  #onSocket(socket: net.Socket): void {
    this.connections += 1;
    socket.on('error', () => socket.destroy());
    if (this.#gone || this.#sockets.size >= this.#opts.acceptSockets()) {
      this.rejected += 1;
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    clearTimeout(this.#grace);
    socket.on('end', () => socket.destroy());
    socket.once('close', () => {
      this.#sockets.delete(socket);
      this.#idle = this.#idle.filter((s) => s !== socket);
      if (this.#sockets.size === 0) this.#armGrace();
    });
    const waiter = this.#waiters.shift();
    if (waiter) waiter(null, socket);
    else this.#idle.push(socket);
  }

  #armGrace(): void {
    clearTimeout(this.#grace);
    this.#grace = setTimeout(() => {
      if (this.#sockets.size === 0) this.#finish(true);
    }, this.#opts.graceMs);
  }

  #finish(destroyAgent: boolean): void {
    if (this.#gone) return;
    this.#gone = true;
    clearTimeout(this.#grace);
    this.#server.close();
    if (destroyAgent) this.agent.destroy();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w(new Error(`tunnel client ${this.id} went away`), new net.Socket());
    this.#opts.onGone(this);
  }
}
