// Keeps a localtunnel public URL alive for the receiver's tunnel port and tells the user, in words,
// what state it is in. Plain Node: the Electron shell, the headless server and tests all use it.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { TunnelState, TunnelStatus } from '../../contract/model';
import { nowMs } from '../clock';
import { backoffDelay, cappedDelay, formatSeconds, type BackoffConfig } from './backoff';
import { requestTunnel, networkDetail, type TunnelGrant } from './handshake';
import { validateSubdomain } from './subdomain';
import { TimedOut, within } from './within';
import { TunnelLink } from './tunnel-link';

export { validateSubdomain } from './subdomain';

// A restarted tunnel server should see Hookscope back within about 10 s, yet a dead one is asked
// at most every 10 s: polite to a public service, quick for a self-hosted one.
const DEFAULT_BACKOFF_CAP_MS = 10_000;

export interface TunnelManagerOptions {
  /** The receiver's tunnel port on 127.0.0.1. */
  localPort: number;
  /** e.g. 'https://localtunnel.me' or a self-hosted 'http://127.0.0.1:PORT'. */
  host: string;
  subdomain?: string;
  /** Handshake, and the wait for the first data connection after it. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Health check through the public URL; 0 turns it off. Default 30 s. */
  canaryEveryMs?: number;
  /** How long a canary may take to reach the receiver. Default 10 s. */
  canaryTimeoutMs?: number;
  /** Default 1 s .. 60 s, full jitter. */
  backoff?: { baseMs?: number; capMs?: number };
  /** Consecutive failures before the state says 'failed'. Default 5. */
  failAfter?: number;
  fetch?: typeof fetch;
}

export interface CanaryReport {
  t: number;
  ok: boolean;
  rttMs?: number;
  error?: string;
}

export interface TunnelManagerEvents {
  status: [TunnelStatus];
  canary: [CanaryReport];
}

export const CANARY_PREFIX = '/__hookscope_canary/';

type FailureKind = 'down' | 'degraded';

// localtunnel servers free a name about 1 s after its last socket closed; asking again sooner
// hands the name to nobody and gives us a random one, so the public URL would change.
const NAME_RELEASE_MS = 1500;

export class TunnelManager extends EventEmitter<TunnelManagerEvents> {
  /** The receiver recognises canary requests by `/__hookscope_canary/<token>/<n>`. */
  readonly canaryToken: string = randomBytes(16).toString('hex');

  readonly #opts: TunnelManagerOptions;
  readonly #fetch: typeof fetch;
  readonly #handshakeTimeoutMs: number;
  readonly #canaryEveryMs: number;
  readonly #canaryTimeoutMs: number;
  readonly #backoff: BackoffConfig;
  readonly #failAfter: number;
  #status: TunnelStatus;
  #running = false;
  // Bumped whenever an incarnation is abandoned; async work compares it and stops when stale.
  #epoch = 0;
  #failures = 0;
  #timers = new Set<NodeJS.Timeout>();
  #pending = new Set<Promise<unknown>>();
  #abort: AbortController | undefined;
  #link: TunnelLink | undefined;
  #grantNote: string | undefined;
  #holdsName = false;
  #canarySeq = 0;
  #arrivedUpTo = 0;
  #arrivalWaiter: { n: number; resolve: () => void } | undefined;
  #zeroTimer: NodeJS.Timeout | undefined;
  // The last URL this manager was online with: a later grant with another URL means the old one,
  // which senders may have been given, is dead.
  #lastUrl: string | undefined;
  #urlChangedFrom: string | undefined;

  constructor(opts: TunnelManagerOptions) {
    super();
    this.#opts = { ...opts, host: opts.host.replace(/\/+$/, '') };
    this.#fetch = opts.fetch ?? globalThis.fetch;
    this.#handshakeTimeoutMs = opts.handshakeTimeoutMs ?? 10_000;
    this.#canaryEveryMs = opts.canaryEveryMs ?? 30_000;
    this.#canaryTimeoutMs = opts.canaryTimeoutMs ?? 10_000;
    this.#backoff = { baseMs: opts.backoff?.baseMs ?? 1000, capMs: opts.backoff?.capMs ?? DEFAULT_BACKOFF_CAP_MS };
    this.#failAfter = Math.max(1, opts.failAfter ?? 5);
    this.#status = { state: 'off', since: nowMs(), host: this.#opts.host, subdomain: opts.subdomain };
  }

  get status(): TunnelStatus {
    return { ...this.#status };
  }

  start(): void {
    if (this.#running) return;
    const problem = this.#configProblem();
    if (problem) {
      // Retrying cannot fix a bad setting, so nothing is sent and nothing is scheduled.
      this.#setStatus('failed', { reason: problem });
      return;
    }
    this.#running = true;
    this.#failures = 0;
    this.#setStatus('connecting', {});
    // A status listener may have called stop() already.
    if (this.#running) this.#attempt();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abandon();
    this.#setStatus('off', {});
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  noteCanaryArrived(path: string): void {
    const at = path.indexOf(CANARY_PREFIX);
    if (at < 0) return;
    const [token, seq] = path.slice(at + CANARY_PREFIX.length).split(/[/?#]/);
    const n = Number(seq);
    if (token !== this.canaryToken || !Number.isSafeInteger(n)) return;
    this.#arrivedUpTo = Math.max(this.#arrivedUpTo, n);
    if (this.#arrivalWaiter && this.#arrivalWaiter.n <= n) {
      this.#arrivalWaiter.resolve();
      this.#arrivalWaiter = undefined;
    }
  }

  #configProblem(): string | undefined {
    const { host, subdomain, localPort } = this.#opts;
    if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65535) {
      return `the receiver's tunnel port ${localPort} is not a valid port`;
    }
    let url: URL | undefined;
    try {
      url = new URL(host);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return `tunnel host '${host}' is not an http(s) URL`;
    }
    if (subdomain !== undefined) {
      const bad = validateSubdomain(subdomain);
      if (bad) return `${bad} — nothing was sent to the tunnel server`;
    }
    return undefined;
  }

  #attempt(): void {
    const epoch = ++this.#epoch;
    const abort = new AbortController();
    this.#abort = abort;
    this.#track(
      requestTunnel({
        host: this.#opts.host,
        subdomain: this.#opts.subdomain,
        timeoutMs: this.#handshakeTimeoutMs,
        fetch: this.#fetch,
        signal: abort.signal,
      }).then(
        (grant) => {
          if (epoch === this.#epoch) this.#connect(grant, epoch);
        },
        (err: unknown) => {
          if (epoch === this.#epoch) this.#fail(err instanceof Error ? err.message : String(err), 'down');
        },
      ),
    );
  }

  #connect(grant: TunnelGrant, epoch: number): void {
    const requested = this.#opts.subdomain;
    this.#grantNote =
      requested !== undefined && grant.id !== requested
        ? `requested '${requested}', server granted '${grant.id}' — the public URL changed`
        : undefined;
    const remoteHost = new URL(this.#opts.host).hostname.replace(/^\[(.*)\]$/, '$1');
    const link = new TunnelLink({ grant, remoteHost, localHost: '127.0.0.1', localPort: this.#opts.localPort });
    this.#link = link;
    let online = false;
    link.on('fatal', () => {
      if (epoch !== this.#epoch) return;
      this.#fail(
        online
          ? 'server forgot this tunnel (connection refused)'
          : `tunnel server refused the data connection to ${link.remoteAddress}:${grant.port} (connection refused)`,
        'down',
      );
    });
    link.on('count', (n) => {
      if (epoch !== this.#epoch) return;
      if (!online && n > 0) {
        online = true;
        this.#goOnline(grant, epoch);
      }
      if (online) this.#watchSocketCount(n, epoch);
    });
    this.#after(this.#handshakeTimeoutMs, () => {
      if (epoch !== this.#epoch || online) return;
      this.#fail(
        `tunnel server granted '${grant.id}' but no data connection to ${link.remoteAddress}:${grant.port} opened within ${formatSeconds(this.#handshakeTimeoutMs)}`,
        'down',
      );
    });
    link.start();
  }

  #goOnline(grant: TunnelGrant, epoch: number): void {
    this.#clearTimers();
    this.#holdsName = this.#opts.subdomain !== undefined && grant.id === this.#opts.subdomain;
    if (this.#lastUrl !== undefined && this.#lastUrl !== grant.url) this.#urlChangedFrom = this.#lastUrl;
    else if (this.#lastUrl === undefined && this.#grantNote !== undefined) {
      this.#urlChangedFrom = grant.url.replace(`//${grant.id}.`, `//${this.#opts.subdomain ?? grant.id}.`);
    }
    this.#lastUrl = grant.url;
    this.#setStatus('online', { url: grant.url, reason: this.#grantNote });
    if (epoch !== this.#epoch) return; // stopped by a status listener
    if (this.#canaryEveryMs > 0) this.#canary(grant, epoch);
    else this.#failures = 0;
  }

  // Losing every slot without a refusal is the "silently dead" case of the library: if none comes
  // back within the handshake timeout, the tunnel is re-created.
  #watchSocketCount(n: number, epoch: number): void {
    if (n > 0) {
      this.#cancel(this.#zeroTimer);
      this.#zeroTimer = undefined;
      return;
    }
    if (this.#zeroTimer) return;
    this.#zeroTimer = this.#after(this.#handshakeTimeoutMs, () => {
      this.#zeroTimer = undefined;
      if (epoch !== this.#epoch) return;
      this.#fail(`every tunnel connection closed and none came back within ${formatSeconds(this.#handshakeTimeoutMs)}`, 'degraded');
    });
  }

  #canary(grant: TunnelGrant, epoch: number): void {
    const n = ++this.#canarySeq;
    const abort = this.#abort ?? new AbortController();
    this.#track(
      this.#probe(`${grant.url}${CANARY_PREFIX}${this.canaryToken}/${n}`, n, abort.signal).then((result) => {
        if (epoch !== this.#epoch) return;
        this.emit('canary', { t: nowMs(), ...result });
        if (result.ok) {
          this.#failures = 0;
          this.#after(this.#canaryEveryMs, () => {
            if (epoch === this.#epoch) this.#canary(grant, epoch);
          });
        } else {
          this.#fail(`health check failed: ${result.error ?? 'unknown error'}`, 'degraded');
        }
      }),
    );
  }

  async #probe(url: string, n: number, signal: AbortSignal): Promise<Omit<CanaryReport, 't'>> {
    const started = nowMs();
    const deadline = started + this.#canaryTimeoutMs;
    const limit = formatSeconds(this.#canaryTimeoutMs);
    const ac = new AbortController();
    const onAbort = (): void => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const arrival = new Promise<void>((resolve) => {
      if (this.#arrivedUpTo >= n) resolve();
      else this.#arrivalWaiter = { n, resolve };
    });
    try {
      let status: number;
      try {
        const res = await within(
          this.#fetch(url, { headers: { 'bypass-tunnel-reminder': '1' }, signal: ac.signal, redirect: 'manual' }),
          this.#canaryTimeoutMs,
          signal,
        );
        status = res.status;
        await within(res.arrayBuffer(), Math.max(1, deadline - nowMs()), signal);
      } catch (err) {
        if (err instanceof TimedOut) return { ok: false, error: `no answer through the public URL within ${limit}` };
        return { ok: false, error: `request through the public URL failed: ${networkDetail(err)}` };
      }
      const rttMs = nowMs() - started;
      // The receiver notes a canary before it answers, but the session may relay the note a moment
      // later, so a short grace is allowed before concluding it never arrived.
      const seen = await within(arrival, Math.max(1, Math.min(2000, deadline - nowMs())), signal).then(
        () => true,
        () => false,
      );
      if (seen) return { ok: true, rttMs };
      return { ok: false, error: `HTTP ${status} through the public URL but the request never reached Hookscope${hintFor(status)}` };
    } finally {
      signal.removeEventListener('abort', onAbort);
      ac.abort();
      if (this.#arrivalWaiter?.n === n) this.#arrivalWaiter = undefined;
    }
  }

  #fail(reason: string, kind: FailureKind): void {
    const url = this.#status.url;
    this.#abandon();
    const epoch = this.#epoch;
    this.#failures += 1;
    const failed = this.#failures >= this.#failAfter;
    let delay = failed ? cappedDelay(this.#backoff) : backoffDelay(this.#failures, this.#backoff);
    if (this.#holdsName) delay = Math.max(delay, NAME_RELEASE_MS);
    this.#holdsName = false;
    if (failed) {
      this.#setStatus('failed', {
        reason: `${reason} (${this.#failures} failures in a row; retrying every ${formatSeconds(this.#backoff.capMs)})`,
      });
    } else if (kind === 'degraded') {
      // The URL is kept while degraded: it is the one the user shared and is likely to come back.
      this.#setStatus('degraded', { reason: `${reason} — re-creating the tunnel`, url });
    } else {
      this.#setStatus('reconnecting', {
        reason: `${reason} — retrying in ${formatSeconds(delay)}`,
      });
    }
    // A status listener may have stopped or restarted the manager; then this retry is not ours.
    if (!this.#running || epoch !== this.#epoch) return;
    this.#after(delay, () => this.#attempt());
  }

  // Ends the current incarnation: timers, in-flight requests and sockets.
  #abandon(): void {
    this.#epoch += 1;
    this.#clearTimers();
    this.#zeroTimer = undefined;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#arrivalWaiter = undefined;
    const link = this.#link;
    this.#link = undefined;
    if (link) this.#track(link.close());
  }

  #setStatus(state: TunnelState, extra: { reason?: string; url?: string }): void {
    const prev = this.#status;
    const changedFrom = extra.url !== undefined ? this.#urlChangedFrom : undefined;
    if (prev.state === state && prev.reason === extra.reason && prev.url === extra.url && prev.urlChangedFrom === changedFrom) return;
    this.#status = {
      state,
      since: prev.state === state ? prev.since : nowMs(),
      host: this.#opts.host,
      subdomain: this.#opts.subdomain,
      ...(extra.url !== undefined ? { url: extra.url } : {}),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(changedFrom !== undefined ? { urlChangedFrom: changedFrom } : {}),
    };
    this.emit('status', this.status);
  }

  #after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }

  #cancel(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.#timers.delete(t);
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #track(p: Promise<unknown>): void {
    this.#pending.add(p);
    // Rejections here can only come from a throwing event listener; they are reported, not let
    // loose as an unhandled rejection that would end the process.
    p.then(
      () => this.#pending.delete(p),
      (err: unknown) => {
        this.#pending.delete(p);
        console.error('tunnel manager: a listener threw', err);
      },
    );
  }
}

function hintFor(status: number): string {
  if (status === 401) return ' (the tunnel service showed its reminder page)';
  if (status === 404) return ' (the tunnel server does not know this tunnel any more)';
  if (status === 502 || status === 503 || status === 504) return ' (the tunnel server could not reach this computer)';
  return '';
}
