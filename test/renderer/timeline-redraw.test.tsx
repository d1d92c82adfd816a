// @vitest-environment happy-dom
// While rows stream in, the chart follows at most every 250 ms instead of redrawing every frame.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineMarks } from '../../src-renderer/src/lib/timeline-marks';

const draws = vi.hoisted(() => ({ count: 0 }));
vi.mock('uplot', () => ({
  default: class FakePlot {
    over = document.createElement('div');
    select = { width: 0 };
    constructor(_opts: unknown, _data: unknown, host: HTMLElement) {
      host.append(this.over);
    }
    setScale(): void {
      draws.count++;
    }
    redraw(): void {
      draws.count++;
    }
    setSize(): void {}
    posToVal(): number {
      return 0;
    }
    destroy(): void {}
  },
}));
vi.mock('uplot/dist/uPlot.min.css', () => ({}));

const { Timeline } = await import('../../src-renderer/src/components/timeline');

const marks = (to: number): TimelineMarks => ({ marks: [], pairs: [], ticks: [], from: 0, to });

describe('timeline redraws while events stream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    draws.count = 0;
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as CanvasRenderingContext2D);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('draws the first change at once, then at most one more per 250 ms, never dropping the last', () => {
    const { rerender } = render(<Timeline data={marks(1)} />);
    const afterMount = draws.count;
    act(() => {
      vi.advanceTimersByTime(300);
    });
    rerender(<Timeline data={marks(2)} />);
    expect(draws.count).toBe(afterMount + 1);
    for (let i = 3; i < 20; i++) {
      act(() => {
      vi.advanceTimersByTime(10);
    });
      rerender(<Timeline data={marks(i)} />);
    }
    // 170 ms of changes every 10 ms: none drawn yet, one pending.
    expect(draws.count).toBe(afterMount + 1);
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(draws.count).toBe(afterMount + 2);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    // Only the live edge's once-a-second move after that; no redraw is left waiting.
    expect(draws.count).toBe(afterMount + 3);
  });
});
