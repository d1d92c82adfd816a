import { afterEach, describe, expect, it, vi } from 'vitest';
import { DemoSaas, type DemoEvent } from '../../../src-main/core/demo/demo-saas';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function startedDemo(faults: { ephemeralRate?: number; updateRate?: number } = {}): Promise<{ demo: DemoSaas; api: string }> {
  const demo = new DemoSaas({
    seed: 5,
    target: () => undefined,
    rate: { eventsPerSec: 0, burstEverySec: 0 },
    faults: { dropRate: 0, duplicateRate: 0, ephemeralRate: 0, updateRate: 0, ...faults },
  });
  cleanups.push(() => demo.stop());
  const { apiUrl } = await demo.start();
  return { demo, api: apiUrl };
}

interface List {
  object: string;
  data: DemoEvent[];
  has_more: boolean;
}

describe('demo API', () => {
  it('lists newest first with the default and a given limit, and reports has_more', async () => {
    const { demo, api } = await startedDemo();
    const ids = Array.from({ length: 60 }, () => demo.createEvent().id);
    const res = await fetch(`${api}/v1/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const list = (await res.json()) as List;
    expect(list.object).toBe('list');
    expect(list.has_more).toBe(true);
    expect(list.data.map((e) => e.id)).toEqual(ids.slice(-50).reverse());

    const few = (await (await fetch(`${api}/v1/events?limit=3`)).json()) as List;
    expect(few.data.map((e) => e.id)).toEqual(ids.slice(-3).reverse());
    const all = (await (await fetch(`${api}/v1/events?limit=100`)).json()) as List;
    expect(all.data).toHaveLength(60);
    expect(all.has_more).toBe(false);
  });

  it('serves at most 100 items however many are asked for', async () => {
    const { demo, api } = await startedDemo();
    for (let i = 0; i < 105; i += 1) demo.createEvent('message.sent');
    const list = (await (await fetch(`${api}/v1/events?limit=500`)).json()) as List;
    expect(list.data).toHaveLength(100);
    expect(list.has_more).toBe(true);
  });

  it('answers a bad limit with 400 and a message', async () => {
    const { api } = await startedDemo();
    for (const bad of ['0', '-1', 'ten', '2.5', '']) {
      const res = await fetch(`${api}/v1/events?limit=${bad}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('invalid_request');
      expect(body.error.message).toMatch(/limit must be an integer between 1 and 100/);
    }
  });

  it('ETag: 304 without a body while nothing changes, a new tag once the list changes', async () => {
    const { demo, api } = await startedDemo();
    demo.createEvent();
    const first = await fetch(`${api}/v1/events`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);

    const same = await fetch(`${api}/v1/events`, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    // A list of tags and the weak form both match (If-None-Match uses weak comparison).
    expect((await fetch(`${api}/v1/events`, { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await fetch(`${api}/v1/events`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);

    demo.createEvent();
    const changed = await fetch(`${api}/v1/events`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as List).data).toHaveLength(2);
  });

  it('ephemeral events vanish from the list and by id, and the ETag changes', async () => {
    const { demo, api } = await startedDemo({ ephemeralRate: 1 });
    const gone = demo.createEvent();
    const listed = await fetch(`${api}/v1/events`);
    const etag = listed.headers.get('etag')!;
    expect(((await listed.json()) as List).data.map((e) => e.id)).toEqual([gone.id]);
    await vi.waitFor(async () => expect((await fetch(`${api}/v1/events`, { headers: { 'if-none-match': etag } })).status).toBe(200), { timeout: 5000, interval: 50 });
    expect(((await (await fetch(`${api}/v1/events`)).json()) as List).data).toEqual([]);
    expect((await fetch(`${api}/v1/events/${gone.id}`)).status).toBe(404);
    const truth = demo.truth().events[0];
    expect(truth.removedFromApiAt! - truth.createdAt).toBeGreaterThanOrEqual(1000);
  });

  it('an updated event changes in the API after creation', async () => {
    const { demo, api } = await startedDemo({ updateRate: 1 });
    const event = demo.createEvent('message.sent');
    const before = (await (await fetch(`${api}/v1/events/${event.id}`)).json()) as DemoEvent;
    expect(before).toEqual(event);
    await vi.waitFor(() => expect(demo.truth().events[0].updatedAt).toBeDefined(), { timeout: 6000, interval: 50 });
    const after = (await (await fetch(`${api}/v1/events/${event.id}`)).json()) as DemoEvent;
    expect(after.updated_at).toBeDefined();
    expect((after.data.message as { status: string }).status).not.toBe('sent');
    // The object handed to listeners is the pushed one, untouched by the API's change.
    expect(event.updated_at).toBeUndefined();
    expect((event.data.message as { status: string }).status).toBe('sent');
  });

  it('gets one event by id, 404 JSON for unknown ids, routes and methods, 400 for a broken path', async () => {
    const { demo, api } = await startedDemo();
    const event = demo.createEvent('meeting.booked');
    expect((await (await fetch(`${api}/v1/events/${event.id}`)).json()) as DemoEvent).toEqual(event);

    for (const [method, path] of [
      ['GET', '/v1/events/evt_nope'],
      ['GET', '/'],
      ['GET', '/v2/events'],
      ['POST', '/v1/events'],
      ['DELETE', `/v1/events/${event.id}`],
    ] as const) {
      const res = await fetch(`${api}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      const body = (await res.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('not_found');
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    const broken = await fetch(`${api}/v1/events/%E0%A4%A`);
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/URI/);
  });

  it('events carry the documented shape', async () => {
    const { demo } = await startedDemo();
    for (const type of ['lead.created', 'lead.replied', 'connection.accepted', 'message.sent', 'message.opened', 'meeting.booked', 'campaign.started']) {
      const e = demo.createEvent(type);
      expect(e.id).toMatch(/^evt_/);
      expect(e.type).toBe(type);
      expect(e.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      if (type.startsWith('lead.') || type.startsWith('message.')) {
        expect(e.data.lead).toMatchObject({ id: expect.stringMatching(/^lead_/), email: expect.stringContaining('@'), company: expect.any(String) });
      }
    }
  });
});
