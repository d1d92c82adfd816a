import { useCallback, useState } from 'react';
import type { TunnelState } from '@contract/model';
import { formatDuration } from '../lib/format';
import { useHookscope } from '../state/store';
import { useCommand } from './api-context';
import { CopyButton } from './copy-button';
import { Switch } from './switch';
import { TunnelHealthStrip } from './tunnel-health';
import { senderUrl, TunnelPanel } from './tunnel-panel';
import { useNow } from './use-now';

const STATE_TEXT: Record<TunnelState, string> = {
  off: 'off',
  connecting: 'connecting…',
  online: 'online',
  degraded: 'degraded',
  reconnecting: 'reconnecting…',
  failed: 'failed',
};

/** Whole seconds: a time in state has no use for milliseconds. */
export function timeInState(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : formatDuration(s * 1000);
}

export function TunnelControl(): React.JSX.Element {
  const tunnel = useHookscope((s) => s.tunnel);
  const setTunnel = useHookscope((s) => s.setTunnel);
  const run = useCommand();
  const access = useHookscope((s) => s.settings?.tunnel.access);
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState(false);
  const closePanel = useCallback(() => setPanel(false), []);
  const now = useNow();
  const state = tunnel?.state ?? 'off';
  const on = state !== 'off';
  const showReason = tunnel?.reason && (state === 'failed' || state === 'degraded' || state === 'reconnecting');
  // Online with a reason means the server granted another name than the one asked for.
  const note = state === 'online' ? tunnel?.reason : undefined;
  const url = tunnel?.url ? senderUrl(tunnel.url, access) : undefined;
  return (
    <div className="hdr-group tunnel tunnel-anchor" data-state={state}>
      <Switch
        label="Tunnel"
        checked={on}
        busy={busy}
        disabled={busy || !tunnel}
        title={on ? 'Stop the public tunnel' : 'Open a public URL that relays to the receiver'}
        onChange={(next) => {
          setBusy(true);
          void run(next ? 'Starting the tunnel' : 'Stopping the tunnel', (api) => api.setTunnel(next))
            .then((t) => t && setTunnel(t))
            .finally(() => setBusy(false));
        }}
      />
      <span className={`pill pill-tunnel pill-${state}`} title={tunnel?.reason ?? `Tunnel ${STATE_TEXT[state]}`}>
        <span className="dot" aria-hidden="true" />
        {STATE_TEXT[state]}
      </span>
      {on && tunnel && (
        <span className="tunnel-since" title={`in this state since ${new Date(tunnel.since).toLocaleTimeString()}`}>
          {timeInState(now - tunnel.since)}
        </span>
      )}
      {on && <TunnelHealthStrip />}
      {showReason && (
        <span className={`tunnel-reason is-${state}`} title={tunnel.reason}>
          {tunnel.reason}
        </span>
      )}
      {tunnel?.urlChangedFrom && (
        <span className="tunnel-note" role="alert" title={note ?? `was ${tunnel.urlChangedFrom}`}>
          Public URL changed: {tunnel.urlChangedFrom} no longer works
        </span>
      )}
      {url && (
        <span className="url-field" title={url}>
          <span className="url-text">{url}</span>
          <CopyButton text={url} label="public URL" />
        </span>
      )}
      <button type="button" className="btn" data-tunnel-toggle aria-expanded={panel} onClick={() => setPanel(!panel)} title="Test webhook, sender hints, access control">
        Tunnel…
      </button>
      {panel && <TunnelPanel onClose={closePanel} />}
    </div>
  );
}
