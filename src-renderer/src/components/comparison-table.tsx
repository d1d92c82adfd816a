import type { Figures, TableRow } from '../lib/figures';
import { formatCount, formatDuration } from '../lib/format';
import { MatchSettingsButton } from './match-settings';
import { ReportExport } from './report-export';

function firstText(n: number, leadP50: number | undefined): string {
  return leadP50 === undefined ? formatCount(n) : `${formatCount(n)}, by ${formatDuration(leadP50)}`;
}

function pct(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)} %`;
}

const WINDOWS: [number | null, string][] = [[null, 'session'], [60_000, 'last 1 min'], [300_000, 'last 5 min'], [900_000, 'last 15 min'], [3_600_000, 'last hour']];

interface Props {
  table: TableRow[];
  figures: Figures;
  windowMs: number | null;
  setWindowMs: (ms: number | null) => void;
}

export function ComparisonTable({ table, figures, windowMs, setWindowMs }: Props): React.JSX.Element {
  const c = figures.counts;
  return (
    <div className="cmp" data-testid="comparison-table">
      <div className="panel-head">
        <span className="panel-title">Push vs poll</span>
        <select className="cmp-window" aria-label="Time window of the figures" value={windowMs ?? ''} onChange={(e) => setWindowMs(e.target.value === '' ? null : Number(e.target.value))}>
          {WINDOWS.map(([ms, label]) => (
            <option key={label} value={ms ?? ''}>
              {label}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <MatchSettingsButton />
        <ReportExport />
      </div>
      <table className="cmp-table">
        <thead>
          <tr>
            <th />
            <th className="s-push">Push</th>
            <th className="s-poll">Poll</th>
          </tr>
        </thead>
        <tbody>
          {table.map((row) => (
            <tr key={row.id} data-row={row.id}>
              <th>{row.label}</th>
              <td title={row.push.text}>{row.push.text}</td>
              <td title={row.poll.text}>{row.poll.text}</td>
            </tr>
          ))}
          <tr>
            <th>Coverage</th>
            <td>{pct(figures.coverage.push)}</td>
            <td>{pct(figures.coverage.poll)}</td>
          </tr>
          <tr>
            <th title="Events each side learned of first, and by how much (median)">First, by p50</th>
            {figures.first.push + figures.first.poll + figures.first.tie === 0 ? (
              <>
                <td>no pairs yet</td>
                <td>no pairs yet</td>
              </>
            ) : (
              <>
                <td>{firstText(figures.first.push, figures.first.pushLead?.p50)}</td>
                <td>{firstText(figures.first.poll, figures.first.pollLead?.p50)}</td>
              </>
            )}
          </tr>
        </tbody>
      </table>
      <div className="cmp-foot">
        <span>{formatCount(c.events)} events</span>
        <span title="Events delivered more than once">dup {formatCount(c.duplicatePush)}</span>
        <span title="Pushes that arrived after an event created later">out of order {formatCount(c.outOfOrderPush)}</span>
        <span title="Polled object differs from the pushed one">changed after push {formatCount(c.changedAfterPush)}</span>
        <span title="Polls that found nothing">empty polls {formatCount(figures.cost.poll.empty)}</span>
      </div>
      {figures.delays.note && (
        <div className="cmp-note" role="note">
          {figures.delays.note}
        </div>
      )}
    </div>
  );
}
