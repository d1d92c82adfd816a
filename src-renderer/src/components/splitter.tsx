import { useRef } from 'react';
import { DETAIL_MIN } from '../state/view-slice';
import { useHookscope } from '../state/store';

/** Drag handle between the columns and the detail pane; ↑/↓ resize it from the keyboard too. */
export function Splitter(): React.JSX.Element {
  const height = useHookscope((s) => s.detailHeight);
  const setHeight = useHookscope((s) => s.setDetailHeight);
  const drag = useRef<{ y: number; h: number } | null>(null);
  const clamp = (h: number): number => Math.min(Math.max(DETAIL_MIN, h), Math.max(DETAIL_MIN, window.innerHeight - 200));
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the detail pane"
      aria-valuenow={height}
      tabIndex={0}
      onPointerDown={(e) => {
        drag.current = { y: e.clientY, h: height };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (drag.current) setHeight(clamp(drag.current.h + drag.current.y - e.clientY));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          e.stopPropagation();
          setHeight(clamp(height + (e.key === 'ArrowUp' ? 24 : -24)));
        }
      }}
    />
  );
}
