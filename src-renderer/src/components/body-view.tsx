import { useEffect, useMemo, useState } from 'react';
import type { BodyEncoding, DecodedBody, PushEvent } from '@contract/model';
import { bodyBytes, bodyModel, HEX_LIMIT, hexDump, PRETTY_LIMIT, prettyJson, TREE_LIMIT } from '../lib/body-view';
import { downloadBytes } from '../lib/download';
import { formatBytes } from '../lib/format';
import { useApi } from './api-context';
import { JsonTree } from './json-tree';
import { JsonView } from './json-view';
import { KvTable } from './kv-table';
import { MultipartView } from './multipart-view';
import '../styles/body-viewers.css';

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

/** Raw text, cut for display only when huge (the full bytes stay in the core and can be downloaded). */
function RawText({ text }: { text: string }): React.JSX.Element {
  const cut = text.length > PRETTY_LIMIT;
  return (
    <>
      {cut && <div className="detail-note">Showing the first {formatBytes(PRETTY_LIMIT)} of {formatBytes(text.length)}; download the body for all of it.</div>}
      <pre className="code">{cut ? text.slice(0, PRETTY_LIMIT) : text}</pre>
    </>
  );
}

function Hex({ bytes, what }: { bytes: Uint8Array; what: string }): React.JSX.Element {
  return (
    <>
      <div className="detail-note">
        {what}, {formatBytes(bytes.length)} (kept byte-exact)
        {bytes.length > HEX_LIMIT ? `; hex dump of the first ${formatBytes(HEX_LIMIT)}, download for all of it` : ''}.
      </div>
      <pre className="code hex">{hexDump(bytes)}</pre>
    </>
  );
}

interface BodyInput {
  body: string;
  bodyEncoding: BodyEncoding;
  contentType?: string;
}

/** Every body can be saved whole, whatever is shown: large ones are only partly rendered. */
function DownloadBody({ input, fileName }: { input: BodyInput; fileName: string }): React.JSX.Element {
  return (
    <button
      type="button"
      className="btn"
      onClick={() => {
        downloadBytes(bodyBytes(input), fileName, input.contentType);
      }}
    >
      Download body
    </button>
  );
}

function BodyContent({ input, fileName, extraTools }: { input: BodyInput; fileName: string; extraTools?: React.ReactNode }): React.JSX.Element {
  const model = useMemo(() => bodyModel(input), [input]);
  const [mode, setMode] = useState<Mode>('pretty');
  const tools = (label?: string): React.JSX.Element => (
    <div className="body-tools">
      {label !== undefined && <ModeSwitch mode={mode} setMode={setMode} prettyLabel={label} />}
      {extraTools}
      <span className="spacer" />
      {model.kind !== 'empty' && <DownloadBody input={input} fileName={fileName} />}
    </div>
  );
  switch (model.kind) {
    case 'empty':
      return (
        <>
          {extraTools && tools()}
          <div className="detail-empty">Empty body</div>
        </>
      );
    case 'json':
      return (
        <>
          {tools('Tree')}
          {mode === 'raw' ? <RawText text={model.text} /> : model.text.length <= TREE_LIMIT ? <JsonTree value={model.value} /> : <JsonView text={model.pretty} />}
        </>
      );
    case 'form':
      return (
        <>
          {tools('Form')}
          {mode === 'pretty' ? <KvTable pairs={model.pairs} empty="No fields" names={['Field', 'Value']} /> : <RawText text={model.text} />}
        </>
      );
    case 'xml':
      return (
        <>
          {tools('XML')}
          <RawText text={mode === 'pretty' ? model.pretty : model.text} />
        </>
      );
    case 'multipart':
      return (
        <>
          {tools('Parts')}
          {mode === 'pretty' && <MultipartView result={model.result} />}
          {(mode === 'raw' || !model.result.ok) && <Hex bytes={model.bytes} what="Multipart body" />}
        </>
      );
    case 'text':
      return (
        <>
          {tools()}
          <RawText text={model.text} />
        </>
      );
    case 'binary':
      return (
        <>
          {tools()}
          <Hex bytes={model.bytes} what="Binary body" />
        </>
      );
  }
}

type Decoding = { state: 'loading' } | { state: 'ok'; decoded: DecodedBody } | { state: 'error'; message: string };

function hasContentEncoding(ev: PushEvent): boolean {
  return ev.headers.some(([k, v]) => k.toLowerCase() === 'content-encoding' && v.trim() !== '' && v.trim().toLowerCase() !== 'identity');
}

/** A compressed body: the core undoes the Content-Encoding (capped); the stored bytes stay as received. */
function EncodedBody({ ev, fileName }: { ev: PushEvent; fileName: string }): React.JSX.Element {
  const api = useApi();
  const [decoding, setDecoding] = useState<Decoding>({ state: 'loading' });
  const [view, setView] = useState<'decoded' | 'received'>('decoded');
  useEffect(() => {
    let live = true;
    api.decodedBody(ev.id).then(
      (decoded) => live && setDecoding(decoded ? { state: 'ok', decoded } : { state: 'error', message: 'the event is no longer stored' }),
      (err: unknown) => live && setDecoding({ state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, ev.id]);
  const switcher = (
    <div className="seg" role="group" aria-label="Encoding">
      <button type="button" aria-pressed={view === 'decoded'} className={view === 'decoded' ? 'is-on' : ''} onClick={() => setView('decoded')}>
        Decoded
      </button>
      <button type="button" aria-pressed={view === 'received'} className={view === 'received' ? 'is-on' : ''} onClick={() => setView('received')}>
        As received
      </button>
    </div>
  );
  const decoded = decoding.state === 'ok' ? decoding.decoded : undefined;
  const decodedInput = useMemo<BodyInput | undefined>(
    () => (decoded ? { body: decoded.body, bodyEncoding: decoded.bodyEncoding, ...(ev.contentType !== undefined && { contentType: ev.contentType }) } : undefined),
    [decoded, ev.contentType],
  );
  if (view === 'received' || decoding.state === 'error') {
    return (
      <>
        {decoding.state === 'error' && <div className="detail-note is-bad">Could not decode the body: {decoding.message}</div>}
        <BodyContent input={{ body: ev.body, bodyEncoding: ev.bodyEncoding }} fileName={fileName} extraTools={switcher} />
      </>
    );
  }
  if (!decoded || !decodedInput) return <div className="detail-empty">Decoding…</div>;
  return (
    <>
      <div className={`detail-note${decoded.error || decoded.truncated ? ' is-bad' : ''}`} role="status">
        {decoded.truncated
          ? `Decoded ${formatBytes(decoded.decodedBytes)} of ${decoded.encoding} data (${formatBytes(decoded.encodedBytes)} received), stopped at the ${formatBytes(decoded.capBytes)} cap.`
          : `Decoded ${decoded.encoding}: ${formatBytes(decoded.encodedBytes)} received → ${formatBytes(decoded.decodedBytes)}.`}
        {decoded.error ? ` Decoding failed: ${decoded.error}.` : ''} The stored bytes are kept as received.
      </div>
      <BodyContent input={decodedInput} fileName={fileName.replace(/(\.bin)?$/, '-decoded$1')} extraTools={switcher} />
    </>
  );
}

export function PushBody({ ev }: { ev: PushEvent }): React.JSX.Element {
  if (ev.rejected) {
    return <div className="detail-empty is-bad">Body not kept: {ev.rejected}</div>;
  }
  const fileName = `${ev.id}.bin`;
  if (hasContentEncoding(ev)) return <EncodedBody ev={ev} fileName={fileName} />;
  return <BodyContent input={ev} fileName={fileName} />;
}

export function PollItem({ item }: { item: unknown }): React.JSX.Element {
  const [mode, setMode] = useState<Mode>('pretty');
  const raw = useMemo(() => JSON.stringify(item) ?? String(item), [item]);
  const pretty = useMemo(() => (raw.length > TREE_LIMIT ? prettyJson(item) : ''), [item, raw]);
  return (
    <>
      <ModeSwitch mode={mode} setMode={setMode} prettyLabel="Tree" />
      {mode === 'raw' ? <RawText text={raw} /> : raw.length <= TREE_LIMIT ? <JsonTree value={item} /> : <JsonView text={pretty} />}
    </>
  );
}
