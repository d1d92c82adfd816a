// The header's session button: the open session's name, and the popover to switch, start,
// rename or delete sessions.
import { useCallback, useRef, useState } from 'react';
import { shownSessionName } from '../../state/sessions-slice';
import { useHookscope } from '../../state/store';
import { ChevronDownIcon } from '../icons';
import { SessionPopover } from './session-popover';
import './sessions.css';

export function SessionMenu(): React.JSX.Element | null {
  const name = useHookscope(shownSessionName);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Focus goes back to the button when the popover is closed from inside it (Esc, a switch),
  // not when the user clicked somewhere else.
  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }, []);
  // A core without named sessions sends no session with its snapshot.
  if (name === null) return null;
  return (
    <div className="hdr-group session-anchor">
      <button
        ref={buttonRef}
        type="button"
        className="btn session-btn"
        data-session-toggle
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Session: ${name}`}
        title="Sessions: switch, start a new one, rename, delete"
        onClick={() => setOpen(!open)}
      >
        <span className="session-btn-name">{name}</span>
        <ChevronDownIcon />
      </button>
      {open && <SessionPopover onClose={close} />}
    </div>
  );
}
