// One REST endpoint polled on an interval, turned into a stream of poll events (what changed) and
// poll records (what each request cost). Plain Node: the session, the CLI and the tests drive it alike.
import { EventEmitter } from 'node:events';
import type { PollEvent, PollRecord, PollSourceConfig, PollSourceStatus } from '../../contract/model';
import { isoOf, nowMs } from '../clock';
import { newId } from '../ids';
import { sourceTimeOf } from '../json-path';
import { nextDelayMs } from './backoff';
import { httpGet, type HttpGetResult } from './http-get';
import { diffItems, findItems, indexItems, indexWarning, jsonSize, summaryOf, type ItemChange, type KnownItem } from './items';

export interface PollSourceDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** Per request, headers and body together. Default 15 s. */
  timeoutMs?: number;
  /** Bodies above this are refused while streaming. Default 50 MB. */
  maxBodyBytes?: number;
  /** For the backoff jitter; tests pin it. */
  random?: () => number;
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

  constructor(config: PollSourceConfig, deps: PollSourceDeps = {}) {
    super();
    this.#config = config;
    this.#fetch = deps.fetch ?? globalThis.fetch;
    this.#now = deps.now ?? nowMs;
    this.#timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#random = deps.random ?? Math.random;
    this.#status = { id: config.id, state: 'idle', polls: 0, bytes: 0, itemsKnown: 0 };
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
    const identityChanged = before.url !== config.url || before.itemsPath !== config.itemsPath || before.idPath !== config.idPath;
    const headersChanged = JSON.stringify(before.headers) !== JSON.stringify(config.headers);

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
      this.#schedule(this.#lastEndedAt + nextDelayMs(config.intervalMs, this.#consecutiveErrors, this.#random));
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
    const delay = nextDelayMs(this.#config.intervalMs, this.#consecutiveErrors, this.#random);
    this.#schedule(this.#lastEndedAt + delay, state);
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
    const finish = (error?: string): void => {
      if (error !== undefined) record.error = error;
      record.durationMs = Math.max(0, this.#now() - t);
    };

    const request = this.#buildRequest(config);
    if (typeof request === 'string') {
      failed = true;
      finish(request);
    } else {
      const res = await httpGet({ url: config.url, headers: request, fetch: this.#fetch, timeoutMs: this.#timeoutMs, maxBytes: this.#maxBodyBytes, signal });
      const arrivedT = this.#now();
      record.status = res.status;
      record.bytes = res.bytes;
      if (res.aborted !== undefined) {
        aborted = true;
        finish(`aborted: ${typeof res.aborted === 'string' ? res.aborted : 'cancelled'}`);
      } else if (res.error !== undefined) {
        failed = true;
        finish(res.error);
      } else if (res.status === 304) {
        // Nothing to parse or diff: the cheap path conditional requests exist for.
        record.notModified = true;
        finish();
      } else if (res.status === null || res.status < 200 || res.status > 299) {
        failed = true;
        finish(`HTTP ${res.status ?? '?'}${res.statusText ? ` ${res.statusText}` : ''}`);
      } else {
        const outcome = this.#digest(res, config, record.id, arrivedT);
        if (typeof outcome === 'string') {
          failed = true;
          finish(outcome);
        } else {
          events = outcome.events;
          record.itemCount = outcome.itemCount;
          record.newCount = outcome.counts.new;
          record.changedCount = outcome.counts.changed;
          record.removedCount = outcome.counts.removed;
          if (outcome.baseline) record.baseline = true;
          if (epoch === this.#validatorEpoch) this.#rememberValidators(res);
          finish(outcome.warning);
        }
      }
    }

    // An aborted poll says nothing about the API: it neither resets nor extends the backoff.
    if (!aborted) this.#consecutiveErrors = failed ? this.#consecutiveErrors + 1 : 0;
    this.#setStatus(
      {
        lastStatus: record.status,
        lastError: failed ? record.error : aborted ? this.#status.lastError : undefined,
        lastPollAt: t,
        polls: this.#status.polls + 1,
        bytes: this.#status.bytes + record.bytes,
        itemsKnown: this.#known.size,
      },
      false,
    );
    this.emit('record', record);
    if (events.length > 0) this.emit('changes', events);
    return record;
  }

  /** Request headers, or an error text when the user's headers cannot be sent. */
  #buildRequest(config: PollSourceConfig): Headers | string {
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
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    // A user-set validator wins: they may be testing the API's conditional behaviour themselves.
    if (this.#etag && !headers.has('if-none-match')) headers.set('if-none-match', this.#etag);
    else if (!this.#etag && this.#lastModified && !headers.has('if-modified-since')) headers.set('if-modified-since', this.#lastModified);
    return headers;
  }

  #rememberValidators(res: HttpGetResult): void {
    this.#etag = res.headers?.get('etag') ?? undefined;
    this.#lastModified = res.headers?.get('last-modified') ?? undefined;
  }

  /** Parse, find the items, diff against what is known, and commit the new known set. */
  #digest(
    res: HttpGetResult,
    config: PollSourceConfig,
    pollId: string,
    arrivedT: number,
  ): string | { events: PollEvent[]; itemCount: number; counts: Record<'new' | 'changed' | 'removed', number>; baseline: boolean; warning?: string } {
    const text = (res.body ?? Buffer.alloc(0)).toString('utf8').replace(/^\uFEFF/, '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const head = text.replace(/\s+/g, ' ').trim().slice(0, 80);
      return `response is not JSON: ${head === '' ? '(empty body)' : head}`;
    }
    const found = findItems(body, config.itemsPath);
    if (!found.ok) return found.error;

    const indexed = indexItems(found.items, config.idPath);
    const baseline = !this.#baselined;
    const changes: ItemChange[] = baseline
      ? [...indexed.byId].map(([itemId, { item }]) => ({ itemId, change: 'new', item }))
      : diffItems(this.#known, indexed.byId);
    this.#known = indexed.byId;
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
    return { events, itemCount: found.items.length, counts, baseline, warning: indexWarning(indexed, config.idPath) };
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
