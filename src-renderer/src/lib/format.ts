// Text shown in rows and the detail pane. Pure, so the exact output is pinned by tests.

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time with milliseconds: what a developer compares against their own logs. */
export function formatClock(t: number): string {
  if (!Number.isFinite(t)) return '--:--:--.---';
  const d = new Date(t);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A duration in the unit a person reads fastest: "840 ms", "2.41 s", "3m 05s", "2h 04m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1) return `${sign}${a.toFixed(2)} ms`;
  // Each unit ends where its rounded text would reach the next one: 999.6 ms is "1.00 s", not "1000 ms".
  if (a < 999.5) return `${sign}${Math.round(a)} ms`;
  if (a < 9_995) return `${sign}${(a / 1000).toFixed(2)} s`;
  if (a < 59_950) return `${sign}${(a / 1000).toFixed(1)} s`;
  if (a < 3_600_000) {
    const seconds = Math.max(60, Math.floor(a / 1000));
    return `${sign}${Math.floor(seconds / 60)}m ${pad2(seconds % 60)}s`;
  }
  const h = Math.floor(a / 3_600_000);
  return `${sign}${h}h ${pad2(Math.floor((a % 3_600_000) / 60_000))}m`;
}

/** Delay of a row from its source time; '—' when the payload carried no usable time. */
export function delayOf(row: { t: number; sourceTime?: number; change?: string }): number | undefined {
  // A baseline item existed before polling began and a removal is not the event's arrival:
  // the time since the source created them is not how late polling learned of anything.
  if (row.change === 'baseline' || row.change === 'removed') return undefined;
  if (row.sourceTime === undefined || !Number.isFinite(row.sourceTime)) return undefined;
  return row.t - row.sourceTime;
}

export function formatDelay(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

const intFormat = new Intl.NumberFormat('en-US');
export function formatCount(n: number): string {
  return intFormat.format(n);
}

/** "next in 3s" for a poll source; "now" once the time has come (the poll is due or running). */
export function formatCountdown(nextAt: number | undefined, now: number): string | undefined {
  if (nextAt === undefined || !Number.isFinite(nextAt)) return undefined;
  const left = nextAt - now;
  if (left <= 0) return 'now';
  if (left < 60_000) return `in ${Math.ceil(left / 1000)}s`;
  return `in ${Math.ceil(left / 60_000)}m`;
}
