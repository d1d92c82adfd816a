// Everything about the public URL that does not fit the header: what senders must do, a test
// webhook with its round trip, the loca.lt password on request, and who may use the URL.
import { useEffect, useRef, useState } from 'react';
import type { TestWebhookResult, TunnelAccess } from '@contract/model';
import { formatDuration } from '../lib/format';
import { useHookscope } from '../state/store';
import { useApi, useCommand } from './api-context';
import { CopyButton } from './copy-button';
import { healthTitle } from './tunnel-health';
import './tunnel.css';

const PUBLIC_SERVICE = /(^|\.)(localtunnel\.me|loca\.lt)$/;

/** The URL a sender must use: the public URL plus the secret segment when one is required. */
export function senderUrl(url: string, access: TunnelAccess | undefined): string {
  const base = url.replace(/\/+$/, '');
  return access?.mode === 'path' ? `${base}/${access.secret}` : base;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function TestWebhook(): React.JSX.Element {
  const tunnel = useHookscope((s) => s.tunnel);
  const run = useCommand();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestWebhookResult | null>(null);
  const ready = tunnel?.state === 'online' || tunnel?.state === 'degraded';
  return (
    <div className="tp-row">
      <button
        type="button"
        className="btn"
        disabled={busy || !ready}
        title={ready ? 'POST a sample event to the public URL, as a sender would' : 'The tunnel must be online first'}
        onClick={() => {
          setBusy(true);
          setResult(null);
          void run('Sending a test webhook', (api) => api.sendTestWebhook())
            .then((r) => r && setResult(r))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Sending…' : 'Send test webhook'}
      </button>
      {result && (
        <span className={`tp-result ${result.ok ? 'is-ok' : 'is-bad'}`} role="status">
          {result.ok
            ? `HTTP ${result.status ?? ''} · round trip ${formatDuration(result.rttMs ?? NaN)} · captured`
            : result.error ?? 'failed'}
        </span>
      )}
    </div>
  );
}

function TunnelPassword(): React.JSX.Element {
  const api = useApi();
  const [state, setState] = useState<{ busy: boolean; ip?: string; error?: string }>({ busy: false });
  return (
    <div className="tp-row">
      <button
        type="button"
        className="btn"
        disabled={state.busy}
        title="Asks loca.lt for this computer's public IP address; nothing is sent before you click"
        onClick={() => {
          setState({ busy: true });
          api.tunnelPassword().then(
            (ip) => setState({ busy: false, ip }),
            (err: unknown) => setState({ busy: false, error: err instanceof Error ? err.message : String(err) }),
          );
        }}
      >
        {state.busy ? 'Asking loca.lt…' : 'Show tunnel password'}
      </button>
      {state.ip && (
        <span className="tp-result is-ok">
          <code>{state.ip}</code> <CopyButton text={state.ip} label="tunnel password" />
        </span>
      )}
      {state.error && (
        <span className="tp-result is-bad" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}

function AccessForm(): React.JSX.Element {
  const current = useHookscope((s) => s.settings?.tunnel.access);
  const setSettings = useHookscope((s) => s.setSettings);
  const run = useCommand();
  const [mode, setMode] = useState<TunnelAccess['mode']>(current?.mode ?? 'open');
  const [secret, setSecret] = useState(current?.mode === 'path' ? current.secret : '');
  const [user, setUser] = useState(current?.mode === 'basic' ? current.user : '');
  const [password, setPassword] = useState(current?.mode === 'basic' ? current.password : '');
  const [saved, setSaved] = useState(false);
  const access = (): TunnelAccess =>
    mode === 'path' ? { mode, secret: secret.trim() } : mode === 'basic' ? { mode, user, password } : { mode: 'open' };
  return (
    <form
      className="tp-access"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void run('Saving who may use the public URL', (a) => a.updateSettings({ tunnel: { access: access() } })).then((s) => {
          if (s) {
            setSettings(s);
            setSaved(true);
          }
        });
      }}
    >
      <fieldset>
        <legend>Who may use the public URL</legend>
        <label>
          <input type="radio" name="tp-mode" checked={mode === 'open'} onChange={() => setMode('open')} /> Anyone
        </label>
        <label>
          <input type="radio" name="tp-mode" checked={mode === 'path'} onChange={() => setMode('path')} /> Secret path prefix
        </label>
        <label>
          <input type="radio" name="tp-mode" checked={mode === 'basic'} onChange={() => setMode('basic')} /> Basic auth
        </label>
      </fieldset>
      {mode === 'path' && (
        <div className="tp-row">
          <input aria-label="secret path" className="tp-input" value={secret} placeholder="8+ letters, digits, - or _" onChange={(e) => setSecret(e.target.value)} />
          <button type="button" className="btn" onClick={() => setSecret(randomSecret())}>
            Generate
          </button>
        </div>
      )}
      {mode === 'basic' && (
        <div className="tp-row">
          <input aria-label="user" className="tp-input" value={user} placeholder="user" onChange={(e) => setUser(e.target.value)} />
          <input aria-label="password" className="tp-input" type="password" value={password} placeholder="password (8+)" onChange={(e) => setPassword(e.target.value)} />
        </div>
      )}
      <div className="tp-row">
        <button type="submit" className="btn">
          Save
        </button>
        {saved && <span className="tp-result is-ok">Saved — strangers now get {mode === 'basic' ? '401' : mode === 'path' ? '404' : 'through'}</span>}
      </div>
    </form>
  );
}

export function TunnelPanel({ onClose }: { onClose: () => void }): React.JSX.Element {
  const tunnel = useHookscope((s) => s.tunnel);
  const access = useHookscope((s) => s.settings?.tunnel.access);
  const health = useHookscope((s) => s.tunnelHealth);
  const host = tunnel?.host ?? '';
  let hostName = '';
  try {
    hostName = new URL(host).hostname;
  } catch {
    hostName = '';
  }
  const publicService = PUBLIC_SERVICE.test(hostName);
  const last = health.at(-1);
  const panelRef = useRef<HTMLDivElement>(null);
  // A popover: Esc or a click anywhere else (another panel's button included) closes it, so it
  // never sits over a drawer opened after it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    const onPointer = (e: PointerEvent): void => {
      const target = e.target as Node | null;
      const toggle = (target as Element | null)?.closest?.('[data-tunnel-toggle]');
      if (target && !panelRef.current?.contains(target) && !toggle) onClose();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [onClose]);
  return (
    <div ref={panelRef} className="tunnel-panel" role="dialog" aria-label="Tunnel details">
      <div className="tp-head">
        <b>Public URL</b>
        <span className="muted">via {host || '—'}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose} aria-label="Close tunnel details">
          Close
        </button>
      </div>
      {tunnel?.url ? (
        <div className="tp-row">
          <span className="url-field">
            <span className="url-text">{senderUrl(tunnel.url, access)}</span>
            <CopyButton text={senderUrl(tunnel.url, access)} label="sender URL" />
          </span>
        </div>
      ) : (
        <p className="muted">No public URL yet{tunnel?.reason ? `: ${tunnel.reason}` : '.'}</p>
      )}
      {last && <p className="tp-note">Last health check: {healthTitle(last)}</p>}
      <TestWebhook />
      <h4>For senders</h4>
      <ul className="tp-facts">
        {access?.mode === 'basic' && <li>Senders must send HTTP basic auth (user {access.user}); others get 401 and show up as rejected.</li>}
        {access?.mode === 'path' && <li>Senders must use the URL above, secret segment included; others get 404 and show up as rejected.</li>}
        {publicService ? (
          <>
            <li>
              loca.lt answers browser-like senders with a reminder page (HTTP 401). Senders avoid it with the header{' '}
              <code>bypass-tunnel-reminder: 1</code> (any value) or a non-browser User-Agent.
            </li>
            <li>People opening the URL in a browser are asked for the tunnel password: this computer&apos;s public IP address.</li>
          </>
        ) : (
          <li>This is a self-hosted tunnel server: no reminder page and no password, unless that server adds its own.</li>
        )}
      </ul>
      {publicService && <TunnelPassword />}
      <AccessForm />
    </div>
  );
}
