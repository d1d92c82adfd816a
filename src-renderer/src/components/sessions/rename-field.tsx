// Renames a session in place: Enter saves, Esc gives up (and leaves the menu open).
import { useEffect, useRef, useState } from 'react';

export function RenameField(p: { name: string; busy: boolean; onSave: (name: string) => void; onCancel: () => void }): React.JSX.Element {
  const [value, setValue] = useState(p.name);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      className="ses-rename"
      aria-label={`Rename ${p.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!p.busy) p.onSave(value);
      }}
    >
      <input
        ref={ref}
        aria-label="New name"
        value={value}
        maxLength={200}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          e.stopPropagation();
          p.onCancel();
        }}
      />
      <button type="submit" className="btn" aria-disabled={p.busy || undefined}>
        {p.busy ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="btn" onClick={p.onCancel}>
        Cancel
      </button>
    </form>
  );
}
