import { useMemo, useState } from 'react';
import type { PushEvent } from '@contract/model';
import { bodyModel, HEX_LIMIT, hexDump, PRETTY_LIMIT, prettyJson } from '../lib/body-view';
import { formatBytes } from '../lib/format';
import { JsonView } from './json-view';
import { KvTable } from './kv-table';

type Mode = 'pretty' | 'raw';

function ModeSwitch({ mode, setMode, prettyLabel }: { mode: Mode; setMode: (m: Mode) => void; prettyLabel: string }): React.JSX.Element {
  return (
    <div className="seg" role="group" aria-label="Body view">
      <button type="button" aria-pressed={mode === 'pretty'} className={mode === 'pretty' ? 'is-on' : ''} onClick={() => setMode('pretty')}>
        {prettyLabel}
      </button>
      <button type="button" aria-pressed={mode === 'raw'} className={mode === 'raw' ? 'is-on' : ''} onClick={() => setMode('raw')}>
        Raw
      </button>
    </div>
  );
}

/** Raw text, cut for display only when huge (the full bytes stay in the core). */
function RawText({ text }: { text: string }): React.JSX.Element {
  const cut = text.length > PRETTY_LIMIT;
  return (
    <>
      {cut && <div className="detail-note">Showing the first {formatBytes(PRETTY_LIMIT)} of {formatBytes(text.length)}.</div>}
      <pre className="code">{cut ? text.slice(0, PRETTY_LIMIT) : text}</pre>
    </>
  );
}

export function PushBody({ ev }: { ev: PushEvent }): React.JSX.Element {
  const model = useMemo(() => bodyModel(ev), [ev]);
  const [mode, setMode] = useState<Mode>('pretty');
  if (ev.rejected) {
    return <div className="detail-empty is-bad">Body not kept: {ev.rejected}</div>;
  }
  switch (model.kind) {
    case 'empty':
      return <div className="detail-empty">Empty body</div>;
    case 'json':
      return (
        <>
          <ModeSwitch mode={mode} setMode={setMode} prettyLabel="JSON" />
          {mode === 'pretty' ? <JsonView text={model.pretty} /> : <RawText text={model.text} />}
        </>
      );
    case 'form':
      return (
        <>
          <ModeSwitch mode={mode} setMode={setMode} prettyLabel="Form" />
          {mode === 'pretty' ? <KvTable pairs={model.pairs} empty="No fields" names={['Field', 'Value']} /> : <RawText text={model.text} />}
        </>
      );
    case 'text':
      return <RawText text={model.text} />;
    case 'binary':
      return (
        <>
          <div className="detail-note">
            Binary body, {formatBytes(model.bytes.length)} (kept byte-exact)
            {model.bytes.length > HEX_LIMIT ? `; hex dump of the first ${formatBytes(HEX_LIMIT)}` : ''}.
          </div>
          <pre className="code hex">{hexDump(model.bytes)}</pre>
        </>
      );
  }
}

export function PollItem({ item }: { item: unknown }): React.JSX.Element {
  const [mode, setMode] = useState<Mode>('pretty');
  const pretty = useMemo(() => prettyJson(item), [item]);
  const raw = useMemo(() => JSON.stringify(item) ?? String(item), [item]);
  return (
    <>
      <ModeSwitch mode={mode} setMode={setMode} prettyLabel="JSON" />
      {mode === 'pretty' ? <JsonView text={pretty} /> : <RawText text={raw} />}
    </>
  );
}
