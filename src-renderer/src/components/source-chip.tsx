import { useEffect, useState } from 'react';
import type { PollSourceView } from '@contract/model';
import { formatBytes, formatCount, formatCountdown } from '../lib/format';

/** Current time, refreshed while `active`: only the chip that shows a countdown re-renders. */
function useNow(active: boolean, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs]);
  return now;
}

function statusClass(status: number | null | undefined): string {
  if (status === undefined) return '';
  if (status === null) return 'is-bad';
  if (status >= 200 && status < 400) return 'is-ok';
  if (status === 429 || status < 500) return 'is-warn';
  return 'is-bad';
}

export function SourceChip({ source }: { source: PollSourceView }): React.JSX.Element {
  const { config, status } = source;
  const isError = status.state === 'error';
  const ticking = status.state !== 'polling' && status.state !== 'stopped' && status.nextPollAt !== undefined;
  const now = useNow(ticking);
  const countdown = ticking ? formatCountdown(status.nextPollAt, now) : undefined;
  const title = [
    `${config.name} — ${config.url}`,
    `every ${config.intervalMs / 1000}s · ${formatCount(status.polls)} polls · ${formatBytes(status.bytes)} · ${formatCount(status.itemsKnown)} items known`,
    status.lastError ? `Last error: ${status.lastError}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <span className={`chip source-chip state-${status.state}${isError ? ' is-error' : ''}`} title={title} data-testid={`source-${config.id}`}>
      <span className="dot" aria-label={status.state} />
      <span className="chip-name">{config.name}</span>
      {config.demo && <span className="tag">demo</span>}
      {status.lastStatus !== undefined && (
        <span className={`http-status ${statusClass(status.lastStatus)}`}>{status.lastStatus ?? 'no response'}</span>
      )}
      {status.state === 'polling' && <span className="chip-sub">polling…</span>}
      {countdown && <span className="chip-sub countdown">{isError ? 'retry' : 'next'} {countdown}</span>}
      {status.state === 'stopped' && <span className="chip-sub">stopped</span>}
      {isError && status.lastError && <span className="chip-error">{status.lastError}</span>}
    </span>
  );
}
