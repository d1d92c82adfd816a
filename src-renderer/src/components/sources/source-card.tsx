// One poll source at a glance: state, last status, countdown, budget, what it cost, recent polls.
import { useEffect, useMemo, useState } from 'react';
import type { PollRecord, PollSourceView, RateBudget } from '@contract/model';
import { formatBytes, formatCount, formatCountdown } from '../../lib/format';
import { useHookscope } from '../../state/store';

const RECENT = 8;

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function budgetText(budget: RateBudget | undefined, now: number): string {
  if (!budget || budget.remaining === undefined) return '—';
  const of = budget.limit !== undefined ? ` of ${formatCount(budget.limit)}` : '';
  const reset = budget.resetAt !== undefined ? `, resets ${formatCountdown(budget.resetAt, now) ?? ''}` : '';
  return `${formatCount(budget.remaining)}${of} left${reset}`;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}

export function SourceCard({ view, onEdit }: { view: PollSourceView; onEdit: () => void }): React.JSX.Element {
  const { config, status } = view;
  const ticking = status.state !== 'polling' && status.state !== 'stopped' && status.nextPollAt !== undefined;
  const now = useNow(true);
  const allRecords = useHookscope((s) => s.pollRecords);
  const recent = useMemo(() => allRecords.filter((r) => r.sourceId === config.id).slice(-RECENT).reverse(), [allRecords, config.id]);
  const cost = status.cost;
  return (
    <section className="src-card" data-testid={`source-card-${config.id}`}>
      <div className="src-card-head">
        <span className={`dot state-${status.state}`} aria-hidden="true" />
        <strong>{config.name}</strong>
        {config.demo && <span className="tag">demo</span>}
        <span className="muted src-state">{status.state}</span>
        <span className="spacer" />
        {!config.demo && (
          <button type="button" className="btn" onClick={onEdit}>
            Edit
          </button>
        )}
      </div>
      <div className="src-url mono" title={config.url}>
        {config.url}
      </div>
      <dl className="src-facts">
        <dt>Last status</dt>
        <dd className="mono">{status.lastStatus === undefined ? '—' : (status.lastStatus ?? 'no response')}</dd>
        <dt>Next poll</dt>
        <dd>{ticking ? formatCountdown(status.nextPollAt, now) : status.state === 'polling' ? 'polling…' : '—'}</dd>
        <dt>Budget</dt>
        <dd>{budgetText(status.budget, now)}</dd>
        <dt>Cost</dt>
        <dd>
          {cost
            ? `${formatCount(cost.requests)} requests · ${formatBytes(cost.bytes)} · ${pct(cost.emptyPolls, cost.polls)} empty · ${formatCount(cost.notModified)} × 304 · ${formatCount(cost.rateLimitWaits)} rate-limit waits`
            : '—'}
        </dd>
      </dl>
      {status.waitReason && <div className="src-note">Waiting longer: {status.waitReason}</div>}
      {status.lastError && <div className="src-error">{status.lastError}</div>}
      <RecentPolls records={recent} />
    </section>
  );
}

function RecentPolls({ records }: { records: PollRecord[] }): React.JSX.Element {
  if (records.length === 0) return <p className="muted src-empty">No polls yet.</p>;
  return (
    <table className="src-log">
      <thead>
        <tr>
          <th>time</th>
          <th>status</th>
          <th>ms</th>
          <th>bytes</th>
          <th>new</th>
          <th>chg</th>
          <th>rem</th>
          <th>note</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.id} className={r.error && !r.error.startsWith('warning:') ? 'is-bad' : ''}>
            <td className="mono">{r.receivedAt.slice(11, 19)}</td>
            <td className="mono">{r.notModified ? '304' : (r.status ?? '—')}</td>
            <td className="num">{Math.round(r.durationMs)}</td>
            <td className="num">{formatBytes(r.bytes)}</td>
            <td className="num">{r.baseline ? 'base' : r.newCount}</td>
            <td className="num">{r.changedCount}</td>
            <td className="num">{r.removedCount}</td>
            <td className="src-log-note" title={r.error}>
              {[r.requests && r.requests > 1 ? `${r.requests} pages` : '', r.rateLimitWaitMs ? `waited ${Math.round(r.rateLimitWaitMs / 1000)} s` : '', r.error ?? '']
                .filter(Boolean)
                .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
