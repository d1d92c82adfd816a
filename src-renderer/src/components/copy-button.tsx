import { useEffect, useState } from 'react';
import { useHookscope } from '../state/store';
import { CheckIcon, CopyIcon } from './icons';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older or locked-down contexts lack the async clipboard: fall back to a selection copy.
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  if (!ok) throw new Error('the clipboard is not available here');
}

export function CopyButton({ text, label }: { text: string; label: string }): React.JSX.Element {
  const [copied, setCopied] = useState(false);
  const addNotice = useHookscope((s) => s.addNotice);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1200);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <button
      type="button"
      className={`icon-btn copy-btn${copied ? ' is-done' : ''}`}
      title={copied ? 'Copied' : `Copy ${label}`}
      aria-label={`Copy ${label}`}
      onClick={() => {
        copyText(text).then(
          () => setCopied(true),
          (err: unknown) =>
            addNotice({ level: 'warn', message: `Could not copy the ${label}: ${err instanceof Error ? err.message : String(err)}`, t: Date.now() }),
        );
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
