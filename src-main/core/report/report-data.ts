// Everything `hookscope report` says, built from a data directory: the figures, the comparison
// table, the what-if curve and one record per logical event. Reads the store without the data
// lock (read-only), so it works while `hookscope serve` is running.
import { access } from 'node:fs/promises';
import type { HookEvent, PollRecord, PollRow, PushRow } from '../../contract/model';
import { sessionDir } from '../export/export-events';
import { classify, type EventRecord } from '../figures/classify';
import { comparisonTable, type TableRow } from '../figures/comparison-table';
import { computeFigures, computeWindows, type Figures, type WindowFigures } from '../figures/figures';
import { statsOf } from '../figures/stats';
import { whatIf, type WhatIf } from '../figures/what-if';
import { parseJsonBody } from '../match/match-keys';
import { EventStore } from '../store/event-log';

export interface ReportData {
  generatedAt: string;
  dataDir: string;
  figures: Figures;
  table: TableRow[];
  whatIf: WhatIf;
  /** The same figures per time window (`windowMs` wide), oldest first. */
  windowMs: number;
  windows: WindowFigures[];
  events: EventRecord[];
  /** Rows and poll records, for drawing the timeline. */
  push: PushRow[];
  poll: PollRow[];
  pollRecords: PollRecord[];
}

export interface ReportInput {
  push: PushRow[];
  poll: PollRow[];
  pollRecords: PollRecord[];
  contentDiffers?: ReadonlySet<string>;
}

export async function loadReportInput(dataDir: string, session?: string): Promise<ReportInput> {
  const dir = await sessionDir(dataDir, session);
  try {
    await access(dir);
  } catch {
    throw new Error(`no captured session in ${dataDir} (expected ${dir}); run hookscope serve with this --data-dir first`);
  }
  const store = await EventStore.open(dir, { retentionPerStream: Number.MAX_SAFE_INTEGER, readOnly: true });
  try {
    return {
      push: store.pushRows(),
      poll: store.pollRows(),
      pollRecords: store.pollRecords(),
      contentDiffers: await differingKeys(store.events()),
    };
  } finally {
    await store.close();
  }
}

export function buildReport(dataDir: string, input: ReportInput, now = Date.now()): ReportData {
  const events = classify(input);
  const figures = computeFigures(input, events);
  const windowMs = windowFor(figures);
  return {
    generatedAt: new Date(now).toISOString(),
    dataDir,
    figures,
    table: comparisonTable(figures),
    whatIf: whatIfFor(input, figures),
    windowMs,
    windows: computeWindows(input, windowMs, events),
    events,
    push: input.push,
    poll: input.poll,
    pollRecords: input.pollRecords,
  };
}

const WINDOW_CHOICES_MS = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000];
const MAX_WINDOWS = 60;

/** The narrowest window that cuts the session into at most 60 pieces. */
export function windowFor(figures: Figures): number {
  const span = figures.from !== undefined && figures.to !== undefined ? figures.to - figures.from : 0;
  return WINDOW_CHOICES_MS.find((w) => span / w <= MAX_WINDOWS) ?? WINDOW_CHOICES_MS[WINDOW_CHOICES_MS.length - 1] * Math.ceil(span / (MAX_WINDOWS * 24 * 3_600_000));
}

/** The what-if curve at the interval the polls actually ran, with this session's point on it. */
export function whatIfFor(input: Pick<ReportInput, 'pollRecords'>, figures: Figures): WhatIf {
  const span = figures.from !== undefined && figures.to !== undefined ? figures.to - figures.from : 0;
  const eventsPerSec = span > 0 ? figures.counts.events / (span / 1000) : 0;
  const durations = statsOf(input.pollRecords.map((r) => r.durationMs));
  const gaps: number[] = [];
  const bySource = new Map<string, number>();
  for (const r of input.pollRecords) {
    const last = bySource.get(r.sourceId);
    if (last !== undefined) gaps.push(r.t - last);
    bySource.set(r.sourceId, r.t);
  }
  const interval = statsOf(gaps)?.p50;
  return whatIf({
    eventsPerSec,
    requestMs: durations?.p50 ?? 0,
    ...(interval !== undefined && {
      currentIntervalMs: interval,
      measured: {
        intervalMs: interval,
        ...(figures.delays.poll && { pollDelayP50Ms: figures.delays.poll.p50 }),
        ...(span > 0 && { requestsPerHour: (figures.cost.poll.requests / span) * 3_600_000 }),
      },
    }),
  });
}

/**
 * Keys whose last polled object is not the pushed payload. When the API object carries every field
 * the webhook carried, it is the same object and any difference counts (a changed value, an added
 * field). When the two channels shape the event differently, only the fields they share are compared.
 */
export async function differingKeys(events: AsyncIterable<HookEvent>): Promise<Set<string>> {
  const pushed = new Map<string, Map<string, string>>();
  const polled = new Map<string, Map<string, string>>();
  for await (const ev of events) {
    if (ev.matchKey === undefined) continue;
    if (ev.stream === 'push') {
      if (ev.rejected || pushed.has(ev.matchKey)) continue;
      const body = parseJsonBody(ev);
      if (body !== undefined) pushed.set(ev.matchKey, leaves(body));
    } else if (ev.change !== 'removed' && ev.change !== 'baseline') {
      polled.set(ev.matchKey, leaves(ev.item));
    }
  }
  const differs = new Set<string>();
  for (const [key, item] of polled) {
    const body = pushed.get(key);
    if (body !== undefined && payloadsDiffer(body, item)) differs.add(key);
  }
  return differs;
}

export function payloadsDiffer(pushed: Map<string, string>, polled: Map<string, string>): boolean {
  let sameObject = true;
  for (const [path, value] of pushed) {
    const other = polled.get(path);
    if (other === undefined) sameObject = false;
    else if (other !== value) return true;
  }
  return sameObject && polled.size > pushed.size;
}

/** Leaf path → JSON of the value; arrays count as leaves so reordering inside one is a change. */
export function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, '{}');
    for (const [k, v] of entries) leaves(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else {
    out.set(prefix, JSON.stringify(value) ?? 'undefined');
  }
  return out;
}
