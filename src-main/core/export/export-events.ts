// The export format is a public contract (documented in the README): every event with its exact
// bytes and, where matched, its key and partner. It reads the store without taking the data lock,
// so it works while `hookscope serve` runs.
import type { Writable } from 'node:stream';
import type { HookEvent, PollEvent, PushEvent } from '../../contract/model';
import { Matcher } from '../match/matcher';
import { sessionFolder } from '../sessions/session-folder';
import { sessionToRead } from '../sessions/session-files';
import { EventStore } from '../store/event-log';
import { toHar } from './har';

export type ExportFormat = 'ndjson' | 'json' | 'har';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ndjson', 'json', 'har'];

export type ExportRecord = Record<string, unknown>;

/** The events folder of a session named by name or id; the one last open when none is named. */
export async function sessionDir(dataDir: string, session?: string): Promise<string> {
  return sessionFolder(dataDir, (await sessionToRead(dataDir, session)).id);
}

export function toExportRecord(event: HookEvent, matchedWith: string | undefined): ExportRecord {
  const common = {
    id: event.id,
    stream: event.stream,
    receivedAt: event.receivedAt,
    ...(event.matchKey !== undefined && { matchKey: event.matchKey }),
    ...(matchedWith !== undefined && { matchedWith }),
    ...(event.sourceTime !== undefined && { sourceTime: new Date(event.sourceTime).toISOString() }),
  };
  if (event.stream === 'push') {
    return {
      ...common,
      method: event.method,
      path: event.path,
      query: event.query,
      headers: event.headers,
      body: event.body,
      bodyEncoding: event.bodyEncoding,
      size: event.size,
      status: event.status,
      via: event.via,
      remoteAddress: event.remoteAddress,
      ...(event.rejected !== undefined && { rejected: event.rejected }),
      // Events captured before verification existed were never checked.
      signature: event.signature?.result ?? 'unchecked',
      ...(event.signature?.scheme !== undefined && { signatureScheme: event.signature.scheme }),
      ...((event.signature === undefined || event.signature.reason !== undefined) && { signatureReason: event.signature?.reason ?? 'captured before signature checks existed' }),
    };
  }
  return {
    ...common,
    sourceId: event.sourceId,
    pollId: event.pollId,
    itemId: event.itemId,
    change: event.change,
    item: event.item,
  };
}

/** Writes every stored event of a session (default: the one last open), oldest first; resolves with the number written. */
export async function exportEvents(dataDir: string, format: ExportFormat, out: Writable, session?: string): Promise<number> {
  const store = await EventStore.open(await sessionDir(dataDir, session), { retentionPerStream: Number.MAX_SAFE_INTEGER, readOnly: true });
  try {
    const matcher = new Matcher();
    for (const row of store.pushRows()) matcher.addPush(row);
    for (const row of store.pollRows()) matcher.addPoll(row);
    let count = 0;
    if (format === 'har') {
      const pushes: PushEvent[] = [];
      const polls: PollEvent[] = [];
      for await (const event of store.events()) {
        if (event.stream === 'push') pushes.push(event);
        else polls.push(event);
      }
      await write(out, `${JSON.stringify(toHar(pushes, polls), null, 2)}\n`);
      return pushes.length + polls.length;
    }
    if (format === 'json') await write(out, '[');
    for await (const event of store.events()) {
      const record = JSON.stringify(toExportRecord(event, matcher.partnerOf(event)));
      if (format === 'json') await write(out, `${count === 0 ? '\n' : ',\n'}${record}`);
      else await write(out, `${record}\n`);
      count += 1;
    }
    if (format === 'json') await write(out, count === 0 ? ']\n' : '\n]\n');
    return count;
  } finally {
    await store.close();
  }
}

function write(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    const flushed = out.write(chunk, () => undefined);
    const done = () => {
      out.off('error', onError);
      resolve();
    };
    if (flushed) done();
    else out.once('drain', done);
  });
}
