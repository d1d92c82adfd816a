// The live figures: the same pure core module the report uses, fed with what the store holds.
import type { PollRecord, PollRow, PollSourceView, PushRow } from '@contract/model';
import { classify, type EventRecord } from '../../../src-main/core/figures/classify';
import { comparisonTable, type TableRow } from '../../../src-main/core/figures/comparison-table';
import { computeFigures, type Figures } from '../../../src-main/core/figures/figures';
import { statsOf } from '../../../src-main/core/figures/stats';
import { whatIf, type WhatIf } from '../../../src-main/core/figures/what-if';

export type { EventRecord, Figures, TableRow, WhatIf };

export interface LiveFigures {
  records: EventRecord[];
  figures: Figures;
  table: TableRow[];
  whatIf: WhatIf;
}

/**
 * `sinceMs` narrows the figures to a recent window: events are still classified over the whole
 * session (a webhook before the window stays the partner of a poll inside it), then the events
 * first seen, pushes received and polls made since then are counted.
 */
export function liveFigures(
  push: readonly PushRow[],
  poll: readonly PollRow[],
  pollRecords: readonly PollRecord[],
  sources: readonly PollSourceView[],
  sinceMs?: number,
): LiveFigures {
  const all = classify({ push, poll });
  const inWindow = sinceMs === undefined ? undefined : (t: number): boolean => t >= sinceMs;
  const records = inWindow ? all.filter((r) => inWindow(r.seenAt)) : all;
  const windowPush = inWindow ? push.filter((r) => inWindow(r.t)) : push;
  const windowRecords = inWindow ? pollRecords.filter((r) => inWindow(r.t)) : pollRecords;
  const figures = computeFigures({ push: windowPush, poll, pollRecords: windowRecords }, records);
  const span = figures.from !== undefined && figures.to !== undefined ? figures.to - figures.from : 0;
  const interval = sources.find((s) => s.config.enabled && s.status.state !== 'stopped')?.config.intervalMs ?? sources[0]?.config.intervalMs;
  const recordSpan = windowRecords.length > 1 ? windowRecords[windowRecords.length - 1].t - windowRecords[0].t : 0;
  return {
    records: all,
    figures,
    table: comparisonTable(figures),
    whatIf: whatIf({
      eventsPerSec: span > 0 ? figures.counts.events / (span / 1000) : 0,
      requestMs: statsOf(windowRecords.map((r) => r.durationMs))?.p50 ?? 0,
      ...(interval !== undefined && {
        currentIntervalMs: interval,
        measured: {
          intervalMs: interval,
          ...(figures.delays.poll && { pollDelayP50Ms: figures.delays.poll.p50 }),
          ...(recordSpan > 0 && { requestsPerHour: ((windowRecords.length - 1) / recordSpan) * 3_600_000 }),
        },
      }),
    }),
  };
}
