import { useState } from 'react';
import type { WhatIf } from '../lib/figures';
import { formatDuration } from '../lib/format';

const W = 300;
const H = 130;
const PAD = { left: 34, right: 34, top: 6, bottom: 16 };
const X_MIN = 1_000;
const X_MAX = 3_600_000;
const Y_MIN = 100;
const Y_MAX = 3_600_000;
const R_MIN = 1;
const R_MAX = 3_600;

const logPos = (v: number, lo: number, hi: number, a: number, b: number): number =>
  a + ((Math.log(Math.min(hi, Math.max(lo, v))) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (b - a);
const xOf = (ms: number): number => logPos(ms, X_MIN, X_MAX, PAD.left, W - PAD.right);
const yDelay = (ms: number): number => logPos(ms, Y_MIN, Y_MAX, H - PAD.bottom, PAD.top);
const yRate = (perHour: number): number => logPos(perHour, R_MIN, R_MAX, H - PAD.bottom, PAD.top);

const X_TICKS: [number, string][] = [[1_000, '1s'], [10_000, '10s'], [60_000, '1m'], [600_000, '10m'], [3_600_000, '1h']];
const DELAY_TICKS: [number, string][] = [[1_000, '1s'], [60_000, '1m'], [3_600_000, '1h']];
const RATE_TICKS: [number, string][] = [[10, '10'], [100, '100'], [1_000, '1k']];

function rate(perHour: number): string {
  return perHour >= 100 ? Math.round(perHour).toLocaleString('en-US') : perHour.toFixed(perHour < 10 ? 1 : 0);
}

export function WhatIfPanel({ whatIf }: { whatIf: WhatIf }): React.JSX.Element {
  const [hover, setHover] = useState<number | null>(null);
  const pts = whatIf.points;
  const shown = hover !== null ? pts[hover] : (whatIf.current ?? pts[2]);
  const delayPath = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(p.intervalMs).toFixed(1)},${yDelay(p.expectedDelayMs).toFixed(1)}`).join('');
  const ratePath = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(p.intervalMs).toFixed(1)},${yRate(p.requestsPerHour).toFixed(1)}`).join('');
  const measured = whatIf.measured;

  return (
    <div className="whatif" data-testid="what-if">
      <div className="panel-head">
        <span className="panel-title" title="What if polling every 1 s … 1 h">What if…</span>
        <span className="spacer" />
        <span className="wi-key">
          <i className="wi-key-delay" />
          delay <i className="wi-key-rate" />
          req/h
        </span>
        <span className="muted panel-hint" title="Events per second seen so far">{whatIf.eventsPerSec.toFixed(2)} ev/s</span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className="whatif-chart" role="img" aria-label="Expected poll delay and requests per hour by poll interval" onMouseLeave={() => setHover(null)}>
        {X_TICKS.map(([ms, label]) => (
          <g key={ms}>
            <line x1={xOf(ms)} x2={xOf(ms)} y1={PAD.top} y2={H - PAD.bottom} className="wi-grid" />
            <text x={xOf(ms)} y={H - 4} className="wi-label" textAnchor="middle">
              {label}
            </text>
          </g>
        ))}
        {DELAY_TICKS.map(([ms, label]) => (
          <text key={ms} x={PAD.left - 4} y={yDelay(ms) + 3} className="wi-label wi-delay" textAnchor="end">
            {label}
          </text>
        ))}
        {RATE_TICKS.map(([n, label]) => (
          <text key={n} x={W - PAD.right + 4} y={yRate(n) + 3} className="wi-label wi-rate">
            {label}
          </text>
        ))}
        <path d={ratePath} className="wi-rate-line" />
        <path d={delayPath} className="wi-delay-line" />
        {whatIf.current && (
          <line x1={xOf(whatIf.current.intervalMs)} x2={xOf(whatIf.current.intervalMs)} y1={PAD.top} y2={H - PAD.bottom} className="wi-current">
            <title>Current interval: {formatDuration(whatIf.current.intervalMs)}</title>
          </line>
        )}
        {measured?.pollDelayP50Ms !== undefined && (
          <circle cx={xOf(measured.intervalMs)} cy={yDelay(Math.max(Y_MIN, measured.pollDelayP50Ms))} r={3.5} className="wi-measured" data-testid="what-if-measured">
            <title>Measured: p50 poll delay {formatDuration(measured.pollDelayP50Ms)} at {formatDuration(measured.intervalMs)}</title>
          </circle>
        )}
        {pts.map((p, i) => (
          <rect
            key={p.intervalMs}
            x={i === 0 ? PAD.left : (xOf(pts[i - 1].intervalMs) + xOf(p.intervalMs)) / 2}
            width={Math.max(1, ((i === pts.length - 1 ? xOf(p.intervalMs) : (xOf(p.intervalMs) + xOf(pts[i + 1].intervalMs)) / 2) - (i === 0 ? PAD.left : (xOf(pts[i - 1].intervalMs) + xOf(p.intervalMs)) / 2)))}
            y={PAD.top}
            height={H - PAD.top - PAD.bottom}
            className="wi-hit"
            onMouseEnter={() => setHover(i)}
          />
        ))}
        {hover !== null && <circle cx={xOf(pts[hover].intervalMs)} cy={yDelay(pts[hover].expectedDelayMs)} r={3} className="wi-hover" />}
      </svg>
      <div className="whatif-readout" aria-live="off">
        {shown && (
          <>
            <b>{formatDuration(shown.intervalMs)}</b>
            <span title={`p95 ${formatDuration(shown.p95DelayMs)}`}>≈ {formatDuration(shown.expectedDelayMs)} late</span>
            <span>{rate(shown.requestsPerHour)} req/h</span>
            <span>{(shown.emptyShare * 100).toFixed(0)} % empty</span>
          </>
        )}
      </div>
    </div>
  );
}
