import { useEffect, useMemo, useState } from 'react';
import type { HookEvent, MatchGroup } from '@contract/model';
import { prettyJson } from '../lib/body-view';
import { payloadDiff, type DiffKind } from '../lib/payload-diff';
import { useApi } from './api-context';
import { JsonView } from './json-view';

type Pair = { state: 'loading' } | { state: 'ok'; push: HookEvent | null; poll: HookEvent | null } | { state: 'error'; message: string };

const KIND_TEXT: Record<DiffKind, string> = {
  'push-only': 'only in the webhook',
  'poll-only': 'only in the API object',
  changed: 'different value',
};

function pushedJson(ev: HookEvent | null): { ok: true; value: unknown } | { ok: false; why: string } {
  if (!ev || ev.stream !== 'push') return { ok: false, why: 'the webhook is no longer stored' };
  if (ev.bodyEncoding !== 'utf8') return { ok: false, why: 'the webhook body is binary' };
  try {
    return { ok: true, value: JSON.parse(ev.body) as unknown };
  } catch {
    return { ok: false, why: 'the webhook body is not JSON' };
  }
}

/** The first webhook delivery beside the last polled version of the same event, and what differs. */
export function PayloadCompare({ group }: { group: MatchGroup }): React.JSX.Element | null {
  const api = useApi();
  const pushId = group.pushIds[0];
  const pollId = group.pollIds[group.pollIds.length - 1];
  const ids = `${pushId}|${pollId}`;
  const [loaded, setLoaded] = useState<{ ids: string; pair: Pair }>({ ids, pair: { state: 'loading' } });
  useEffect(() => {
    if (!pushId || !pollId) return;
    let live = true;
    Promise.all([api.getEvent(pushId), api.getEvent(pollId)]).then(
      ([push, poll]) => live && setLoaded({ ids, pair: { state: 'ok', push, poll } }),
      (err: unknown) => live && setLoaded({ ids, pair: { state: 'error', message: err instanceof Error ? err.message : String(err) } }),
    );
    return () => {
      live = false;
    };
  }, [api, pushId, pollId, ids]);
  // A result for an earlier pair is never shown for the new one.
  const pair: Pair = loaded.ids === ids ? loaded.pair : { state: 'loading' };

  const view = useMemo(() => {
    const pair = loaded.pair;
    if (loaded.ids !== ids || pair.state !== 'ok') return null;
    const pushed = pushedJson(pair.push);
    const polled = pair.poll?.stream === 'poll' ? pair.poll.item : undefined;
    if (!pushed.ok) return { error: pushed.why };
    if (polled === undefined) return { error: 'the polled object is no longer stored' };
    return { rows: payloadDiff(pushed.value, polled), left: prettyJson(pushed.value), right: prettyJson(polled) };
  }, [loaded, ids]);

  if (!pushId || !pollId) return null;
  if (pair.state === 'loading') return <div className="detail-empty">Loading both payloads…</div>;
  if (pair.state === 'error') return <div className="detail-empty is-bad">Could not load the payloads: {pair.message}</div>;
  if (!view || 'error' in view) return <div className="detail-empty">No comparison: {view?.error}</div>;
  return (
    <div className="payload-compare" data-testid="payload-compare">
      <div className="pc-title">
        Webhook payload vs polled object{' '}
        <span className="muted">{view.rows.length === 0 ? '— identical' : `— ${view.rows.length} difference${view.rows.length === 1 ? '' : 's'}`}</span>
      </div>
      {view.rows.length > 0 && (
        <table className="pc-diff">
          <thead>
            <tr>
              <th>Field</th>
              <th>Webhook</th>
              <th>API object</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={`${r.kind}:${r.path}`} className={`pc-${r.kind}`}>
                <td className="mono">{r.path}</td>
                <td className="mono">{r.push ?? <span className="muted">—</span>}</td>
                <td className="mono">{r.poll ?? <span className="muted">—</span>}</td>
                <td className="muted">{KIND_TEXT[r.kind]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pc-sides">
        <div>
          <div className="pc-side-title">Webhook (first delivery)</div>
          <JsonView text={view.left} />
        </div>
        <div>
          <div className="pc-side-title">API object (last polled)</div>
          <JsonView text={view.right} />
        </div>
      </div>
    </div>
  );
}
