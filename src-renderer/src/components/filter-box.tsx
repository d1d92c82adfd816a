import { useEffect, useRef } from 'react';
import { useHookscope } from '../state/store';
import { focusColumn } from './focus';
import { SearchIcon } from './icons';

/** Global `/` focuses this box; Esc inside it clears it and gives the keys back to the rows. */
export const FILTER_INPUT_ID = 'row-filter';

export function FilterBox(): React.JSX.Element {
  const text = useHookscope((s) => s.filterText);
  const setText = useHookscope((s) => s.setFilterText);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.value !== text) el.value = text;
  }, [text]);
  return (
    <span className="filter">
      <span className="filter-icon" aria-hidden="true">
        <SearchIcon />
      </span>
      <input
        id={FILTER_INPUT_ID}
        ref={ref}
        type="search"
        placeholder="Filter  /"
        aria-label="Filter rows by text (summary, path, id)"
        spellCheck={false}
        autoComplete="off"
        defaultValue={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            if (e.currentTarget.value !== '') {
              e.currentTarget.value = '';
              setText('');
            } else e.currentTarget.blur();
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault();
            focusColumn(useHookscope.getState().focusedColumn);
          }
        }}
      />
    </span>
  );
}
