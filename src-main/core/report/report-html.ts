// A single self-contained page (no script, no external file) a user can attach to a ticket: the
// comparison table, the figures, an SVG timeline and the per-event list.
import type { EventRecord } from '../figures/classify';
import { bytes, count, duration } from '../figures/comparison-table';
import type { Stats } from '../figures/stats';
import type { ReportData } from './report-data';

const COLORS = { both: '#1a7f37', 'push-only': '#0969da', 'poll-only': '#d4630b', push: '#0969da', poll: '#8250df', tick: '#8c959f' };
const MAX_EVENT_ROWS = 2000;

export function toHtml(report: ReportData): string {
  const f = report.figures;
  const c = f.counts;
  const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
  const stat = (s: Stats | null): string => (s ? `${duration(s.p50)} / ${duration(s.p95)} / ${duration(s.max)}` : '—');
  const rows = report.events.slice(-MAX_EVENT_ROWS);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hookscope report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:13px/1.4 system-ui,sans-serif;color:#1f2328;margin:24px;max-width:1100px}
h1{font-size:18px;margin:0 0 4px}h2{font-size:14px;margin:24px 0 8px}
.muted{color:#57606a}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #eceef1;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.note{background:#fff8c5;padding:6px 10px;border-radius:4px}
.grid{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.kpi{border:1px solid #d9dce1;border-radius:4px;padding:6px 10px}.kpi b{display:block;font-size:16px}
</style></head><body>
<h1>Hookscope report</h1>
<div class="muted">Generated ${esc(report.generatedAt)} from ${esc(report.dataDir)}${f.from !== undefined && f.to !== undefined ? ` · session ${esc(new Date(f.from).toISOString())} – ${esc(new Date(f.to).toISOString())}` : ''}</div>
${f.delays.note ? `<p class="note">${esc(f.delays.note)}</p>` : ''}
<h2>Webhooks vs polling, measured</h2>
<table id="comparison"><thead><tr><th></th><th>Push (webhooks)</th><th>Poll (API)</th></tr></thead><tbody>
${report.table.map((r) => `<tr><th>${esc(r.label)}</th><td>${esc(r.push.text)}</td><td>${esc(r.poll.text)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Events</h2>
<div class="grid">
${kpi('Logical events', count(c.events))}${kpi('Seen by both', count(c.both))}${kpi('Push only (polling missed)', count(c.pushOnly))}${kpi('Poll only (webhook lost)', count(c.pollOnly))}
${kpi('Duplicate pushes', `${count(c.duplicatePush)} (${count(c.duplicateDeliveries)} extra)`)}${kpi('Out-of-order pushes', count(c.outOfOrderPush))}${kpi('Changed after push', count(c.changedAfterPush))}${kpi('Coverage push / poll', `${pct(f.coverage.push)} / ${pct(f.coverage.poll)}`)}
</div>
<h2>Delays (p50 / p95 / max, ${f.delays.basis === 'source-time' ? 'from the source time' : 'source time not usable'})</h2>
<table><tbody>
<tr><th>Push</th><td>${stat(f.delays.push)}</td></tr>
<tr><th>Poll</th><td>${stat(f.delays.poll)}</td></tr>
<tr><th>Push first</th><td>${count(f.first.push)} events, by ${stat(f.first.pushLead)}</td></tr>
<tr><th>Poll first</th><td>${count(f.first.poll)} events, by ${stat(f.first.pollLead)}</td></tr>
</tbody></table>
<h2>Cost</h2>
<table><thead><tr><th></th><th>Requests</th><th>Bytes</th><th>Empty polls</th><th>304</th><th>Rate-limited</th><th>Errors</th><th>Requests per change</th><th>Bytes per change</th></tr></thead><tbody>
<tr><th>Push</th><td class="num">${count(f.cost.push.requests)}</td><td class="num">${bytes(f.cost.push.bytes)}</td><td class="num">—</td><td class="num">—</td><td class="num">—</td><td class="num">${count(f.cost.push.rejected)}</td><td class="num">${ratio(f.perChange.pushRequests)}</td><td class="num">${f.perChange.pushBytes === null ? '—' : bytes(f.perChange.pushBytes)}</td></tr>
<tr><th>Poll</th><td class="num">${count(f.cost.poll.requests)}</td><td class="num">${bytes(f.cost.poll.bytes)}</td><td class="num">${count(f.cost.poll.empty)}</td><td class="num">${count(f.cost.poll.notModified)}</td><td class="num">${count(f.cost.poll.rateLimited)}</td><td class="num">${count(f.cost.poll.errors)}</td><td class="num">${ratio(f.perChange.pollRequests)}</td><td class="num">${f.perChange.pollBytes === null ? '—' : bytes(f.perChange.pollBytes)}</td></tr>
</tbody></table>
<h2>Per ${esc(duration(report.windowMs))} window</h2>
<table id="windows"><thead><tr><th>From</th><th>Events</th><th>Both</th><th>Push only</th><th>Poll only</th><th>Duplicates</th><th>Push p50</th><th>Poll p50</th><th>Poll requests</th></tr></thead><tbody>
${report.windows.map((w) => `<tr><td class="mono">${esc(new Date(w.start).toISOString())}</td><td class="num">${count(w.figures.counts.events)}</td><td class="num">${count(w.figures.counts.both)}</td><td class="num">${count(w.figures.counts.pushOnly)}</td><td class="num">${count(w.figures.counts.pollOnly)}</td><td class="num">${count(w.figures.counts.duplicatePush)}</td><td class="num">${w.figures.delays.push ? duration(w.figures.delays.push.p50) : '—'}</td><td class="num">${w.figures.delays.poll ? duration(w.figures.delays.poll.p50) : '—'}</td><td class="num">${count(w.figures.cost.poll.requests)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Timeline</h2>
${timelineSvg(report)}
<h2>Per event${rows.length < report.events.length ? ` (last ${count(rows.length)} of ${count(report.events.length)}; the csv format has all)` : ''}</h2>
<table id="events" class="mono"><thead><tr><th>Key</th><th>Class</th><th>Flags</th><th>Push delay</th><th>Poll delay</th><th>First</th></tr></thead><tbody>
${rows.map(eventRow).join('\n')}
</tbody></table>
</body></html>
`;
}

function kpi(label: string, value: string): string {
  return `<div class="kpi"><span class="muted">${esc(label)}</span><b>${esc(value)}</b></div>`;
}

function ratio(v: number | null): string {
  return v === null ? '—' : v.toFixed(2);
}

function eventRow(e: EventRecord): string {
  const flags = [e.duplicates > 0 && `duplicate ×${e.duplicates + 1}`, e.outOfOrder && 'out of order', e.changedAfterPush && 'changed after push', e.removed && 'removed', e.negativeDelay && 'negative delay'].filter(Boolean).join(', ');
  const d = (v: number | undefined): string => (v === undefined ? '—' : duration(v));
  const first = e.first === undefined ? '—' : e.first === 'tie' ? 'tie' : `${e.first} by ${duration(e.leadMs ?? 0)}`;
  return `<tr><td>${esc(e.key)}</td><td>${e.cls}</td><td>${esc(flags)}</td><td>${d(e.pushDelayMs)}</td><td>${d(e.pollDelayMs)}</td><td>${esc(first)}</td></tr>`;
}

/** Two lanes (push above, poll below), matched pairs joined, poll requests as ticks (empty ones faded). */
function timelineSvg(report: ReportData): string {
  const W = 1000;
  const H = 120;
  const pushY = 30;
  const pollY = 90;
  const times = [...report.events.map((e) => e.seenAt), ...report.events.flatMap((e) => [e.firstPollT ?? e.seenAt]), ...report.pollRecords.map((r) => r.t)].filter(Number.isFinite);
  if (times.length === 0) return '<p class="muted">Nothing captured.</p>';
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const x = (t: number): string => (40 + ((t - t0) / (t1 - t0)) * (W - 50)).toFixed(1);
  const parts: string[] = [];
  for (const r of report.pollRecords) {
    const empty = r.newCount + r.changedCount + r.removedCount === 0;
    parts.push(`<line x1="${x(r.t)}" x2="${x(r.t)}" y1="${pollY + 8}" y2="${pollY + 16}" stroke="${COLORS.tick}" stroke-opacity="${empty ? 0.3 : 1}"/>`);
  }
  for (const e of report.events) {
    if (e.firstPushT !== undefined && e.firstPollT !== undefined) {
      parts.push(`<line x1="${x(e.firstPushT)}" y1="${pushY}" x2="${x(e.firstPollT)}" y2="${pollY}" stroke="${COLORS.both}" stroke-opacity="0.45"/>`);
    }
    const color = COLORS[e.cls];
    if (e.firstPushT !== undefined) parts.push(`<circle cx="${x(e.firstPushT)}" cy="${pushY}" r="3" fill="${color}"><title>${esc(e.key)}</title></circle>`);
    if (e.firstPollT !== undefined) parts.push(`<circle cx="${x(e.firstPollT)}" cy="${pollY}" r="3" fill="${color}"><title>${esc(e.key)}</title></circle>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 20}" width="100%" role="img" aria-label="Timeline of push and poll events">
<text x="0" y="${pushY + 4}" font-size="11" fill="${COLORS.push}">push</text><text x="0" y="${pollY + 4}" font-size="11" fill="${COLORS.poll}">poll</text>
<line x1="40" x2="${W - 10}" y1="${pushY}" y2="${pushY}" stroke="#eceef1"/><line x1="40" x2="${W - 10}" y1="${pollY}" y2="${pollY}" stroke="#eceef1"/>
${parts.join('\n')}
<text x="40" y="${H + 14}" font-size="10" fill="#57606a">${esc(new Date(t0).toISOString())}</text><text x="${W - 10}" y="${H + 14}" font-size="10" fill="#57606a" text-anchor="end">+${esc(duration(t1 - t0))}</text>
</svg>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}
