// Flag values are checked as they are parsed, so a typo fails with one line naming the flag.
import { InvalidArgumentError } from 'commander';
import type { HeaderPair } from '../contract/model';
import { templateError } from '../core/match/key-template';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `5s`, `2m`, `1h`, or a plain number of seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('a duration looks like 500ms, 5s, 2m or 1h.');
  const ms = Number(match[1]) * UNITS[match[2] ?? 's'];
  if (ms < 500) throw new InvalidArgumentError('poll at most twice a second (500ms or more).');
  return Math.round(ms);
}

export function parseHttpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // fall through to the one message below
  }
  throw new InvalidArgumentError('expected an http:// or https:// URL.');
}

export function parseHeader(value: string, previous: HeaderPair[] = []): HeaderPair[] {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InvalidArgumentError("expected 'Name: value'.");
  return [...previous, [name, value.slice(colon + 1).trim()]];
}

export function parseFormat<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of: ${allowed.join(', ')}.`);
  };
}

/** A match key: a dot path, `header:Name`, or a template whose braces balance. */
export function parseMatchKey(value: string): string {
  const key = value.trim();
  if (key === '') throw new InvalidArgumentError('the match key cannot be empty.');
  if (templateError(key) !== undefined) throw new InvalidArgumentError("unbalanced braces: a template looks like '{type}:{data.id}'.");
  return key;
}

/** `--session`: a name or an id. An empty one is a mistake in the command line, refused as such (exit 2). */
export function parseSessionRef(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('give a session name or id (`hookscope sessions` lists them).');
  return value;
}
