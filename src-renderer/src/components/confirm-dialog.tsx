import { useEffect, useRef } from 'react';

/** A small modal that asks before something destructive. Esc or the backdrop cancels. */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  children: React.ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}): React.JSX.Element {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { onCancel } = props;
  useEffect(() => {
    // Focus the safe choice, so a stray Enter does not delete anything.
    cancelRef.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onCancel]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onCancel()}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body">
        <h2 id="confirm-title">{props.title}</h2>
        <p id="confirm-body">{props.children}</p>
        <div className="modal-actions">
          <button type="button" className="btn" ref={cancelRef} onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
