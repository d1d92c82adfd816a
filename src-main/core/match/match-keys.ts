// How a key and a source time are read from each side's payload, per the user's match settings.
import type { MatchSettings, PollEvent, PushEvent } from '../../contract/model';
import type { JsonBody } from '../json-body';
import { getPath, keyOf, sourceTimeOf } from '../json-path';
import { fillTemplate, isTemplate } from './key-template';

/** Bodies above this are not parsed for a key: matching must never stall capture. */
const MAX_PARSE_BYTES = 5 * 1024 * 1024;
const HEADER_PREFIX = 'header:';

export interface KeyAndTime {
  matchKey?: string;
  sourceTime?: number;
}

/** `shared`: the same body already parsed (by the receiver), so it is not parsed twice. */
export function parseJsonBody(ev: Pick<PushEvent, 'body' | 'bodyEncoding' | 'size'>, shared?: JsonBody): unknown {
  if (ev.bodyEncoding !== 'utf8' || ev.size === 0 || ev.size > MAX_PARSE_BYTES) return undefined;
  const first = ev.body.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  if (shared?.text === ev.body) return shared.value();
  try {
    return JSON.parse(ev.body) as unknown;
  } catch {
    return undefined;
  }
}

export function pushKeyAndTime(ev: PushEvent, settings: MatchSettings, shared?: JsonBody): KeyAndTime {
  if (ev.rejected) return {};
  const body = parseJsonBody(ev, shared);
  let matchKey: string | undefined;
  const headerOf = (spec: string): string | undefined => {
    const name = spec.slice(HEADER_PREFIX.length).trim().toLowerCase();
    return ev.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  };
  if (isTemplate(settings.pushKey)) {
    matchKey = fillTemplate(settings.pushKey, (path) => (path.startsWith(HEADER_PREFIX) ? headerOf(path) : getPath(body, path)));
  } else if (settings.pushKey.startsWith(HEADER_PREFIX)) {
    matchKey = keyOf(headerOf(settings.pushKey));
  } else if (body !== undefined) {
    matchKey = keyOf(getPath(body, settings.pushKey));
  }
  const sourceTime = body === undefined ? undefined : sourceTimeOf(body, settings.timePath);
  return { matchKey, sourceTime };
}

export function pollKeyAndTime(ev: Pick<PollEvent, 'item'>, settings: MatchSettings): KeyAndTime {
  return {
    matchKey: isTemplate(settings.pollKey)
      ? fillTemplate(settings.pollKey, (path) => getPath(ev.item, path))
      : keyOf(getPath(ev.item, settings.pollKey)),
    sourceTime: sourceTimeOf(ev.item, settings.timePath),
  };
}
