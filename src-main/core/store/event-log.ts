// Captured events of one session: an append-only NDJSON log on disk and a row index in memory.
// One growing lowdb document would be rewritten whole on every event; this log only ever appends,
// and is rewritten (compacted) only when most of it is evicted history.
import { EventEmitter } from 'node:events';
import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { HookEvent, PollEvent, PollRecord, PollRow, PushEvent, PushRow, Stream } from '../../contract/model';
import { readExact, rewriteLog, writeAllv } from './log-file';
import { copyLine, loadLog, repairTail } from './log-loader';
import { encodeRecord, isHookEvent, parseRecord, type RecordKind, type StoredRow, type StoredValue } from './log-record';

export const EVENTS_FILE = 'events.ndjson';
/**
 * Appends are batched into one write per window: a crash (or power cut — each batch is fsynced)
 * loses at most the events of the last 200 ms.
 */
export const DEFAULT_FLUSH_MS = 200;
export const DEFAULT_INLINE_BODY_MAX = 8 * 1024;
export const DEFAULT_RETENTION_PER_STREAM = 50_000;
/** Poll records are bookkeeping, not events: only the most recent are worth keeping. */
export const POLL_RECORD_CAP = 10_000;
/**
 * Small records stay in memory for a fast `get` (the newest first: they are the ones being looked at),
 * but never more than this in total. 16 MB holds the last ~12,000 1 KB webhooks; older ones cost one
 * disk read when opened. (64 MB was a quarter of the process's memory at 100,000 events.)
 */
const INLINE_BUDGET_BYTES = 16 * 1024 * 1024;
const RETRY_MIN_MS = 1000;
const COMPACT_SUFFIX = '.compacting';
/** Errors kept for a listener that has not attached yet; the newest win. */
const MAX_UNHEARD = 50;

export interface EventStoreOptions {
  retentionPerStream: number;
  flushMs?: number;
  inlineBodyMax?: number;
  /**
   * For readers beside a running session (export): changes nothing on disk, skips a torn end instead
   * of cutting it, and reads through one handle kept open, so a compaction by the writer (a rename
   * over the path) cannot move records under it.
   */
  readOnly?: boolean;
}

export interface EventStoreStats {
  /** Batched appends that reached the disk. */
  flushes: number;
  compactions: number;
  /** Complete records currently in the file, live or not. */
  fileRecords: number;
  fileBytes: number;
  /** Bytes of records held in memory besides their rows. */
  inlineBytes: number;
  pending: number;
}

export interface OpenReport {
  /** Damaged lines skipped in the middle of the log. */
  corruptLines: number;
  /** Bytes of a torn last record cut off the end of the log. */
  truncatedBytes: number;
  messages: string[];
}

interface Entry {
  kind: RecordKind;
  id: string;
  row: StoredRow;
  /** Byte offset in the file; -1 while waiting for the next flush. */
  offset: number;
  length: number;
  /** The serialised line: kept while pending, and afterwards when small. */
  line: Buffer | undefined;
  small: boolean;
  evicted: boolean;
  /** Counted in the inline budget (its line is kept after the flush). */
  inlined: boolean;
}

type StoreEvents = { error: [Error]; evicted: [{ stream: Stream; ids: string[] }] };

export class EventStore extends EventEmitter<StoreEvents> {
  readonly file: string;
  readonly openReport: OpenReport = { corruptLines: 0, truncatedBytes: 0, messages: [] };
  writeError: string | undefined;

  private readonly flushMs: number;
  private readonly inlineBodyMax: number;
  private retention: number;
  private readonly all = new Map<string, Entry>();
  private readonly byKind: Record<RecordKind, Map<string, Entry>> = { push: new Map(), poll: new Map(), rec: new Map() };
  /**
   * Inline entries, oldest first, from inlineHead on; entries dropped out of order (evicted, replaced)
   * stay until they reach the head, marked by inlined = false. A Set iterated from its start for the
   * oldest live entry walked every deleted slot first, which made a reopen quadratic.
   */
  private inlineQueue: Entry[] = [];
  private inlineHead = 0;
  private inlineBytes = 0;
  private queue: Entry[] = [];
  private fileSize = 0;
  private fileRecords = 0;
  private needsTruncate = false;
  /** Bumped by clear(): file work started before it must not touch the new state. */
  private generation = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private compactBlockedBelow = 0;
  private readonly unheard: Error[] = [];
  private readonly readOnly: boolean;
  /** Read-only mode only: the handle every read goes through. */
  private reader: FileHandle | undefined;
  private flushes = 0;
  private compactions = 0;

  private constructor(readonly dir: string, opts: EventStoreOptions) {
    super();
    // Listeners can only be attached once open() has resolved, so problems found before that (or
    // while nobody listens) wait for the first 'error' listener instead of being dropped.
    (this as EventEmitter).on('newListener', (name: string | symbol) => {
      if (name === 'error') queueMicrotask(() => this.drainReports());
    });
    this.file = join(dir, EVENTS_FILE);
    this.retention = checkRetention(opts.retentionPerStream);
    this.flushMs = opts.flushMs ?? DEFAULT_FLUSH_MS;
    this.inlineBodyMax = opts.inlineBodyMax ?? DEFAULT_INLINE_BODY_MAX;
    this.readOnly = opts.readOnly ?? false;
  }

  /** Never refuses a damaged log: what can be read is loaded, the rest is reported in openReport and as 'error'. */
  static async open(dir: string, opts: EventStoreOptions): Promise<EventStore> {
    const store = new EventStore(dir, opts);
    if (!store.readOnly) {
      await mkdir(dir, { recursive: true });
      // A compaction cut short by a crash leaves its temp file behind; the log itself is intact.
      await unlink(`${store.file}${COMPACT_SUFFIX}`).catch(() => undefined);
    }
    await store.load();
    store.openReport.messages.forEach((m) => store.report(new Error(m)));
    return store;
  }

  /** Returns the event's row (the one the index holds). */
  appendPush(ev: PushEvent): PushRow {
    const row = this.append('push', ev) as PushRow;
    this.enforceRetention('push');
    return row;
  }

  /** Returns the events' rows, in order. */
  appendPoll(evs: PollEvent[]): PollRow[] {
    const rows = evs.map((ev) => this.append('poll', ev) as PollRow);
    this.enforceRetention('poll');
    return rows;
  }

  appendPollRecord(rec: PollRecord): void {
    this.append('rec', rec);
    this.enforceRetention('rec');
  }

  pushRows(): PushRow[] {
    return rowsOf(this.byKind.push) as PushRow[];
  }

  pollRows(): PollRow[] {
    return rowsOf(this.byKind.poll) as PollRow[];
  }

  pollRecords(limit?: number): PollRecord[] {
    const all = rowsOf(this.byKind.rec) as PollRecord[];
    return limit === undefined ? all : all.slice(Math.max(0, all.length - limit));
  }

  get size(): { push: number; poll: number; records: number } {
    return { push: this.byKind.push.size, poll: this.byKind.poll.size, records: this.byKind.rec.size };
  }

  get stats(): EventStoreStats {
    return {
      flushes: this.flushes, compactions: this.compactions, fileRecords: this.fileRecords, fileBytes: this.fileSize,
      inlineBytes: this.inlineBytes, pending: this.queue.length,
    };
  }

  /** Settings can lower the cap at run time; the excess is evicted at once. */
  setRetention(perStream: number): void {
    this.retention = checkRetention(perStream);
    this.enforceRetention('push');
    this.enforceRetention('poll');
  }

  async get(id: string): Promise<HookEvent | null> {
    const entry = this.all.get(id);
    if (!entry || entry.kind === 'rec') return null;
    if (entry.line) return this.decode(entry, entry.line);
    try {
      return await this.readEntry(entry);
    } catch {
      // A compaction may have moved the record between the lookup and the read: retry once it is done.
      await this.idle();
      const again = this.all.get(id);
      if (!again) return null;
      if (again.line) return this.decode(again, again.line);
      try {
        return await this.readEntry(again);
      } catch (error) {
        throw new Error(`could not read event ${id} from ${this.file}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  /** Every stored push and poll event, oldest first, bodies included (for export). */
  async *events(): AsyncIterable<HookEvent> {
    const entries = [...this.all.values()].filter((e) => e.kind !== 'rec');
    let fh: FileHandle | undefined;
    try {
      for (const entry of entries) {
        if (entry.evicted) continue;
        if (entry.line) {
          yield this.decode(entry, entry.line);
          continue;
        }
        fh ??= this.reader ?? (await open(this.file, 'r'));
        let event: HookEvent | null;
        try {
          event = this.decode(entry, await readExact(fh, entry.offset, entry.length));
        } catch {
          event = await this.get(entry.id); // moved by a compaction since this export began
        }
        if (event) yield event;
      }
    } finally {
      if (fh !== this.reader) await fh?.close();
    }
  }

  /** Forgets every event now; the file is truncated by the next (immediate) write. */
  clear(): Promise<void> {
    this.assertWritable();
    this.generation += 1;
    this.queue = [];
    this.all.clear();
    for (const map of Object.values(this.byKind)) map.clear();
    this.inlineQueue = [];
    this.inlineHead = 0;
    this.inlineBytes = 0;
    this.needsTruncate = true;
    this.compactBlockedBelow = 0;
    return this.flush();
  }

  /** Writes what is pending; rejects (and keeps it pending) when the disk refuses. */
  flush(): Promise<void> {
    this.clearTimer();
    return this.enqueue(() => this.writeBatch());
  }

  /** Rejects when pending events could not be written: the caller learns they are lost, nothing is silent. */
  async close(): Promise<void> {
    if (this.closed) return this.idle();
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.clearTimer();
      await this.reader?.close().catch(() => undefined);
      this.reader = undefined;
    }
  }

  // --- appending -----------------------------------------------------------------------------------

  private append(kind: RecordKind, value: StoredValue): StoredRow {
    this.assertWritable();
    // Serialised now, so a caller changing the object afterwards cannot change what is stored.
    const { line, row, weight } = encodeRecord(kind, value);
    const small = weight <= this.inlineBodyMax;
    const entry: Entry = { kind, id: value.id, row, offset: -1, length: line.length, line, small, evicted: false, inlined: false };
    this.index(entry);
    this.queue.push(entry);
    this.schedule(this.flushMs);
    return row;
  }

  private index(entry: Entry): void {
    const previous = this.all.get(entry.id);
    if (previous) this.forget(previous);
    this.all.set(entry.id, entry);
    this.byKind[entry.kind].set(entry.id, entry);
  }

  private forget(entry: Entry): void {
    entry.evicted = true;
    this.all.delete(entry.id);
    this.byKind[entry.kind].delete(entry.id);
    this.dropInline(entry);
  }

  private enforceRetention(kind: RecordKind, emit = true): void {
    const map = this.byKind[kind];
    const cap = kind === 'rec' ? POLL_RECORD_CAP : this.retention;
    if (map.size <= cap) return;
    const ids: string[] = [];
    for (const entry of map.values()) {
      if (map.size <= cap) break;
      this.forget(entry);
      ids.push(entry.id);
    }
    if (emit && kind !== 'rec') this.emit('evicted', { stream: kind, ids });
  }

  private keepInline(entry: Entry): void {
    if (!entry.line || !entry.small || entry.evicted) {
      entry.line = undefined;
      return;
    }
    if (entry.inlined) return;
    entry.inlined = true;
    this.inlineQueue.push(entry);
    this.inlineBytes += entry.length;
    while (this.inlineBytes > INLINE_BUDGET_BYTES && this.inlineHead < this.inlineQueue.length) {
      this.dropInline(this.inlineQueue[this.inlineHead]);
      this.inlineHead += 1;
    }
    // Let go of the dropped head now and then, without copying the queue on every drop.
    if (this.inlineHead > 4096 && this.inlineHead * 2 > this.inlineQueue.length) {
      this.inlineQueue = this.inlineQueue.slice(this.inlineHead);
      this.inlineHead = 0;
    }
  }

  private dropInline(entry: Entry): void {
    if (entry.inlined) {
      entry.inlined = false;
      this.inlineBytes -= entry.length;
    }
    if (entry.offset >= 0) entry.line = undefined;
  }

  // --- file work: every operation runs on one chain, one at a time -------------------------------

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.enqueue(() => this.writeBatch()).catch(() => undefined); // reported via writeError and 'error'
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async writeBatch(): Promise<void> {
    const generation = this.generation;
    const batch = this.queue.filter((e) => !e.evicted);
    this.queue = [];
    if (batch.length === 0 && !this.needsTruncate) return;
    let fh: FileHandle | undefined;
    try {
      fh = await open(this.file, 'a');
      if (this.needsTruncate) {
        await fh.truncate(0);
        if (generation === this.generation) this.needsTruncate = false;
        this.fileSize = 0;
        this.fileRecords = 0;
      }
      let base = this.fileSize;
      const { size } = await fh.stat();
      if (size > base) {
        await fh.truncate(base); // the remains of an earlier write that failed half-way
      } else if (size < base) {
        this.report(new Error(`${this.file} is shorter than expected (${size} of ${base} bytes): it was changed outside Hookscope; older bodies may be unreadable`));
        base = size;
      }
      await writeAllv(fh, batch.map((e) => e.line ?? Buffer.alloc(0)));
      await fh.datasync();
      await fh.close();
      fh = undefined;
      this.flushes += 1;
      this.writeError = undefined;
      if (generation !== this.generation) return;
      let offset = base;
      for (const entry of batch) {
        entry.offset = offset;
        offset += entry.length;
        this.keepInline(entry);
      }
      this.fileSize = offset;
      this.fileRecords += batch.length;
    } catch (error) {
      await fh?.close().catch(() => undefined);
      if (generation === this.generation) this.queue = batch.concat(this.queue);
      const err = new Error(`could not write ${this.queue.length} event(s) to ${this.file}: ${(error as Error).message}; they are kept in memory and retried`, { cause: error });
      this.writeError = err.message;
      this.report(err);
      this.schedule(Math.max(this.flushMs, RETRY_MIN_MS));
      throw err;
    }
    if (this.shouldCompact()) {
      try {
        await this.compact();
      } catch (error) {
        // Nothing is lost (the old log stays); wait for the log to grow before trying again.
        this.compactBlockedBelow = this.fileRecords + Math.max(this.all.size, 1);
        this.report(new Error(`could not compact ${this.file}: ${(error as Error).message}`, { cause: error }));
      }
    }
  }

  private shouldCompact(): boolean {
    return this.fileRecords > 2 * this.all.size && this.fileRecords >= this.compactBlockedBelow;
  }

  private async compact(): Promise<void> {
    const generation = this.generation;
    const live = [...this.all.values()].filter((e) => e.offset >= 0);
    const { offsets, size } = await rewriteLog(this.file, `${this.file}${COMPACT_SUFFIX}`, this.dir, live);
    this.compactions += 1;
    if (generation !== this.generation) return;
    live.forEach((entry, i) => (entry.offset = offsets[i]));
    this.fileSize = size;
    this.fileRecords = live.length;
  }

  private async load(): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(this.file, this.readOnly ? 'r' : 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`could not open the event log ${this.file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      // Only the newest records can stay inline: copying the older ones' lines just to drop them again
      // left their garbage in the process's memory.
      const inlineFrom = (await fh.stat()).size - INLINE_BUDGET_BYTES;
      const result = await loadLog(fh, (record, offset, length, buf, start) => {
        const small = record.weight <= this.inlineBodyMax;
        const keep = small && offset >= inlineFrom;
        const entry: Entry = { kind: record.kind, id: record.row.id, row: record.row, offset, length, line: keep ? copyLine(buf, start, length) : undefined, small, evicted: false, inlined: false };
        this.index(entry);
        if (keep) this.keepInline(entry);
        this.enforceRetention(record.kind, false);
      });
      this.fileRecords = result.records;
      this.fileSize = result.goodEnd;
      const report = this.openReport;
      for (const { count, firstOffset } of result.corrupt) {
        report.corruptLines += count;
        report.messages.push(`${this.file}: skipped ${count} damaged line(s) starting at byte ${firstOffset}; the records around them were loaded`);
      }
      if (this.readOnly) {
        // Another process may be writing its last batch right now: ignore the end, change nothing.
        if (result.tailLines > 0) report.messages.push(`${this.file}: ignored ${result.tailLines} incomplete line(s) at the end`);
        this.reader = fh;
        return;
      }
      if (result.tailLines > 0 || result.needsNewline) {
        report.truncatedBytes = await repairTail(fh, result);
        if (result.tailLines > 0) {
          report.messages.push(`${this.file}: removed ${result.tailLines} incomplete line(s) (${report.truncatedBytes} bytes) at the end, left by an interrupted write`);
        }
      }
    } catch (error) {
      await fh.close().catch(() => undefined);
      throw new Error(`could not read the event log ${this.file}: ${(error as Error).message}`, { cause: error });
    }
    await fh.close();
    if (this.shouldCompact()) {
      await this.compact().catch((error: Error) => this.openReport.messages.push(`could not compact ${this.file}: ${error.message}`));
    }
  }

  // --- reading ---------------------------------------------------------------------------------------

  private async readEntry(entry: Entry): Promise<HookEvent> {
    if (this.reader) return this.decode(entry, await readExact(this.reader, entry.offset, entry.length));
    const fh = await open(this.file, 'r');
    try {
      return this.decode(entry, await readExact(fh, entry.offset, entry.length));
    } finally {
      await fh.close();
    }
  }

  private decode(entry: Entry, line: Buffer): HookEvent {
    const parsed = parseRecord(line);
    if (typeof parsed === 'string' || parsed.value.id !== entry.id || !isHookEvent(parsed)) {
      throw new Error(`the bytes at ${entry.offset} are not event ${entry.id}`);
    }
    return parsed.value;
  }

  private report(error: Error): void {
    // An 'error' event nobody listens to would throw and take the process down with it.
    if (this.listenerCount('error') > 0) this.emit('error', error);
    else if (this.unheard.push(error) > MAX_UNHEARD) this.unheard.shift();
  }

  private drainReports(): void {
    while (this.unheard.length > 0 && this.listenerCount('error') > 0) this.emit('error', this.unheard.shift() as Error);
  }

  private assertWritable(): void {
    if (this.closed) throw new Error(`the event store ${this.file} is closed`);
    if (this.readOnly) throw new Error(`the event store ${this.file} was opened read-only`);
  }
}

function rowsOf(map: Map<string, Entry>): StoredRow[] {
  const rows = [];
  for (const entry of map.values()) rows.push(entry.row);
  return rows;
}

function checkRetention(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`retention per stream must be a whole number of at least 1, got ${String(n)}`);
  return n;
}
