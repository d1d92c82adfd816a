import { useEffect, useState } from 'react';
import type { HookEvent } from '@contract/model';
import { parseQuery } from '../lib/body-view';
import { formatBytes, formatClock } from '../lib/format';
import { useHookscope } from '../state/store';
import { useApi } from './api-context';
import { PollItem, PushBody } from './body-view';
import { CopyButton } from './copy-button';
import { ForwardPanel } from './forward-panel';
import { CloseIcon } from './icons';
import { KvTable } from './kv-table';
import { MatchView } from './match-view';
import { ReplayPanel } from './replay-panel';
import { SignatureBadge } from './signature-badge';

type Load = { state: 'loading' } | { state: 'ok'; ev: HookEvent } | { state: 'missing' } | { state: 'error'; message: string };
type Tab = 'body' | 'headers' | 'query' | 'match' | 'replay' | 'forward';

/** Fetches the full event (rows carry no body) whenever the selection changes. */
function useFullEvent(id: string): Load {
  const api = useApi();
  const [load, setLoad] = useState<{ id: string; load: Load }>({ id, load: { state: 'loading' } });
  useEffect(() => {
    let live = true;
    api.getEvent(id).then(
      (ev) => live && setLoad({ id, load: ev ? { state: 'ok', ev } : { state: 'missing' } }),
      (err: unknown) => live && setLoad({ id, load: { state: 'error', message: err instanceof Error ? err.message : String(err) } }),
    );
    return () => {
      live = false;
    };
  }, [api, id]);
  // A result for an earlier selection is never shown for the new one.
  return load.id === id ? load.load : { state: 'loading' };
}

function Title({ ev }: { ev: HookEvent }): React.JSX.Element {
  if (ev.stream === 'push') {
    return (
      <span className="detail-title">
        <span className={`c-method m-${ev.method.toLowerCase()}`}>{ev.method}</span>
        <span className="mono">{ev.path}</span>
        <span className={`http-status ${ev.status >= 400 ? 'is-bad' : 'is-ok'}`}>{ev.status}</span>
        <SignatureBadge check={ev.signature} />
        <span className="detail-meta">
          {formatClock(ev.t)} · {formatBytes(ev.size)} · via {ev.via} · from {ev.remoteAddress}
          {ev.contentType ? ` · ${ev.contentType}` : ''}
        </span>
      </span>
    );
  }
  return (
    <span className="detail-title">
      <span className={`c-change ch-${ev.change}`}>{ev.change}</span>
      <span className="mono">item {ev.itemId}</span>
      <span className="detail-meta">
        {formatClock(ev.t)} · {formatBytes(ev.size)} · source {ev.sourceId} · poll {ev.pollId}
      </span>
    </span>
  );
}

export function DetailPane(): React.JSX.Element | null {
  const selected = useHookscope((s) => s.selected);
  // The tab outlives the selection, like DevTools: stepping through rows keeps Headers open.
  const [tab, setTab] = useState<Tab>('body');
  if (!selected) return null;
  // Keyed by id, so view state inside (raw/pretty) starts fresh for each event.
  return <DetailFor key={`${selected.stream}:${selected.id}`} id={selected.id} matchKey={selected.matchKey} tab={tab} setTab={setTab} />;
}

function DetailFor({ id, matchKey, tab, setTab }: { id: string; matchKey?: string; tab: Tab; setTab: (t: Tab) => void }): React.JSX.Element {
  const load = useFullEvent(id);
  const close = useHookscope((s) => s.closeDetail);
  const ev = load.state === 'ok' ? load.ev : undefined;
  const isPush = ev?.stream === 'push';
  const tabs: { id: Tab; label: string; disabled?: boolean }[] = [
    { id: 'body', label: ev?.stream === 'poll' ? 'Item' : 'Body' },
    { id: 'headers', label: isPush ? `Headers (${ev.headers.length})` : 'Headers', disabled: !isPush },
    { id: 'query', label: isPush ? `Query (${parseQuery(ev.query).length})` : 'Query', disabled: !isPush },
    { id: 'match', label: 'Match' },
    { id: 'replay', label: 'Replay · curl', disabled: !isPush },
    { id: 'forward', label: 'Forward', disabled: !isPush },
  ];
  const shownTab = !isPush && (tab === 'headers' || tab === 'query' || tab === 'replay' || tab === 'forward') ? 'body' : tab;

  return (
    <section className="detail" aria-label="Event detail">
      <div className="detail-head">
        {ev ? <Title ev={ev} /> : <span className="detail-title muted">{id}</span>}
        <span className="spacer" />
        <span className="detail-id mono" title="Event id">
          {id}
        </span>
        <CopyButton text={id} label="event id" />
        <button type="button" className="icon-btn" aria-label="Close detail (Esc)" title="Close (Esc)" onClick={close}>
          <CloseIcon />
        </button>
      </div>
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={shownTab === t.id}
            className={`tab${shownTab === t.id ? ' is-on' : ''}`}
            disabled={t.disabled}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="detail-body" role="tabpanel">
        {load.state === 'loading' && <div className="detail-empty">Loading…</div>}
        {load.state === 'missing' && <div className="detail-empty">This event is no longer stored (cleared, or dropped by the retention limit).</div>}
        {load.state === 'error' && <div className="detail-empty is-bad">Could not load the event: {load.message}</div>}
        {ev && shownTab === 'body' && (ev.stream === 'push' ? <PushBody ev={ev} /> : <PollItem item={ev.item} />)}
        {ev?.stream === 'push' && shownTab === 'headers' && <KvTable pairs={ev.headers} empty="No headers" names={['Name', 'Value']} />}
        {ev?.stream === 'push' && shownTab === 'query' && (
          <>
            {ev.query && <pre className="code query-raw">?{ev.query}</pre>}
            <KvTable pairs={parseQuery(ev.query)} empty="No query string" names={['Name', 'Value']} />
          </>
        )}
        {ev?.stream === 'push' && shownTab === 'replay' && <ReplayPanel ev={ev} />}
        {ev?.stream === 'push' && shownTab === 'forward' && <ForwardPanel ev={ev} />}
        {shownTab === 'match' && <MatchView matchKey={ev?.matchKey ?? matchKey} currentId={id} />}
      </div>
    </section>
  );
}
