import { memo } from 'react';
import type { EventRow as Row } from '@contract/model';
import { delayOf, formatBytes, formatClock, formatDelay } from '../lib/format';
import { ROW_CLASS_LABEL, type RowClass } from '../lib/row-class';
import { SignatureMark } from './signature-badge';

export const ROW_HEIGHT = 21;

export interface EventRowProps {
  row: Row;
  cls: RowClass;
  top: number;
  selected: boolean;
  /** Same match key as the selected row (in either column). */
  partner: boolean;
  /** Same match key as the hovered row. */
  hovered: boolean;
  onPick: (row: Row) => void;
  onHover: (row: Row) => void;
}

function Lead({ row }: { row: Row }): React.JSX.Element {
  if (row.stream === 'push') {
    return (
      <>
        <span className={`c-kind c-method m-${row.method.toLowerCase()}`}>{row.method}</span>
        <span className="c-path" title={row.query ? `${row.path}?${row.query}` : row.path}>
          {row.path}
          {row.query && <span className="c-query">?{row.query}</span>}
        </span>
      </>
    );
  }
  // The change is a pill as wide as its word, inside the fixed slot the column header lines up with.
  return (
    <>
      <span className="c-kind">
        <span className={`c-change ch-${row.change}`}>{row.change}</span>
      </span>
      <span className="c-path" title={`item ${row.itemId}`}>
        {row.itemId}
      </span>
    </>
  );
}

export const EventRowView = memo(function EventRowView(p: EventRowProps): React.JSX.Element {
  const { row, cls } = p;
  const delay = delayOf(row);
  const rejected = row.stream === 'push' ? row.rejected : undefined;
  const status = row.stream === 'push' && row.status >= 400 ? row.status : undefined;
  return (
    <div
      id={`row-${row.stream}-${row.id}`}
      role="option"
      aria-selected={p.selected}
      className={`row rc-${cls}${p.selected ? ' is-selected' : ''}${p.partner ? ' is-partner' : ''}${p.hovered ? ' is-hover-partner' : ''}`}
      style={{ transform: `translateY(${p.top}px)` }}
      data-id={row.id}
      onMouseDown={(e) => {
        // Keep focus on the list (not the row) and never start a text selection on click.
        if (e.button === 0) e.preventDefault();
      }}
      onClick={() => p.onPick(row)}
      onMouseEnter={() => p.onHover(row)}
    >
      <span className="c-mark" title={ROW_CLASS_LABEL[cls]} />
      <span className="c-time">{formatClock(row.t)}</span>
      <Lead row={row} />
      <span className="c-summary" title={rejected ? `Rejected: ${rejected}` : row.summary}>
        {row.stream === 'push' && <SignatureMark check={row.signature} />}
        {status !== undefined && <span className="c-status">{status}</span>}
        {rejected ? <span className="c-rejected">{rejected}</span> : row.summary}
      </span>
      <span className="c-size">{formatBytes(row.size)}</span>
      <span className={`c-delay${delay === undefined ? ' is-unknown' : ''}`} title={delay === undefined ? 'No source time in the payload' : 'Delay from the source time'}>
        {formatDelay(delay)}
      </span>
    </div>
  );
});
