import { useState } from 'react';
import { formatCount } from '../lib/format';
import { useHookscope } from '../state/store';
import { useCommand } from './api-context';
import { ConfirmDialog } from './confirm-dialog';
import { CopyButton } from './copy-button';
import { PauseIcon, PlayIcon } from './icons';
import { SourceChip } from './source-chip';
import { SourcesButton } from './sources/sources-panel';
import { InspectorButton } from './inspector-panel';
import { Switch } from './switch';
import { TunnelControl } from './tunnel-control';
import { NotifyToggle } from './notify-toggle';
import { SessionMenu } from './sessions/session-menu';
import { closedBySwitch, useOnSessionChange } from './use-session-change';

function DemoSwitch(): React.JSX.Element {
  const demo = useHookscope((s) => s.demo);
  const setDemo = useHookscope((s) => s.setDemo);
  const run = useCommand();
  const [busy, setBusy] = useState(false);
  return (
    <Switch
      label="Demo"
      checked={demo?.running ?? false}
      busy={busy}
      disabled={busy || !demo}
      title="Run a built-in fake API that sends webhooks and serves the same events for polling"
      onChange={(next) => {
        setBusy(true);
        void run(next ? 'Starting the demo' : 'Stopping the demo', (api) => api.setDemo(next))
          .then((d) => d && setDemo(d))
          .finally(() => setBusy(false));
      }}
    />
  );
}

function Counts(): React.JSX.Element {
  const push = useHookscope((s) => s.push.length);
  const poll = useHookscope((s) => s.poll.length);
  const rejected = useHookscope((s) => s.rejectedCount);
  return (
    <span className="counts" aria-label="event counts">
      <span className="count count-push" title="Webhook requests captured">
        <b>{formatCount(push)}</b> pushed
      </span>
      <span className="count count-poll" title="Changes found by polling (baseline included)">
        <b>{formatCount(poll)}</b> polled
      </span>
      {rejected > 0 && (
        <span className="count count-rejected" title="Requests the receiver refused">
          <b>{formatCount(rejected)}</b> rejected
        </span>
      )}
    </span>
  );
}

function PauseButton(): React.JSX.Element {
  const paused = useHookscope((s) => s.paused);
  const newCount = useHookscope((s) => s.newWhilePaused);
  const toggle = useHookscope((s) => s.togglePause);
  return (
    <button
      type="button"
      className={`btn${paused ? ' is-active' : ''}`}
      onClick={toggle}
      title={paused ? 'Resume the live view (p)' : 'Freeze the view; capture goes on (p)'}
      aria-pressed={paused}
    >
      {paused ? <PlayIcon /> : <PauseIcon />}
      {paused ? 'Resume' : 'Pause'}
      {paused && newCount > 0 && <span className="badge">{formatCount(newCount)} new</span>}
    </button>
  );
}

function ClearButton(): React.JSX.Element {
  const [asking, setAsking] = useState(false);
  const total = useHookscope((s) => s.push.length + s.poll.length);
  const applyCleared = useHookscope((s) => s.applyCleared);
  const addNotice = useHookscope((s) => s.addNotice);
  const run = useCommand();
  // A switch (from this window or another) closes a Clear question asked about the session left.
  useOnSessionChange((name) => {
    if (!asking) return;
    setAsking(false);
    addNotice(closedBySwitch('the Clear question', name));
  });
  return (
    <>
      <button type="button" className="btn btn-danger-quiet" onClick={() => setAsking(true)} title="Delete this session's events">
        Clear
      </button>
      {asking && (
        <ConfirmDialog
          title="Clear this session?"
          confirmLabel="Delete events"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void run('Clearing the session', async (api) => {
              await api.clear();
              // The core also announces `cleared`; applying it here too keeps the UI right
              // even if that event is late.
              applyCleared();
            });
          }}
        >
          This deletes the {formatCount(total)} captured events of the current session, on disk too. Poll sources,
          settings and the tunnel stay as they are.
        </ConfirmDialog>
      )}
    </>
  );
}

export function HeaderBar(): React.JSX.Element {
  const receiverUrl = useHookscope((s) => s.receiverUrl);
  const sources = useHookscope((s) => s.sources);

  return (
    <header className="header">
      <div className="header-row">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            <i className="lane-a" />
            <i className="lane-b" />
          </span>
          Hookscope
        </span>
        <SessionMenu />
        <div className="hdr-group" title="Send webhooks here">
          <span className="hdr-label hdr-label-optional">Receiver</span>
          <span className="url-field">
            <span className="url-text">{receiverUrl || '—'}</span>
            {receiverUrl && <CopyButton text={receiverUrl} label="receiver URL" />}
          </span>
        </div>
        <TunnelControl />
        <span className="spacer" />
        <InspectorButton />
        <NotifyToggle />
        <DemoSwitch />
      </div>
      <div className="header-row header-row-sub">
        <span className="hdr-label">Polling</span>
        <div className="sources">
          {sources.length === 0 ? (
            <span className="muted">no poll sources</span>
          ) : (
            sources.map((s) => <SourceChip key={s.config.id} source={s} />)
          )}
        </div>
        <SourcesButton />
        <span className="spacer" />
        <Counts />
        <PauseButton />
        <ClearButton />
      </div>
    </header>
  );
}
