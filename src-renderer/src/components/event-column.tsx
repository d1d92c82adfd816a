import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { EventRow, Stream } from '@contract/model';
import { formatCount } from '../lib/format';
import { rowClass } from '../lib/row-class';
import { indexOfId, partnerIn } from '../lib/navigation';
import { selectViewMatches, selectViewMatchesVersion, selectViewPoll, selectViewPush, useHookscope } from '../state/store';
import { visibleRows } from '../state/visible';
import { EventRowView, ROW_HEIGHT } from './event-row';

const TITLE: Record<Stream, { title: string; sub: string }> = {
  push: { title: 'Pushed', sub: 'webhooks' },
  poll: { title: 'Polled', sub: 'API' },
};

/** Within this distance of the end the column counts as "at the bottom" and follows new rows. */
const STICK_SLACK = ROW_HEIGHT / 2;

/** Rows in one screenful of the list (plus a margin), for rendering the tail while following. */
function tailRows(viewHeight: number): number {
  return Math.ceil((viewHeight || 400) / ROW_HEIGHT) + 4;
}

/** Scrolls so that row `index` is visible: 'nearest' moves as little as possible. */
export function scrollRowIntoView(el: HTMLElement, index: number, align: 'nearest' | 'center'): void {
  const top = index * ROW_HEIGHT;
  const view = el.clientHeight;
  if (align === 'center') {
    el.scrollTop = Math.max(0, top - (view - ROW_HEIGHT) / 2);
    return;
  }
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + ROW_HEIGHT > el.scrollTop + view) el.scrollTop = top + ROW_HEIGHT - view;
}

function EmptyState({ stream, filtered }: { stream: Stream; filtered: boolean }): React.JSX.Element {
  const receiverUrl = useHookscope((s) => s.receiverUrl);
  const loaded = useHookscope((s) => s.loaded);
  if (!loaded) return <div className="empty">Loading…</div>;
  if (filtered) return <div className="empty">No rows match the filter.</div>;
  if (stream === 'push') {
    return (
      <div className="empty">
        <p>No webhooks yet.</p>
        <p className="muted">Point the service&apos;s webhook at the receiver (or the tunnel URL), or turn on Demo.</p>
        {receiverUrl && <code className="hint-code">curl -X POST {receiverUrl}/hook -H &apos;content-type: application/json&apos; -d &apos;{'{"id":"evt_1"}'}&apos;</code>}
      </div>
    );
  }
  return (
    <div className="empty">
      <p>No polled changes yet.</p>
      <p className="muted">Changes appear when a poll source finds new, changed or removed items.</p>
    </div>
  );
}

export function EventColumn({ stream }: { stream: Stream }): React.JSX.Element {
  const rows: readonly EventRow[] = useHookscope((s) => (stream === 'push' ? selectViewPush(s) : selectViewPoll(s)));
  const matches = useHookscope(selectViewMatches);
  const matchesVersion = useHookscope(selectViewMatchesVersion);
  // Typing stays responsive: the list re-filters at a lower priority than the keystroke.
  const filterText = useDeferredValue(useHookscope((s) => s.filterText));
  const coreSearch = useHookscope((s) => s.coreSearch);
  const classFilter = useHookscope((s) => s.classFilter);
  const selected = useHookscope((s) => s.selected);
  const hoverKey = useHookscope((s) => s.hoverKey);
  const focused = useHookscope((s) => s.focusedColumn === stream);
  const select = useHookscope((s) => s.select);
  const setHoverKey = useHookscope((s) => s.setHoverKey);
  const setFocusedColumn = useHookscope((s) => s.setFocusedColumn);

  // Recomputed when any input changes; `visibleRows` itself is memoised on the same inputs.
  const visible = useMemo(
    () => visibleRows(useHookscope.getState(), stream, filterText),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, matches, matchesVersion, filterText, classFilter, coreSearch, stream],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ id: string; index: number; offset: number } | null>(null);
  const visibleRef = useRef(visible);
  const viewHeight = useRef(0);

  // Where the list is, from the numbers the virtualizer already read on scroll: reading
  // scrollHeight/scrollTop here would force a second layout in the frame.
  const remember = useCallback((offset: number, height: number) => {
    const list = visibleRef.current;
    viewHeight.current = height;
    atBottom.current = list.length * ROW_HEIGHT - offset - height <= STICK_SLACK;
    const index = Math.min(list.length - 1, Math.floor(offset / ROW_HEIGHT));
    anchor.current = index >= 0 ? { id: list[index].id, index, offset: offset - index * ROW_HEIGHT } : null;
  }, []);

  // While the column follows new rows, the last screenful is rendered in the same commit as the
  // rows arrive: otherwise a new row only appears after the scroll event of the next frame.
  const rangeExtractor = useCallback((range: Range): number[] => {
    const base = defaultRangeExtractor(range);
    if (!atBottom.current || range.count === 0) return base;
    const tail = Math.max(0, range.count - tailRows(viewHeight.current));
    if (base.length > 0 && base[0] <= tail && base[base.length - 1] === range.count - 1) return base;
    const out = base.filter((i) => i < tail);
    for (let i = tail; i < range.count; i++) out.push(i);
    return out;
  }, []);

  // Rows have one fixed height and nothing the virtualizer returns is memoised downstream.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 600, height: 400 },
    rangeExtractor,
    onChange: (v) => remember(v.scrollOffset ?? 0, v.scrollRect?.height ?? 0),
  });

  // Runs before paint, so new rows never show at a shifted position for even one frame.
  useLayoutEffect(() => {
    visibleRef.current = visible;
    const el = scrollRef.current;
    if (!el) return;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      // Rows only leave from the front (the cap) and arrive at the end, so the anchor row can
      // only have moved towards the start: search from its old place backwards.
      const a = anchor.current;
      for (let i = Math.min(a.index, visible.length - 1); i >= 0; i--) {
        if (visible[i].id === a.id) {
          if (i !== a.index) el.scrollTop = i * ROW_HEIGHT + a.offset;
          break;
        }
      }
    }
    // No re-read here: a changed scrollTop fires `scroll`, which records the new place after
    // layout has settled, instead of forcing a second synchronous layout in this frame.
  }, [visible]);

  // Selection moves the view: the selected row into view here, its partner centred in the
  // other column. Only on selection change, never because rows arrived or on hover.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !selected) return;
    const list = visibleRef.current;
    if (selected.stream === stream) {
      const i = indexOfId(list, selected.id);
      if (i >= 0) scrollRowIntoView(el, i, 'nearest');
    } else {
      const partner = partnerIn(list, selected.matchKey);
      if (partner) scrollRowIntoView(el, indexOfId(list, partner.id), 'center');
    }
    remember(el.scrollTop, el.clientHeight);
  }, [selected, stream, remember]);

  const onPick = useCallback(
    (row: EventRow) => {
      select({ stream: row.stream, id: row.id, matchKey: row.matchKey }, { open: true });
      scrollRef.current?.focus({ preventScroll: true });
    },
    [select],
  );
  const onHover = useCallback((row: EventRow) => setHoverKey(row.matchKey ?? null), [setHoverKey]);

  const selectedKey = selected?.matchKey;
  const mine = selected?.stream === stream ? selected.id : undefined;
  const items = virtualizer.getVirtualItems();
  const t = TITLE[stream];
  const filtered = visible !== rows;

  return (
    <section className={`column col-${stream}${focused ? ' is-focused' : ''}`} aria-label={`${t.title} (${t.sub})`}>
      <div className="col-head">
        <span className="col-title">
          <span className={`stream-mark sm-${stream}`} aria-hidden="true" />
          {t.title} <span className="muted">({t.sub})</span>
        </span>
        <span className="col-count">
          {filtered ? `${formatCount(visible.length)} of ${formatCount(rows.length)}` : formatCount(rows.length)}
        </span>
      </div>
      <div className="col-cols" aria-hidden="true">
        <span className="c-mark" />
        <span className="c-time">Time</span>
        <span className="c-lead">{stream === 'push' ? 'Request' : 'Change · item'}</span>
        <span className="c-summary">Summary</span>
        <span className="c-size">Size</span>
        <span className="c-delay">Delay</span>
      </div>
      <div
        ref={scrollRef}
        className="col-scroll"
        role="listbox"
        tabIndex={0}
        data-column={stream}
        aria-label={`${t.title} (${t.sub}) events`}
        aria-activedescendant={mine ? `row-${stream}-${mine}` : undefined}
        onFocus={() => setFocusedColumn(stream)}
        onMouseLeave={() => setHoverKey(null)}
      >
        {visible.length === 0 ? (
          <EmptyState stream={stream} filtered={filtered} />
        ) : (
          <div className="col-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((it) => {
              const row = visible[it.index];
              if (!row) return null;
              const key = row.matchKey;
              return (
                <EventRowView
                  key={row.id}
                  row={row}
                  cls={rowClass(row, matches)}
                  top={it.start}
                  selected={row.id === mine}
                  partner={key !== undefined && key === selectedKey && row.id !== mine}
                  hovered={key !== undefined && key === hoverKey}
                  onPick={onPick}
                  onHover={onHover}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
