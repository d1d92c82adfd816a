import { useMemo } from 'react';
import type { MatchGroup } from '@contract/model';
import { formatCount, formatDuration } from '../lib/format';
import type { ClassFilter } from '../lib/row-class';
import { summarize } from '../lib/summary';
import { selectViewMatches, selectViewMatchesVersion, selectViewPoll, useHookscope } from '../state/store';
import { FilterBox } from './filter-box';
import { useThrottled } from './use-throttled';

const SUMMARY_EVERY_MS = 250;

interface Item {
  cls: ClassFilter;
  label: string;
  hint: string;
  value: number;
}

export function SummaryStrip(): React.JSX.Element {
  const matches = useHookscope(selectViewMatches);
  // The strip is read, not watched frame by frame: recounting 100k groups at most a few times a
  // second keeps the columns smooth while events stream in.
  const version = useThrottled(useHookscope(selectViewMatchesVersion), SUMMARY_EVERY_MS);
  const pollRows = useThrottled(useHookscope(selectViewPoll), SUMMARY_EVERY_MS);
  const active = useHookscope((s) => s.classFilter);
  const setClassFilter = useHookscope((s) => s.setClassFilter);

  const summary = useMemo(() => {
    // A poll-only group made only of baseline items is not a lost webhook: it predates the session.
    const baseline = new Set<string>();
    for (const r of pollRows) if (r.change === 'baseline') baseline.add(r.id);
    const ignore = (g: MatchGroup): boolean =>
      g.cls === 'poll-only' && g.pollIds.length > 0 && g.pollIds.every((id) => baseline.has(id));
    return summarize(matches.values(), baseline.size > 0 ? ignore : undefined);
    // `version` stands for the in-place changes of `matches`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [matches, version, pollRows]);

  const items: Item[] = [
    { cls: 'both', label: 'Both saw', hint: 'events both streams saw', value: summary.both },
    { cls: 'push-only', label: 'Push only', hint: 'polling missed', value: summary.pushOnly },
    { cls: 'poll-only', label: 'Poll only', hint: 'webhook lost', value: summary.pollOnly },
    { cls: 'duplicate', label: 'Duplicates', hint: 'extra deliveries', value: summary.duplicates },
  ];
  const lead = summary.p50LeadMs;
  let leadText = 'Lead: no pairs yet';
  let leadCls = 'lead-none';
  if (lead !== undefined) {
    if (Math.abs(lead) < 0.5) {
      leadText = 'Push and poll tie (p50)';
      leadCls = 'lead-tie';
    } else if (lead > 0) {
      leadText = `Push first by p50 ${formatDuration(lead)}`;
      leadCls = 'lead-push';
    } else {
      leadText = `Poll first by p50 ${formatDuration(-lead)}`;
      leadCls = 'lead-poll';
    }
  }

  return (
    <div className="summary" role="toolbar" aria-label="Summary: click a class to filter both columns">
      {items.map((it) => {
        const on = active === it.cls;
        return (
          <button
            key={it.cls}
            type="button"
            className={`sum-item cls-${it.cls}${on ? ' is-active' : ''}${it.value === 0 ? ' is-zero' : ''}`}
            aria-pressed={on}
            title={on ? 'Show all rows' : `Show only: ${it.label.toLowerCase()} (${it.hint})`}
            onClick={() => setClassFilter(on ? null : it.cls)}
            data-testid={`sum-${it.cls}`}
          >
            <span className="swatch" aria-hidden="true" />
            <span className="sum-label">{it.label}</span>
            <b className="sum-value">{formatCount(it.value)}</b>
            {it.cls !== 'both' && <span className="sum-hint">{it.hint}</span>}
          </button>
        );
      })}
      <span
        className={`sum-item sum-lead ${leadCls}`}
        title={`Median over ${formatCount(summary.leadSamples)} events both streams saw: how much earlier the first side knew`}
        data-testid="sum-lead"
      >
        <span className="swatch" aria-hidden="true" />
        {leadText}
        {summary.leadSamples > 0 && <span className="sum-hint">n={formatCount(summary.leadSamples)}</span>}
      </span>
      {active && (
        <button type="button" className="link-btn" onClick={() => setClassFilter(null)}>
          show all
        </button>
      )}
      <span className="spacer" />
      <FilterBox />
    </div>
  );
}
