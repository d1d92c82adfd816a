// One REST endpoint polled on an interval, turned into a stream of poll events (what changed) and
// poll records (what each request cost). Plain Node: the session, the CLI and the tests drive it alike.
import { EventEmitter } from 'node:events';
import type { PollCost, PollEvent, PollRecord, PollSourceConfig, PollSourceStatus } from '../../contract/model';
import { isoOf, nowMs } from '../clock';
import { newId } from '../ids';
import { sourceTimeOf } from '../json-path';
import { nextDelayMs } from './backoff';
import { applyAuth } from './auth';
import { addPoll, addRateLimitWait, mergeKnown, ZERO_COST } from './cost';
import { DEFAULT_MAX_PAGES, fetchPages } from './fetch-pages';
import { diffItems, indexItems, indexWarning, jsonSize, summaryOf, type ItemChange, type KnownItem } from './items';
import { paceFrom, type Pace } from './rate-limit';

export interface PollSourceDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** Per request, headers and body together. Default 15 s. */
  timeoutMs?: number;
  /** Bodies above this are refused while streaming. Default 50 MB. */
  maxBodyBytes?: number;
  /** For the backoff jitter; tests pin it. */
  random?: () => number;
  /** Where auth secrets are read at request time. */
  secrets?: SecretReader;
}

/** The read side of a secret store: by source id, synchronous (stores keep secrets in memory). */
export interface SecretReader {
  get(sourceId: string): string | undefined;
}



export interface PollSourceEvents {
  record: [PollRecord];
  changes: [PollEvent[]];
  status: [PollSourceStatus];
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Abort reasons the poller itself uses; their records say why the request was cut short. */
const STOPPED = 'source stopped';
const SUPERSEDED = 'settings changed';

interface InFlight {
  promise: Promise<PollRecord>;
  controller: AbortController;
}

export class PollSource extends EventEmitter<PollSourceEvents> {
  #config: PollSourceConfig;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #random: () => number;

  #status: PollSourceStatus;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #inflight: InFlight | undefined;
  /** Poll again as soon as the current one ends (it was aborted by a restart or a settings change). */
  #rerun = false;
  /** What the state returns to when a poll ends while not running: 'stopped' once stop() was called. */
  #restState: 'idle' | 'stopped' = 'idle';
  #known = new Map<string, KnownItem>();
  #baselined = false;
  #etag: string | undefined;
  #lastModified: string | undefined;
  /** Bumped whenever validators must be dropped, so a poll sent before cannot store stale ones. */
  #validatorEpoch = 0;
  #consecutiveErrors = 0;
  #lastEndedAt = 0;
  /** What the last poll's responses said about pacing. */
  #pacing: { retryAfterMs?: number; pollIntervalMs?: number; requests?: number } = {};
  #cost: PollCost = { ...ZERO_COST };
  /** The wait decided when the last poll ended, for the scheduler to use. */
  #plannedPace: Pace | undefined;
  readonly #secrets: SecretReader | undefined;

  constructor(config: PollSourceConfig, deps: PollSourceDeps = {}) {
    super();
    this.#config = config;
    this.#fetch = deps.fetch ?? globalThis.fetch;
    this.#now = deps.now ?? nowMs;
    this.#timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#random = deps.random ?? Math.random;
    this.#secrets = deps.secrets;
    this.#status = { id: config.id, state: 'idle', polls: 0, bytes: 0, itemsKnown: 0, cost: { ...ZERO_COST } };
  }

  get config(): PollSourceConfig {
    return this.#config;
  }

  get status(): PollSourceStatus {
    return { ...this.#status };
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#inflight) {
      // A poll aborted by stop() is still unwinding; it no longer counts as this run's first poll.
      if (this.#inflight.controller.signal.aborted) this.#rerun = true;
      return;
    }
    this.#launch();
  }

  stop(): void {
    this.#running = false;
    this.#rerun = false;
    this.#restState = 'stopped';
    this.#clearTimer();
    this.#inflight?.controller.abort(STOPPED);
    this.#setStatus({ state: 'stopped', nextPollAt: undefined });
  }

  /** Polls now (or joins the poll in flight: polls never overlap) and resolves with its record. */
  pollNow(): Promise<PollRecord> {
    if (this.#inflight) return this.#inflight.promise;
    this.#clearTimer();
    const controller = new AbortController();
    const promise = this.#poll(controller.signal).finally(() => {
      this.#inflight = undefined;
      this.#afterPoll();
    });
    this.#inflight = { promise, controller };
    return promise;
  }

  update(config: PollSourceConfig): void {
    if (config.id !== this.#config.id) {
      throw new Error(`poll source ${this.#config.id}: update() got the config of ${config.id}; ids cannot change`);
    }
    const before = this.#config;
    this.#config = config;
    const identityChanged =
      before.url !== config.url ||
      before.itemsPath !== config.itemsPath ||
      before.idPath !== config.idPath ||
      (before.updatedAtPath ?? '') !== (config.updatedAtPath ?? '');
    const headersChanged = JSON.stringify([before.headers, before.auth]) !== JSON.stringify([config.headers, config.auth]);

    if (identityChanged || headersChanged) {
      // Validators belong to one request; with other headers (auth, Accept) they may not apply.
      this.#etag = undefined;
      this.#lastModified = undefined;
      this.#validatorEpoch += 1;
    }
    if (identityChanged) {
      // Other items or other ids: nothing known still means the same thing, so start a new baseline.
      this.#known = new Map();
      this.#baselined = false;
      this.#consecutiveErrors = 0;
      this.#setStatus({ itemsKnown: 0, lastError: undefined });
      if (this.#inflight) {
        this.#inflight.controller.abort(SUPERSEDED);
        if (this.#running) this.#rerun = true;
        return;
      }
      if (this.#running) {
        this.#launch();
        return;
      }
    }
    if (this.#running && !this.#inflight && before.intervalMs !== config.intervalMs) {
      this.#schedule(this.#lastEndedAt + this.#pace(this.#lastEndedAt).delayMs);
    }
  }

  #launch(): void {
    this.pollNow().catch(reportListenerError);
  }

  #afterPoll(): void {
    this.#lastEndedAt = this.#now();
    if (!this.#running) {
      this.#setStatus({ state: this.#restState, nextPollAt: undefined });
      return;
    }
    if (this.#rerun) {
      this.#rerun = false;
      this.#launch();
      return;
    }
    const state = this.#consecutiveErrors > 0 ? 'error' : 'waiting';
    // The wait was planned when the poll ended (its record says so); re-planned only when unknown.
    const pace = this.#plannedPace ?? this.#pace(this.#lastEndedAt);
    this.#plannedPace = undefined;
    this.#setStatus({ waitReason: pace.reason }, false);
    this.#schedule(this.#lastEndedAt + pace.delayMs, state);
  }

  /** The delay after the last poll: the interval (with error backoff), stretched by what the API said. */
  #pace(now: number): Pace {
    const { retryAfterMs, pollIntervalMs, requests } = this.#pacing;
    // When the API names the wait, the interval is the floor and no extra backoff is added.
    const base = retryAfterMs !== undefined ? this.#config.intervalMs : nextDelayMs(this.#config.intervalMs, this.#consecutiveErrors, this.#random);
    return paceFrom({ baseDelayMs: base, retryAfterMs, pollIntervalMs, budget: this.#status.budget, requestsPerPoll: requests ?? 1, now });
  }

  #schedule(at: number, state = this.#status.state): void {
    this.#clearTimer();
    const delay = Math.max(0, at - this.#now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#launch();
    }, delay);
    this.#setStatus({ state, nextPollAt: at });
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #poll(signal: AbortSignal): Promise<PollRecord> {
    const config = this.#config;
    const epoch = this.#validatorEpoch;
    const t = this.#now();
    this.#setStatus({ state: 'polling', nextPollAt: undefined });

    const record: PollRecord = {
      id: newId('pollrec'),
      sourceId: config.id,
      t,
      receivedAt: isoOf(t),
      status: null,
      durationMs: 0,
      bytes: 0,
      itemCount: 0,
      newCount: 0,
      changedCount: 0,
      removedCount: 0,
    };
    let events: PollEvent[] = [];
    let failed = false;
    let aborted = false;
    let diffed = false;
    this.#pacing = {};
    const finish = (error?: string): void => {
      if (error !== undefined) record.error = error;
      record.durationMs = Math.max(0, this.#now() - t);
    };

    const secret = this.#secrets?.get(config.id);
    const request = this.#buildRequest(config, secret);
    if (typeof request === 'string') {
      failed = true;
      finish(request);
    } else {
      const res = await fetchPages({
        url: request.url,
        headers: request.headers,
        fetch: this.#fetch,
        timeoutMs: this.#timeoutMs,
        maxBytes: this.#maxBodyBytes,
        signal,
        itemsPath: config.itemsPath,
        idPath: config.idPath,
        maxPages: config.maxPages ?? DEFAULT_MAX_PAGES,
        isKnown: this.#baselined ? (id) => this.#known.has(id) : undefined,
        now: this.#now,
        secret,
      });
      const arrivedT = this.#now();
      record.status = res.status;
      record.bytes = res.bytes;
      if (res.requests > 1) record.requests = res.requests;
      this.#pacing = { retryAfterMs: res.retryAfterMs, pollIntervalMs: res.pollIntervalMs, requests: Math.max(1, res.requests) };
      if (res.budget) this.#setStatus({ budget: res.budget }, false);
      if (res.aborted !== undefined) {
        aborted = true;
        finish(`aborted: ${typeof res.aborted === 'string' ? res.aborted : 'cancelled'}`);
      } else if (res.error !== undefined) {
        failed = true;
        finish(res.error);
      } else if (res.notModified) {
        // Nothing to parse or diff: the cheap path conditional requests exist for.
        record.notModified = true;
        finish();
      } else {
        diffed = true;
        const outcome = this.#digest(res.items, res.paginated, config, record.id, arrivedT);
        events = outcome.events;
        record.itemCount = res.items.length;
        record.newCount = outcome.counts.new;
        record.changedCount = outcome.counts.changed;
        record.removedCount = outcome.counts.removed;
        if (outcome.baseline) record.baseline = true;
        if (epoch === this.#validatorEpoch) {
          this.#etag = res.etag;
          this.#lastModified = res.lastModified;
        }
        const pageNote = res.pageLimitHit ? `warning: stopped at the page limit (${config.maxPages ?? DEFAULT_MAX_PAGES} pages); older pages were not read` : undefined;
        finish([outcome.warning, pageNote].filter(Boolean).join('; ').replace(/; warning:/g, ';') || undefined);
      }
    }

    // An aborted poll says nothing about the API: it neither resets nor extends the backoff.
    if (!aborted) this.#consecutiveErrors = failed ? this.#consecutiveErrors + 1 : 0;
    let cost = addPoll(this.#cost, record, { sent: typeof request !== 'string', ok: !failed && !aborted, diffed });
    if (!aborted) {
      const pace = this.#pace(this.#now());
      this.#plannedPace = pace;
      if (pace.rateLimited) {
        record.rateLimitWaitMs = pace.delayMs;
        cost = addRateLimitWait(cost, pace.delayMs);
      }
    }
    this.#cost = cost;
    this.#setStatus(
      {
        lastStatus: record.status,
        lastError: failed ? record.error : aborted ? this.#status.lastError : undefined,
        lastPollAt: t,
        polls: this.#status.polls + 1,
        bytes: this.#status.bytes + record.bytes,
        itemsKnown: this.#known.size,
        cost,
      },
      false,
    );
    this.emit('record', record);
    if (events.length > 0) this.emit('changes', events);
    return record;
  }

  /** The URL and headers to send, or an error text when the user's settings cannot be sent. */
  #buildRequest(config: PollSourceConfig, secret: string | undefined): { url: string; headers: Headers } | string {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      return `invalid URL: "${config.url}"`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `invalid URL: only http and https are supported, got "${url.protocol}"`;
    const headers = new Headers();
    try {
      for (const [name, value] of config.headers) headers.append(name, value);
    } catch (err) {
      return `invalid header: ${err instanceof Error ? err.message : String(err)}`;
    }
    const authed = applyAuth(config.url, headers, config.auth, secret);
    if (typeof authed === 'string') return authed;
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    // A user-set validator wins: they may be testing the API's conditional behaviour themselves.
    if (this.#etag && !headers.has('if-none-match')) headers.set('if-none-match', this.#etag);
    else if (!this.#etag && this.#lastModified && !headers.has('if-modified-since')) headers.set('if-modified-since', this.#lastModified);
    // fetch adds `Cache-Control: no-cache` to any request carrying a validator, and servers that
    // honour it (Express, json-server) then answer 200 in full. max-age=0 asks for revalidation,
    // which is what a conditional request means, and keeps the 304s.
    if ((headers.has('if-none-match') || headers.has('if-modified-since')) && !headers.has('cache-control')) headers.set('cache-control', 'max-age=0');
    return { url: authed.url, headers };
  }

  /** Diff against what is known and commit the new known set. */
  #digest(
    items: unknown[],
    paginated: boolean,
    config: PollSourceConfig,
    pollId: string,
    arrivedT: number,
  ): { events: PollEvent[]; counts: Record<'new' | 'changed' | 'removed', number>; baseline: boolean; warning?: string } {
    const indexed = indexItems(items, config.idPath, config.updatedAtPath);
    const baseline = !this.#baselined;
    const changes: ItemChange[] = baseline
      ? [...indexed.byId].map(([itemId, { item }]) => ({ itemId, change: 'new', item }))
      : diffItems(this.#known, indexed.byId, !paginated);
    this.#known = paginated ? mergeKnown(this.#known, indexed.byId) : indexed.byId;
    this.#baselined = true;

    const counts = { new: 0, changed: 0, removed: 0 };
    const receivedAt = isoOf(arrivedT);
    const events = changes.map((c): PollEvent => {
      if (!baseline) counts[c.change] += 1;
      const sourceTime = sourceTimeOf(c.item, '');
      return {
        id: newId('poll'),
        stream: 'poll',
        t: arrivedT,
        receivedAt,
        summary: summaryOf(c.item, c.itemId),
        size: jsonSize(c.item),
        ...(sourceTime !== undefined && { sourceTime }),
        sourceId: config.id,
        pollId,
        itemId: c.itemId,
        change: baseline ? 'baseline' : c.change,
        item: c.item,
      };
    });
    return { events, counts, baseline, warning: indexWarning(indexed, config.idPath) };
  }

  #setStatus(patch: Partial<PollSourceStatus>, emit = true): void {
    this.#status = { ...this.#status, ...patch };
    if (emit) this.emit('status', this.status);
  }
}

/**
 * Only a throwing listener can make a poll reject (the poll itself records every failure). The
 * poller keeps its schedule regardless; the bug is reported rather than crashing the app.
 */
function reportListenerError(err: unknown): void {
  console.error('hookscope: a poll source listener threw', err);
}
