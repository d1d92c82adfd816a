// multipart/form-data: every part listed, file parts downloadable with their exact bytes.
import type { MultipartPart, MultipartResult } from '../lib/multipart';
import { partText } from '../lib/multipart';
import { downloadBytes, safeFileName } from '../lib/download';
import { formatBytes } from '../lib/format';

const PREVIEW_CHARS = 300;

function Value({ part }: { part: MultipartPart }): React.JSX.Element {
  if (part.filename !== undefined) return <span className="muted">file</span>;
  const text = partText(part);
  if (text === undefined) return <span className="muted">binary</span>;
  return <span className="part-value">{text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text}</span>;
}

export function MultipartView({ result }: { result: MultipartResult }): React.JSX.Element {
  if (!result.ok) return <div className="detail-note is-bad">Could not split the multipart body: {result.error}. The raw bytes are below.</div>;
  if (result.parts.length === 0) return <div className="detail-empty">No parts</div>;
  return (
    <>
      {result.warning && <div className="detail-note is-bad">{result.warning}</div>}
      <table className="parts" aria-label="Multipart parts">
        <thead>
          <tr>
            <th>#</th>
            <th>Name</th>
            <th>File name</th>
            <th>Content type</th>
            <th>Size</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {result.parts.map((part) => (
            <tr key={part.index}>
              <td className="num">{part.index + 1}</td>
              <td className="mono">{part.name ?? <span className="muted">—</span>}</td>
              <td className="mono">{part.filename ?? <span className="muted">—</span>}</td>
              <td className="mono">{part.contentType ?? <span className="muted">—</span>}</td>
              <td className="num" title={`${part.bytes.length} bytes`}>
                {formatBytes(part.bytes.length)}
              </td>
              <td>
                <Value part={part} />
              </td>
              <td>
                <button
                  type="button"
                  className="btn"
                  aria-label={`Download part ${part.index + 1}${part.filename ? ` (${part.filename})` : ''}`}
                  onClick={() => downloadBytes(part.bytes, safeFileName(part.filename ?? part.name, `part-${part.index + 1}.bin`), part.contentType)}
                >
                  Download
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
