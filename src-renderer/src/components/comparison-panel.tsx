import { useMemo, useState } from 'react';
import { liveFigures } from '../lib/figures';
import { timelineMarks } from '../lib/timeline-marks';
import { selectViewPoll, selectViewPush, useHookscope } from '../state/store';
import '../styles/compare.css';
import { ComparisonTable } from './comparison-table';
import { Timeline } from './timeline';
import { useThrottled } from './use-throttled';
import { WhatIfPanel } from './what-if-panel';

/**
 * Figures are recomputed at most twice a second: enough to feel live, calm while events stream.
 * A whole-session recount of 100k rows takes a good fraction of that, so big sessions recount less
 * often and the columns keep scrolling smoothly.
 */
function figuresEveryMs(rows: number): number {
  return rows < 10_000 ? 500 : rows < 50_000 ? 1_500 : 3_000;
}

export function ComparisonPanel(): React.JSX.Element {
  const every = figuresEveryMs(useHookscope((s) => selectViewPush(s).length + selectViewPoll(s).length));
  const push = useThrottled(useHookscope(selectViewPush), every);
  const poll = useThrottled(useHookscope(selectViewPoll), every);
  const pollRecords = useThrottled(useHookscope((s) => s.pollRecords), every);
  const sources = useHookscope((s) => s.sources);
  const [windowMs, setWindowMs] = useState<number | null>(null);
  // A window ends at the latest thing seen (polls keep arriving while a source runs), so the
  // figures depend on the data only and a quiet session does not empty its own window.
  const live = useMemo(() => {
    const latest = Math.max(push.at(-1)?.t ?? 0, poll.at(-1)?.t ?? 0, pollRecords.at(-1)?.t ?? 0);
    return liveFigures(push, poll, pollRecords, sources, windowMs === null ? undefined : latest - windowMs);
  }, [push, poll, pollRecords, sources, windowMs]);
  const marks = useMemo(() => timelineMarks(push, poll, pollRecords, live.records), [push, poll, pollRecords, live.records]);
  return (
    <section className="compare" aria-label="Comparison of push and poll">
      <Timeline data={marks} />
      <ComparisonTable table={live.table} figures={live.figures} windowMs={windowMs} setWindowMs={setWindowMs} />
      <WhatIfPanel whatIf={live.whatIf} />
    </section>
  );
}
