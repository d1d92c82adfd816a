import { useEffect, useRef, useState } from 'react';
import { parseCached } from '../lib/visible-rows';
import { useHookscope } from '../state/store';
import { focusColumn } from './focus';
import { SearchIcon } from './icons';

/** Global `/` focuses this box; Esc inside it clears it and gives the keys back to the rows. */
export const FILTER_INPUT_ID = 'row-filter';
const HELP_ID = 'row-filter-help';
const STATUS_ID = 'row-filter-status';

const SYNTAX: [string, string][] = [
  ['word "two words"', 'text in the row (id, path, summary, key); all must appear'],
  ['method:POST', 'request method (pushes)'],
  ['path:/hooks', 'path contains (pushes)'],
  ['status:4xx', 'answer status: 404, 4xx, 400-499, >=400 (pushes)'],
  ['header:x-github-event', 'a header by name; header:name=value also checks its value'],
  ['body:"lead.replied"', 'text in the body, or in a polled item'],
  ['class:poll-only', 'both, push-only, poll-only, duplicate, rejected, baseline, unkeyed'],
  ['-term', 'leave out rows that match the term'],
];

function FilterHelp({ onClose }: { onClose: () => void }): React.JSX.Element {
  return (
    <div id={HELP_ID} className="filter-help" role="dialog" aria-label="Filter syntax">
      <table>
        <tbody>
          {SYNTAX.map(([term, what]) => (
            <tr key={term}>
              <td>
                <code>{term}</code>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Terms combine with AND. Header and body terms are searched in the stored events.</p>
      <button type="button" className="link-btn" onClick={onClose}>
        close
      </button>
    </div>
  );
}

/** What the box has to say about the query: what was not understood, and the body search. */
function statusOf(text: string, core: { text: string; pending: boolean; error: string | null }): { msg: string; bad: boolean } | null {
  const problems = parseCached(text).problems;
  if (problems.length > 0) return { msg: problems.join('; '), bad: true };
  if (core.text !== text || core.text === '') return null;
  if (core.error) return { msg: core.error, bad: true };
  if (core.pending) return { msg: 'searching headers and bodies…', bad: false };
  return null;
}

export function FilterBox(): React.JSX.Element {
  const text = useHookscope((s) => s.filterText);
  const setText = useHookscope((s) => s.setFilterText);
  const core = useHookscope((s) => s.coreSearch);
  const [help, setHelp] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.value !== text) el.value = text;
  }, [text]);
  const status = statusOf(text, core);
  return (
    <span className="filter">
      <span className="filter-icon" aria-hidden="true">
        <SearchIcon />
      </span>
      <input
        id={FILTER_INPUT_ID}
        ref={ref}
        type="search"
        placeholder="Filter  /   method:POST body:…"
        aria-label="Filter rows: text, or method: path: status: header: body: class: terms"
        aria-describedby={status ? STATUS_ID : undefined}
        aria-invalid={status?.bad ? true : undefined}
        spellCheck={false}
        autoComplete="off"
        defaultValue={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            if (help) setHelp(false);
            else if (e.currentTarget.value !== '') {
              e.currentTarget.value = '';
              setText('');
            } else e.currentTarget.blur();
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault();
            focusColumn(useHookscope.getState().focusedColumn);
          } else if (e.key === '?' && e.currentTarget.value === '') {
            // An empty box has nothing to search for a question mark: show the syntax instead.
            e.preventDefault();
            setHelp(true);
          }
        }}
      />
      <button
        type="button"
        className="filter-help-btn"
        aria-label="Filter syntax"
        aria-expanded={help}
        aria-controls={HELP_ID}
        title="Filter syntax (? in an empty box)"
        onClick={() => setHelp((h) => !h)}
      >
        ?
      </button>
      {/* One column under the box: a message of any length pushes the syntax help down, never under it. */}
      {(status || help) && (
        <span className="filter-pop">
          {status && (
            <span id={STATUS_ID} className={`filter-status${status.bad ? ' is-bad' : ''}`} role="status">
              {status.msg}
            </span>
          )}
          {help && <FilterHelp onClose={() => setHelp(false)} />}
        </span>
      )}
    </span>
  );
}
