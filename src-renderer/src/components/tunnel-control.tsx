import { useState } from 'react';
import type { TunnelState } from '@contract/model';
import { useHookscope } from '../state/store';
import { useCommand } from './api-context';
import { CopyButton } from './copy-button';
import { Switch } from './switch';

const STATE_TEXT: Record<TunnelState, string> = {
  off: 'off',
  connecting: 'connecting…',
  online: 'online',
  degraded: 'degraded',
  reconnecting: 'reconnecting…',
  failed: 'failed',
};

export function TunnelControl(): React.JSX.Element {
  const tunnel = useHookscope((s) => s.tunnel);
  const setTunnel = useHookscope((s) => s.setTunnel);
  const run = useCommand();
  const [busy, setBusy] = useState(false);
  const state = tunnel?.state ?? 'off';
  const on = state !== 'off';
  const showReason = tunnel?.reason && (state === 'failed' || state === 'degraded' || state === 'reconnecting');
  return (
    <div className="hdr-group tunnel" data-state={state}>
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
      {showReason && (
        <span className={`tunnel-reason is-${state}`} title={tunnel.reason}>
          {tunnel.reason}
        </span>
      )}
      {tunnel?.url && (
        <span className="url-field" title={tunnel.url}>
          <span className="url-text">{tunnel.url}</span>
          <CopyButton text={tunnel.url} label="public URL" />
        </span>
      )}
    </div>
  );
}
