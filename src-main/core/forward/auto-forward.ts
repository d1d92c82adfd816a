// Auto-forward: every captured push is sent on to a local URL (like `stripe listen --forward-to`),
// with the bytes, method, path and headers as received, and each forward's answer is recorded.
// Forwards run a few at a time so a burst of webhooks cannot open hundreds of sockets; beyond the
// queue limit a push is still recorded, as a forward that was not sent, never silently skipped.
import type { ForwardRecord, PushEvent } from '../../contract/model';
import { nowMs } from '../clock';
import { replayPush } from '../replay';

export interface AutoForwarderOptions {
  onRecord: (record: ForwardRecord) => void;
  /** The receiver's own port: forwarding there would send every push around in a loop. */
  receiverPort?: () => number | undefined;
  timeoutMs?: number;
  concurrency?: number;
  maxQueued?: number;
  /** Pushes whose records are kept (oldest forgotten first). */
  maxPushes?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);

export function forwardUrl(base: string, event: Pick<PushEvent, 'path' | 'query'>): string {
  const url = new URL(base);
  // Proxy semantics (like ngrok): the push's path is appended, so one target serves every path the
  // sender uses. A push to "/" goes to the base URL as given.
  if (event.path !== '/' && event.path !== '') {
    const basePath = url.pathname.replace(/\/+$/, '');
    url.pathname = `${basePath}${event.path.startsWith('/') ? event.path : `/${event.path}`}`;
  }
  url.search = event.query ? `?${event.query.replace(/^\?/, '')}` : url.search;
  return url.toString();
}

export class AutoForwarder {
  private readonly byPush = new Map<string, ForwardRecord[]>();
  private readonly queue: { event: PushEvent; url: string }[] = [];
  private inFlight = 0;
  private closed = false;

  constructor(private readonly opts: AutoForwarderOptions) {}

  /** Queues the push; the record arrives through onRecord when the forward finishes. */
  forward(event: PushEvent, base: string): void {
    if (this.closed) return;
    let url: string;
    try {
      url = forwardUrl(base, event);
    } catch {
      this.record({ pushId: event.id, url: base, t: nowMs(), status: null, durationMs: 0, error: `not a URL: ${base}` });
      return;
    }
    const loop = this.loopReason(url);
    if (loop) {
      this.record({ pushId: event.id, url, t: nowMs(), status: null, durationMs: 0, error: loop });
      return;
    }
    if (this.queue.length >= (this.opts.maxQueued ?? 1000)) {
      this.record({ pushId: event.id, url, t: nowMs(), status: null, durationMs: 0, error: 'not sent: too many forwards waiting (the target is slower than the pushes arrive)' });
      return;
    }
    this.queue.push({ event, url });
    this.pump();
  }

  records(pushId: string): ForwardRecord[] {
    return [...(this.byPush.get(pushId) ?? [])];
  }

  clear(): void {
    this.byPush.clear();
  }

  /** Stops sending; forwards already under way finish but are not recorded. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private loopReason(url: string): string | undefined {
    const target = new URL(url);
    const own = this.opts.receiverPort?.();
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    if (own !== undefined && port === own && LOOPBACK.has(target.hostname)) {
      return "not sent: that URL is Hookscope's own receiver, so every push would be forwarded back to itself";
    }
    return undefined;
  }

  private pump(): void {
    while (!this.closed && this.inFlight < (this.opts.concurrency ?? 8) && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next) break;
      this.inFlight++;
      const t = nowMs();
      void replayPush(next.event, { url: next.url }, { timeoutMs: this.opts.timeoutMs ?? 10_000 })
        .then(
          (result) => ({ pushId: next.event.id, url: next.url, t, status: result.status, durationMs: result.durationMs, ...(result.error !== undefined && { error: result.error }) }),
          (error: unknown) => ({ pushId: next.event.id, url: next.url, t, status: null, durationMs: nowMs() - t, error: error instanceof Error ? error.message : String(error) }),
        )
        .then((record: ForwardRecord) => {
          this.inFlight--;
          this.record(record);
          this.pump();
        });
    }
  }

  private record(record: ForwardRecord): void {
    if (this.closed) return;
    const list = this.byPush.get(record.pushId);
    if (list) list.push(record);
    else {
      this.byPush.set(record.pushId, [record]);
      const max = this.opts.maxPushes ?? 10_000;
      if (this.byPush.size > max) {
        const oldest = this.byPush.keys().next().value;
        if (oldest !== undefined) this.byPush.delete(oldest);
      }
    }
    this.opts.onRecord(record);
  }
}
