// Match keys written as templates (`{type}:{data.id}`), because real APIs name one event differently
// on each channel and a single field is often not enough to join them.
import { getPath, keyOf } from '../json-path';

export type KeyReader = (path: string) => unknown;

export function isTemplate(spec: string): boolean {
  return spec.includes('{');
}

/**
 * Fills each `{path}` from the reader; undefined when any part is missing, so a half-filled key
 * never joins unrelated events. A part may be `{header:Name}` when the reader knows headers.
 */
export function fillTemplate(spec: string, read: KeyReader): string | undefined {
  let missing = false;
  const out = spec.replace(/\{([^{}]*)\}/g, (_whole, path: string) => {
    const value = keyOf(read(path.trim()));
    if (value === undefined) missing = true;
    return value ?? '';
  });
  if (missing || out.includes('{') || out.includes('}')) return undefined;
  return keyOf(out);
}

/** A template's problem in words, or undefined when it is well formed. */
export function templateError(spec: string): string | undefined {
  if (!spec.includes('{') && !spec.includes('}')) return undefined;
  const stripped = spec.replace(/\{[^{}]+\}/g, '');
  if (stripped.includes('{') || stripped.includes('}')) return `unbalanced braces in key template "${spec}"`;
  return undefined;
}

export function readBody(body: unknown): KeyReader {
  return (path) => getPath(body, path);
}
