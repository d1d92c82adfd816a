import type { MatchGroup, Stream } from '@contract/model';
import { formatClock, formatDelay, formatDuration } from '../lib/format';
import { selectViewMatches, useHookscope } from '../state/store';
import { PayloadCompare } from './payload-compare';

const CLS_TEXT: Record<MatchGroup['cls'], string> = {
  both: 'Both streams saw it',
  'push-only': 'Push only — polling has not seen it',
  'poll-only': 'Poll only — no webhook came',
};

function verdict(g: MatchGroup): string {
  if (g.cls !== 'both') return CLS_TEXT[g.cls];
  if (g.first === 'tie') return 'Both sides learned of it at the same moment';
  const lead = g.leadMs ?? (g.firstPollT !== undefined && g.firstPushT !== undefined ? Math.abs(g.firstPollT - g.firstPushT) : undefined);
  const first = g.first ?? (g.firstPushT !== undefined && g.firstPollT !== undefined ? (g.firstPushT <= g.firstPollT ? 'push' : 'poll') : undefined);
  if (!first || lead === undefined) return CLS_TEXT.both;
  return `${first === 'push' ? 'Push' : 'Poll'} was first, by ${formatDuration(lead)}`;
}

function IdList({ ids, stream, matchKey, current }: { ids: string[]; stream: Stream; matchKey: string; current: string }): React.JSX.Element {
  const select = useHookscope((s) => s.select);
  if (ids.length === 0) return <span className="muted">none</span>;
  return (
    <span className="id-list">
      {ids.map((id, i) => (
        <button
          key={id}
          type="button"
          className={`id-link${id === current ? ' is-current' : ''}`}
          title={stream === 'push' && i > 0 ? 'Duplicate delivery' : `Select ${id}`}
          onClick={() => select({ stream, id, matchKey }, { open: true })}
        >
          {id}
          {stream === 'push' && i > 0 && <span className="tag tag-dup">dup</span>}
        </button>
      ))}
    </span>
  );
}

export function MatchView({ matchKey, currentId }: { matchKey?: string; currentId: string }): React.JSX.Element {
  const group = useHookscope((s) => (matchKey === undefined ? undefined : selectViewMatches(s).get(matchKey)));
  if (matchKey === undefined) {
    return <div className="detail-empty">No match key: the configured key path found nothing in this event, so it cannot be paired.</div>;
  }
  if (!group) return <div className="detail-empty">Key {matchKey}: no match information yet.</div>;
  return (
    <div className="match-view">
      <div className={`verdict cls-${group.cls}`}>
        <span className="swatch" aria-hidden="true" />
        {verdict(group)}
      </div>
      <dl className="facts">
        <dt>Key</dt>
        <dd className="mono">{group.key}</dd>
        <dt>Source time</dt>
        <dd className="mono">{group.sourceTime !== undefined ? formatClock(group.sourceTime) : <span className="muted">not in the payload</span>}</dd>
        <dt>Push</dt>
        <dd className="mono">
          {group.firstPushT !== undefined ? formatClock(group.firstPushT) : <span className="muted">not seen</span>}
          <span className="fact-sub">delay {formatDelay(group.pushDelayMs)}</span>
          {group.duplicates > 0 && <span className="tag tag-dup">{group.duplicates} duplicate{group.duplicates > 1 ? 's' : ''}</span>}
        </dd>
        <dt>Poll</dt>
        <dd className="mono">
          {group.firstPollT !== undefined ? formatClock(group.firstPollT) : <span className="muted">not seen</span>}
          <span className="fact-sub">delay {formatDelay(group.pollDelayMs)}</span>
        </dd>
        <dt>Push events</dt>
        <dd>
          <IdList ids={group.pushIds} stream="push" matchKey={group.key} current={currentId} />
        </dd>
        <dt>Poll events</dt>
        <dd>
          <IdList ids={group.pollIds} stream="poll" matchKey={group.key} current={currentId} />
        </dd>
      </dl>
      {group.cls === 'both' && <PayloadCompare group={group} />}
    </div>
  );
}
