// Rows are events without their payloads: what lists, matching and the wire carry by default.
import type { PollEvent, PollRow, PushEvent, PushRow } from '../contract/model';

export function toPushRow(event: PushEvent): PushRow {
  const { headers: _headers, body: _body, bodyEncoding: _encoding, ...row } = event;
  return row;
}

export function toPollRow(event: PollEvent): PollRow {
  const { item: _item, ...row } = event;
  return row;
}
