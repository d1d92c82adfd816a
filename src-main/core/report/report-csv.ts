// One line per logical event: what a spreadsheet needs to recount every figure of the report.
import type { EventRecord } from '../figures/classify';

export const CSV_COLUMNS = [
  'key', 'class', 'duplicates', 'out_of_order', 'changed_after_push', 'removed_from_api', 'push_ids', 'poll_ids',
  'source_time', 'first_push_at', 'first_poll_at', 'push_delay_ms', 'poll_delay_ms', 'negative_delay', 'first', 'lead_ms',
] as const;

export function toCsv(events: readonly EventRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push(
      [
        e.key, e.cls, e.duplicates, e.outOfOrder, e.changedAfterPush, e.removed, e.pushIds.join(' '), e.pollIds.join(' '),
        iso(e.sourceTime), iso(e.firstPushT), iso(e.firstPollT), ms(e.pushDelayMs), ms(e.pollDelayMs), e.negativeDelay, e.first ?? '', ms(e.leadMs),
      ]
        .map((v) => cell(String(v)))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function iso(t: number | undefined): string {
  return t === undefined ? '' : new Date(t).toISOString();
}

function ms(v: number | undefined): string {
  return v === undefined ? '' : v.toFixed(3);
}

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed so a spreadsheet never runs a key as a formula. */
function cell(v: string): string {
  const safe = /^[=+\-@]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
