import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Stream } from '@contract/model';
import { formatDuration } from '../lib/format';
import { nearestMark, type MarkKind, type TimelineMarks } from '../lib/timeline-marks';
import { useHookscope } from '../state/store';

/** What live mode shows: the last two minutes, so marks keep a readable spacing as a session grows. */
const LIVE_SPAN_MS = 120_000;
const MIN_LIVE_SPAN_MS = 20_000;
const LANE: Record<Stream, number> = { push: 2, poll: 1 };
const KIND_INDEX: Record<MarkKind, number> = { both: 0, 'push-only': 1, 'poll-only': 2, duplicate: 3, unkeyed: 4 };
const KIND_SLOTS = 10;
const TICK_TOP = 0.62;
const TICK_BOTTOM = 0.38;

interface Palette {
  kind: Record<MarkKind, string>;
  pair: string;
  tick: string;
  bad: string;
  grid: string;
  text: string;
  lane: string;
}

function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string): string => css.getPropertyValue(name).trim() || '#888';
  return {
    kind: { both: v('--c-both'), 'push-only': v('--c-push-only'), 'poll-only': v('--c-poll-only'), duplicate: v('--c-duplicate'), unkeyed: v('--c-unkeyed') },
    pair: v('--c-both'),
    tick: v('--text-3'),
    bad: v('--bad'),
    grid: v('--border-soft'),
    text: v('--text-2'),
    lane: v('--border'),
  };
}

function draw(u: uPlot, data: TimelineMarks, palette: Palette): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const min = u.scales.x.min ?? 0;
  const max = u.scales.x.max ?? 0;
  const x = (t: number): number => u.valToPos(t, 'x', true);
  const y = (lane: number): number => u.valToPos(lane, 'y', true);
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();

  ctx.lineWidth = px;
  ctx.strokeStyle = palette.lane;
  for (const lane of [LANE.push, LANE.poll]) {
    ctx.beginPath();
    ctx.moveTo(left, y(lane));
    ctx.lineTo(left + width, y(lane));
    ctx.stroke();
  }

  // Poll requests: faded when they found nothing, red when they failed.
  for (const tick of data.ticks) {
    if (tick.t < min || tick.t > max) continue;
    ctx.globalAlpha = tick.failed ? 1 : tick.empty ? 0.3 : 0.9;
    ctx.strokeStyle = tick.failed ? palette.bad : palette.tick;
    ctx.beginPath();
    ctx.moveTo(x(tick.t), y(TICK_TOP));
    ctx.lineTo(x(tick.t), y(TICK_BOTTOM));
    ctx.stroke();
  }

  // A pair's line is as long, on the time axis, as the gap between the two sides.
  ctx.globalAlpha = 0.35;
  ctx.strokeStyle = palette.pair;
  ctx.beginPath();
  for (const [pushT, pollT] of data.pairs) {
    if (Math.max(pushT, pollT) < min || Math.min(pushT, pollT) > max) continue;
    ctx.moveTo(x(pushT), y(LANE.push));
    ctx.lineTo(x(pollT), y(LANE.poll));
  }
  ctx.stroke();

  ctx.globalAlpha = 1;
  const r = 3 * px;
  // At 100k events many marks share a pixel: each pixel column draws each kind of mark once.
  const drawn = new Uint8Array((Math.ceil(left + width) + 1) * KIND_SLOTS);
  for (const m of data.marks) {
    if (m.t < min || m.t > max) continue;
    const mx = x(m.t);
    const slot = Math.round(mx) * KIND_SLOTS + KIND_INDEX[m.kind] * 2 + (m.stream === 'push' ? 0 : 1);
    if (drawn[slot]) continue;
    drawn[slot] = 1;
    ctx.fillStyle = palette.kind[m.kind];
    ctx.beginPath();
    ctx.arc(mx, y(LANE[m.stream]) + (m.kind === 'duplicate' ? -5 * px : 0), r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}

/** Some environments (test DOMs, locked-down browsers) give no 2D canvas: the chart is then left out. */
function canvasWorks(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

/** The longest the chart lags the rows while they stream. */
const REDRAW_MS = 250;

export function Timeline({ data }: { data: TimelineMarks }): React.JSX.Element {
  const [drawable] = useState(canvasWorks);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  const liveRef = useRef(true);
  const [live, setLive] = useState(true);
  const [spanMs, setSpanMs] = useState(LIVE_SPAN_MS);
  const select = useHookscope((s) => s.select);
  const selectRef = useRef(select);
  useLayoutEffect(() => {
    selectRef.current = select;
    dataRef.current = data;
  });

  const setRange = (min: number, max: number): void => {
    const u = plot.current;
    if (!u || !(max > min)) return;
    u.setScale('x', { min, max });
  };
  const liveRange = (d: TimelineMarks = dataRef.current): [number, number] => {
    const now = Date.now();
    const end = Math.max(now, Number.isFinite(d.to) ? d.to : now) + 2_000;
    // A young session fills the width from its first event instead of huddling at the right edge.
    const start = Number.isFinite(d.from) ? Math.max(end - LIVE_SPAN_MS, Math.min(d.from - 2_000, end - MIN_LIVE_SPAN_MS)) : end - LIVE_SPAN_MS;
    return [start, end];
  };
  const goLive = (on: boolean): void => {
    liveRef.current = on;
    setLive(on);
  };

  useEffect(() => {
    const el = host.current;
    if (!el || !drawable) return;
    const palette = readPalette();
    const [min, max] = liveRange();
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: Math.max(80, el.clientHeight),
        ms: 1,
        legend: { show: false },
        scales: { x: { time: true, auto: false, min, max }, y: { auto: false, range: [0.2, 2.6] } },
        axes: [
          { stroke: palette.text, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid, width: 1 }, size: 26, font: '10px system-ui' },
          {
            stroke: palette.text,
            splits: () => [LANE.poll, LANE.push],
            values: (_u, splits) => splits.map((s) => (s === LANE.push ? 'push' : s === LANE.poll ? 'poll' : '')),
            grid: { show: false },
            ticks: { show: false },
            size: 34,
            font: '11px system-ui',
          },
        ],
        series: [{}, { stroke: 'transparent', points: { show: false } }],
        cursor: { drag: { x: true, y: false, setScale: true }, points: { show: false }, y: false, x: true },
        hooks: {
          draw: [(self) => draw(self, dataRef.current, palette)],
          // A zoom the user made (drag to select) stops following the live edge; resizes do not.
          setSelect: [
            (self) => {
              if (self.select.width > 0 && liveRef.current) goLive(false);
            },
          ],
          setScale: [
            (self, key) => {
              if (key === 'x') setSpanMs((self.scales.x.max ?? 0) - (self.scales.x.min ?? 0));
            },
          ],
        },
      },
      [[min, max], [null, null]],
      el,
    );
    plot.current = u;

    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const sMin = u.scales.x.min ?? 0;
      const sMax = u.scales.x.max ?? 0;
      const span = sMax - sMin;
      goLive(false);
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const shift = (span * (e.shiftKey ? e.deltaY : e.deltaX)) / 800;
        setRange(sMin + shift, sMax + shift);
        return;
      }
      const at = u.posToVal(e.offsetX, 'x');
      const factor = Math.exp(e.deltaY / 400);
      const next = Math.min(Math.max(span * factor, 200), 7 * 24 * 3_600_000);
      const ratio = (at - sMin) / span;
      setRange(at - ratio * next, at + (1 - ratio) * next);
    };
    const onDblClick = (): void => goLive(true);
    const onClick = (e: MouseEvent): void => {
      if (u.select.width > 2) return;
      const laneVal = u.posToVal(e.offsetY, 'y');
      const stream: Stream = laneVal >= 1.5 ? 'push' : 'poll';
      const t = u.posToVal(e.offsetX, 'x');
      const radius = u.posToVal(e.offsetX + 6, 'x') - t;
      const mark = nearestMark(dataRef.current.marks, stream, t, radius);
      if (mark) selectRef.current({ stream: mark.stream, id: mark.id, matchKey: mark.key }, { open: true });
    };
    u.over.addEventListener('wheel', onWheel, { passive: false });
    u.over.addEventListener('dblclick', onDblClick);
    u.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: Math.max(80, el.clientHeight) }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // The chart is built once; data and live mode reach it through refs.
  }, [drawable]);

  // While rows stream in, `data` changes every frame; the chart (a whole canvas redraw) follows at
  // most every REDRAW_MS, so the columns keep the frame and the core keeps the CPU. Switching live
  // mode redraws at once.
  const redrawTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastRedraw = useRef(0);
  const redrawNow = (): void => {
    clearTimeout(redrawTimer.current);
    redrawTimer.current = undefined;
    lastRedraw.current = performance.now();
    const u = plot.current;
    if (!u) return;
    if (liveRef.current) {
      const [min, max] = liveRange();
      setRange(min, max);
    } else u.redraw(false);
  };
  const redrawSoon = useRef(redrawNow);
  useLayoutEffect(() => {
    redrawSoon.current = redrawNow;
  });
  useEffect(() => {
    if (redrawTimer.current !== undefined) return;
    const wait = REDRAW_MS - (performance.now() - lastRedraw.current);
    if (wait <= 0) redrawSoon.current();
    else redrawTimer.current = setTimeout(() => redrawSoon.current(), wait);
  }, [data]);
  useEffect(() => redrawSoon.current(), [live]);
  useEffect(() => () => clearTimeout(redrawTimer.current), []);

  // The live edge moves with the clock even when nothing arrives.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      const [min, max] = liveRange();
      setRange(min, max);
    }, 1000);
    return () => clearInterval(timer);
  }, [live]);

  const fitAll = (): void => {
    const d = dataRef.current;
    if (!Number.isFinite(d.from)) return;
    goLive(false);
    const pad = Math.max(1000, (d.to - d.from) * 0.02);
    setRange(d.from - pad, d.to + pad);
  };

  return (
    <div className="timeline" data-testid="timeline">
      <div className="panel-head">
        <span className="panel-title">Timeline</span>
        <span className="legend">
          <i className="lg lg-both" />both <i className="lg lg-push-only" />push only <i className="lg lg-poll-only" />poll only <i className="lg lg-duplicate" />duplicate
          <span className="lg-optional">
            <i className="lg-tick" />poll request (faded: found nothing)
          </span>
        </span>
        <span className="spacer" />
        <span className="muted panel-hint" title="Drag to zoom, wheel to zoom, shift+wheel to pan, double-click for live">
          {live ? `live · ${formatDuration(spanMs)}` : `${formatDuration(spanMs)} shown`}
        </span>
        <button type="button" className="link-btn" onClick={fitAll}>
          all
        </button>
        <button type="button" className={`link-btn${live ? ' is-on' : ''}`} aria-pressed={live} onClick={() => goLive(true)}>
          live
        </button>
      </div>
      <div className="timeline-plot" ref={host}>
        {!drawable && <div className="detail-empty">This browser gives no canvas to draw the timeline on.</div>}
      </div>
    </div>
  );
}
