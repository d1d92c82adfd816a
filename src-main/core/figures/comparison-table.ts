// The product's own comparison of webhooks and polling, filled with this session's measurements
// instead of the usual prose ("real-time: yes / no").
import type { Figures } from './figures';
import type { Stats } from './stats';

export interface TableCell {
  /** The measured number behind the text, for sorting and export; null when not measured. */
  value: number | null;
  text: string;
}

export interface TableRow {
  id: 'initiator' | 'flow' | 'realtime' | 'requests' | 'bytes' | 'missed';
  label: string;
  push: TableCell;
  poll: TableCell;
}

export function comparisonTable(f: Figures): TableRow[] {
  const pushSaw = f.counts.both + f.counts.pushOnly;
  const pollSaw = f.counts.both + f.counts.pollOnly;
  const { push, poll } = f.cost;
  return [
    {
      id: 'initiator',
      label: 'Initiator',
      push: { value: push.requests, text: `the sender: ${count(push.requests)} req` },
      poll: { value: poll.requests, text: `you: ${count(poll.requests)} req` },
    },
    {
      id: 'flow',
      label: 'Data flow',
      push: { value: push.bytes, text: `pushed ${bytes(push.bytes)}` },
      poll: { value: poll.bytes, text: `pulled ${bytes(poll.bytes)}` },
    },
    {
      id: 'realtime',
      label: 'Delay p50 / p95',
      push: delayCell(f.delays.push, f.delays.basis),
      poll: delayCell(f.delays.poll, f.delays.basis),
    },
    {
      id: 'requests',
      label: 'Requests / event',
      push: ratioCell(push.requests, pushSaw, (v) => v.toFixed(2)),
      poll: ratioCell(poll.requests, pollSaw, (v) => v.toFixed(2)),
    },
    {
      id: 'bytes',
      label: 'Bytes / event',
      push: ratioCell(push.bytes, pushSaw, bytes),
      poll: ratioCell(poll.bytes, pollSaw, bytes),
    },
    {
      id: 'missed',
      label: 'Events missed',
      push: missedCell(f.counts.pollOnly, f.counts.events),
      poll: missedCell(f.counts.pushOnly, f.counts.events),
    },
  ];
}

function delayCell(s: Stats | null, basis: Figures['delays']['basis']): TableCell {
  if (basis === 'gap') return { value: null, text: 'no source time' };
  if (!s) return { value: null, text: 'no events yet' };
  return { value: s.p50, text: `${duration(s.p50)} / ${duration(s.p95)}` };
}

function ratioCell(total: number, events: number, fmt: (v: number) => string): TableCell {
  if (events === 0) return { value: null, text: 'no events seen' };
  const v = total / events;
  return { value: v, text: fmt(v) };
}

function missedCell(missed: number, events: number): TableCell {
  if (events === 0) return { value: null, text: 'no events yet' };
  return { value: missed, text: `${count(missed)} of ${count(events)} · ${((missed / events) * 100).toFixed(1)} %` };
}

const intFormat = new Intl.NumberFormat('en-US');
export function count(n: number): string {
  return intFormat.format(n);
}

export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const a = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (a < 1000) return `${sign}${Math.round(a)} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(a < 10_000 ? 2 : 1)} s`;
  if (a < 3_600_000) return `${sign}${Math.floor(a / 60_000)}m ${String(Math.floor((a % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${sign}${Math.floor(a / 3_600_000)}h ${String(Math.floor((a % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}
