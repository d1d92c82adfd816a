// The tunnel's last health checks as a strip of ticks: a canary that never arrived shows as a red
// tick even while the state pill still says online, so "connected but dead" cannot hide.
import type { TunnelHealth } from '@contract/model';
import { formatClock, formatDuration } from '../lib/format';
import { useHookscope } from '../state/store';

const SHOWN = 20;

export function healthTitle(h: TunnelHealth): string {
  const when = formatClock(h.t);
  return h.ok ? `${when} · canary arrived in ${formatDuration(h.rttMs ?? NaN)}` : `${when} · ${h.error ?? 'canary failed'}`;
}

export function TunnelHealthStrip(): React.JSX.Element | null {
  const health = useHookscope((s) => s.tunnelHealth);
  if (health.length === 0) return null;
  const shown = health.slice(-SHOWN);
  const failed = shown.filter((h) => !h.ok).length;
  return (
    <span
      className="tunnel-health"
      role="img"
      aria-label={`tunnel health: last ${shown.length} checks, ${failed} failed`}
      title="Health checks through the public URL, oldest left"
    >
      {shown.map((h) => (
        <i key={h.t} className={h.ok ? 'ok' : 'bad'} title={healthTitle(h)} />
      ))}
    </span>
  );
}
