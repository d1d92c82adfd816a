// multipart/form-data split at the byte level, so a file part's bytes are exactly the bytes the
// sender put between the boundaries (a text decode/encode round trip would alter binary files).
// Written here rather than taken from a library: the maintained parsers (busboy, parse-multipart-data)
// are built on Node's Buffer and streams, and the renderer runs in a plain browser too.

export interface MultipartPart {
  index: number;
  headers: [string, string][];
  name?: string;
  filename?: string;
  contentType?: string;
  /** The part's body: a view into the captured bytes, never a copy that could drift. */
  bytes: Uint8Array;
}

export type MultipartResult = { ok: true; parts: MultipartPart[]; warning?: string } | { ok: false; error: string };

/** The boundary parameter of a Content-Type, quotes removed; undefined when there is none. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  return b !== undefined && b.length > 0 && b.length <= 200 ? b : undefined;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first, from); i !== -1 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const latin1 = new TextDecoder('latin1');

/** Content-Disposition parameters: name, filename and the RFC 5987 filename* form. */
function dispositionParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const key = (m[1] ?? '').toLowerCase();
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (key.endsWith('*')) {
      const ext = /^([^']*)'[^']*'(.*)$/.exec(raw);
      try {
        out[key.slice(0, -1)] = decodeURIComponent(ext?.[2] ?? raw);
      } catch {
        out[key.slice(0, -1)] = raw;
      }
    } else if (!(key in out)) out[key] = raw;
  }
  return out;
}

function parseHeaders(block: Uint8Array): [string, string][] {
  // Header bytes are mostly ASCII; browsers send UTF-8 filenames raw, so decode as UTF-8 when valid.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(block);
  } catch {
    text = latin1.decode(block);
  }
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

export function parseMultipart(bytes: Uint8Array, contentType: string): MultipartResult {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return { ok: false, error: 'the Content-Type names no boundary, so the parts cannot be found' };
  const enc = new TextEncoder();
  const dash = enc.encode(`--${boundary}`);
  const delim = enc.encode(`\r\n--${boundary}`);
  let pos = indexOf(bytes, dash, 0);
  if (pos === -1) return { ok: false, error: `the boundary "${boundary}" does not occur in the body` };
  const parts: MultipartPart[] = [];
  for (;;) {
    pos += dash.length;
    // "--" right after a boundary closes the body.
    if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) return { ok: true, parts };
    // Skip transport padding and the line break after the boundary.
    while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++;
    if (bytes[pos] === 0x0d) pos++;
    if (bytes[pos] === 0x0a) pos++;
    let headerEnd = indexOf(bytes, enc.encode('\r\n\r\n'), pos);
    let bodyStart = headerEnd + 4;
    const next = indexOf(bytes, delim, pos);
    // A part with no headers starts with the blank line itself.
    if (bytes[pos] === 0x0d && bytes[pos + 1] === 0x0a) {
      headerEnd = pos;
      bodyStart = pos + 2;
    }
    if (headerEnd === -1 || (next !== -1 && headerEnd > next)) {
      return parts.length > 0 ? { ok: true, parts, warning: `part ${parts.length + 1} has no header end; the body stops there` } : { ok: false, error: 'the first part has no blank line after its headers' };
    }
    const headers = parseHeaders(bytes.subarray(pos, headerEnd));
    const end = next === -1 ? bytes.length : next;
    const disposition = headers.find(([k]) => k.toLowerCase() === 'content-disposition')?.[1] ?? '';
    const params = dispositionParams(disposition);
    const ct = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    parts.push({
      index: parts.length,
      headers,
      ...(params.name !== undefined && { name: params.name }),
      ...(params.filename !== undefined && { filename: params.filename }),
      ...(ct !== undefined && { contentType: ct }),
      bytes: bytes.subarray(bodyStart, end),
    });
    if (next === -1) return { ok: true, parts, warning: 'the closing boundary is missing (the body may have been cut short)' };
    pos = next + 2;
  }
}

/** A part's bytes as text when they are valid UTF-8 (form fields), else undefined. */
export function partText(part: MultipartPart): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(part.bytes);
  } catch {
    return undefined;
  }
}
