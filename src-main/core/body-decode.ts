// Undoes a push's Content-Encoding for display. The stored bytes never change: this only produces a
// readable copy. Decoding is streamed and stops at a cap, so a gzip bomb (a few KB that inflate to
// gigabytes) costs at most the cap in memory.
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type Gunzip } from 'node:zlib';
import type { DecodedBody, PushEvent } from '../contract/model';
import { decodeBody, encodeBody } from './body-codec';

export const DECODE_CAP_BYTES = 16 * 1024 * 1024;

type Stage = { out: Buffer; truncated: boolean; error?: string };

function decoderFor(encoding: string, raw = false): Gunzip {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return raw ? createInflateRaw() : createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new Error(`unsupported Content-Encoding "${encoding}" (gzip, deflate and br can be decoded)`);
  }
}

function inflateStage(input: Buffer, encoding: string, cap: number, raw = false): Promise<Stage> {
  return new Promise((resolve) => {
    const z = decoderFor(encoding, raw);
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const finish = (stage: Omit<Stage, 'out'>): void => {
      if (settled) return;
      settled = true;
      resolve({ out: Buffer.concat(chunks), ...stage });
    };
    z.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = cap - kept;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        kept = cap;
        finish({ truncated: true });
        z.destroy();
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    z.on('end', () => finish({ truncated: false }));
    z.on('error', (error: Error) => finish({ truncated: false, error: error.message }));
    z.end(input);
  });
}

async function decodeOne(input: Buffer, encoding: string, cap: number): Promise<Stage> {
  const stage = await inflateStage(input, encoding, cap);
  // "deflate" is meant to be zlib-wrapped, but some senders put raw deflate data under that name.
  if (encoding === 'deflate' && stage.error !== undefined && stage.out.length === 0) {
    const rawStage = await inflateStage(input, encoding, cap, true);
    if (rawStage.error === undefined) return rawStage;
  }
  return stage;
}

/** The encodings in the order they must be undone (the header lists them in the order applied). */
export function contentEncodings(event: Pick<PushEvent, 'headers'>): string[] {
  const values = event.headers.filter(([name]) => name.toLowerCase() === 'content-encoding').map(([, value]) => value);
  return values
    .join(',')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '' && v !== 'identity')
    .reverse();
}

/** null when the push has no Content-Encoding to undo. Never throws for bad data: the error is in the result. */
export async function decodePushBody(event: Pick<PushEvent, 'headers' | 'body' | 'bodyEncoding'>, capBytes = DECODE_CAP_BYTES): Promise<DecodedBody | null> {
  const encodings = contentEncodings(event);
  if (encodings.length === 0) return null;
  const label = [...encodings].reverse().join(', ');
  const input = decodeBody(event.body, event.bodyEncoding);
  let current = input;
  let truncated = false;
  let error: string | undefined;
  for (const encoding of encodings) {
    let stage: Stage;
    try {
      stage = await decodeOne(current, encoding, capBytes);
    } catch (e) {
      error = (e as Error).message;
      break;
    }
    current = stage.out;
    truncated ||= stage.truncated;
    if (stage.error !== undefined) {
      error = `${encoding}: ${stage.error}`;
      break;
    }
  }
  // An unsupported encoding decoded nothing: showing the input again as "decoded" would mislead.
  const out = error !== undefined && current === input ? Buffer.alloc(0) : current;
  return { encoding: label, ...encodeBody(out), encodedBytes: input.length, decodedBytes: out.length, truncated, capBytes, ...(error !== undefined && { error }) };
}
