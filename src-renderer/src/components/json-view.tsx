import { useMemo } from 'react';
import { COLOUR_LIMIT, tokenizeJson } from '../lib/body-view';

/** Pretty JSON with colours. Tokens become React text nodes: nothing in a payload is ever markup. */
export function JsonView({ text }: { text: string }): React.JSX.Element {
  const tokens = useMemo(() => (text.length <= COLOUR_LIMIT ? tokenizeJson(text) : null), [text]);
  if (!tokens) return <pre className="code">{text}</pre>;
  return (
    <pre className="code json">
      {tokens.map((t, i) => (t.kind === 'space' || t.kind === 'punct' ? t.text : <span key={i} className={`j-${t.kind}`}>{t.text}</span>))}
    </pre>
  );
}
