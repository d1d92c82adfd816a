// Outreachly's event types and realistic-looking generated payloads. All choices come from the
// event's own seeded Rng, so a seed replays the same content.
import type { Rng } from './random';

const FIRST_NAMES = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Lena', 'Omar', 'Priya', 'Jonas', 'Chloe', 'Mateo', 'Sofia', 'Kenji', 'Amara', 'Lucas'];
const LAST_NAMES = ['Hartley', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Rossi', 'Novak', 'Schmidt', 'Alvarez', 'Chen', 'Dubois', 'Kowalski', 'Patel', 'Berg', 'Costa', 'Walsh'];
const COMPANIES = [
  ['Northwind Analytics', 'northwind.io'],
  ['Bluepeak Logistics', 'bluepeak.com'],
  ['Fernway Health', 'fernway.health'],
  ['Quantive Labs', 'quantive.dev'],
  ['Harbor & Finch', 'harborfinch.co'],
  ['Solstice Energy', 'solstice-energy.com'],
  ['Pinecrest Capital', 'pinecrest.vc'],
  ['Lumen Robotics', 'lumenrobotics.ai'],
  ['Copperline Retail', 'copperline.shop'],
  ['Atlas Freight', 'atlasfreight.net'],
] as const;
const TITLES = ['Head of Sales', 'VP Marketing', 'CTO', 'Founder', 'Growth Lead', 'Procurement Manager', 'Head of Partnerships', 'Operations Director'];
const CAMPAIGNS = ['Q3 SaaS founders', 'EU logistics outreach', 'Webinar follow-up', 'Series A CTOs', 'Re-engage cold leads', 'Partner programme'];
const SUBJECTS = ['Quick question, {first}', '{company} + Outreachly?', 'Idea for {company}', 'Following up', 'Worth a 15-minute chat?'];
const REPLIES = ['Sounds interesting, send me more.', 'Not right now, ping me next quarter.', 'Can we talk Thursday?', 'Please remove me from your list.', 'Who else at your company should I talk to?'];
const CHANNELS = ['email', 'linkedin'] as const;
/** Where each kind of object moves next, in the order the subject is looked for in an event. */
const NEXT_STATUSES: Record<string, readonly string[]> = {
  meeting: ['rescheduled', 'cancelled', 'completed'],
  message: ['delivered', 'opened', 'replied', 'bounced'],
  connection: ['accepted', 'withdrawn'],
  lead: ['contacted', 'replied', 'interested', 'meeting_booked', 'not_interested'],
  campaign: ['paused', 'completed', 'active'],
};

/** Relative frequencies: messages flow far more often than campaigns start. */
const TYPE_WEIGHTS = [
  ['lead.created', 14],
  ['lead.replied', 8],
  ['connection.requested', 8],
  ['connection.accepted', 7],
  ['message.sent', 24],
  ['message.opened', 18],
  ['message.clicked', 6],
  ['meeting.booked', 4],
  ['campaign.started', 2],
  ['campaign.paused', 1],
] as const satisfies readonly (readonly [string, number])[];

export const DEMO_EVENT_TYPES: readonly string[] = TYPE_WEIGHTS.map(([type]) => type);

export function pickEventType(rng: Rng): string {
  return rng.weighted(TYPE_WEIGHTS);
}

function lead(rng: Rng, status: string): Record<string, unknown> {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const [company, domain] = rng.pick(COMPANIES);
  return {
    id: `lead_${rng.token(10)}`,
    first_name: first,
    last_name: last,
    email: `${first}.${last}@${domain}`.toLowerCase(),
    company,
    title: rng.pick(TITLES),
    linkedin_url: `https://www.linkedin.com/in/${first}-${last}-${rng.token(4)}`.toLowerCase(),
    status,
  };
}

function campaign(rng: Rng, status = 'active'): Record<string, unknown> {
  return { id: `cmp_${rng.token(8)}`, name: rng.pick(CAMPAIGNS), status };
}

function message(rng: Rng, theLead: Record<string, unknown>, status: string): Record<string, unknown> {
  const channel = rng.pick(CHANNELS);
  const subject = rng.pick(SUBJECTS).replace('{first}', String(theLead.first_name)).replace('{company}', String(theLead.company));
  return { id: `om_${rng.token(10)}`, channel, step: rng.int(1, 4), subject: channel === 'email' ? subject : null, status };
}

export function buildEventData(type: string, rng: Rng, createdAtMs: number): Record<string, unknown> {
  switch (type) {
    case 'lead.created':
      return { lead: lead(rng, 'new'), source: rng.pick(['csv_import', 'linkedin', 'api', 'crm_sync']), campaign: campaign(rng) };
    case 'lead.replied': {
      const l = lead(rng, 'replied');
      return { lead: l, campaign: campaign(rng), message: message(rng, l, 'replied'), reply: { text: rng.pick(REPLIES), sentiment: rng.pick(['positive', 'neutral', 'negative']) } };
    }
    case 'connection.requested':
      return { lead: lead(rng, 'contacted'), campaign: campaign(rng), connection: { id: `con_${rng.token(8)}`, status: 'pending', note: rng.chance(0.5) } };
    case 'connection.accepted':
      return { lead: lead(rng, 'contacted'), campaign: campaign(rng), connection: { id: `con_${rng.token(8)}`, status: 'accepted' } };
    case 'message.sent': {
      const l = lead(rng, 'contacted');
      return { lead: l, campaign: campaign(rng), message: message(rng, l, 'sent') };
    }
    case 'message.opened': {
      const l = lead(rng, 'contacted');
      return { lead: l, campaign: campaign(rng), message: message(rng, l, 'opened'), opens: rng.int(1, 5) };
    }
    case 'message.clicked': {
      const l = lead(rng, 'contacted');
      return { lead: l, campaign: campaign(rng), message: message(rng, l, 'clicked'), url: `https://outreachly.example/r/${rng.token(6)}` };
    }
    case 'meeting.booked': {
      const startsAt = createdAtMs + rng.int(1, 14) * 86_400_000 + rng.int(0, 16) * 1_800_000;
      return {
        lead: lead(rng, 'meeting_booked'),
        campaign: campaign(rng),
        meeting: { id: `mtg_${rng.token(8)}`, starts_at: new Date(startsAt).toISOString(), duration_min: rng.pick([15, 30, 45]), calendar: rng.pick(['google', 'outlook']), status: 'booked' },
      };
    }
    case 'campaign.started':
      return { campaign: { ...campaign(rng), leads_total: rng.int(20, 400), daily_limit: rng.pick([25, 50, 100]) } };
    case 'campaign.paused':
      return { campaign: campaign(rng, 'paused'), reason: rng.pick(['manual', 'daily_limit_reached', 'mailbox_disconnected']) };
    default:
      throw new RangeError(`unknown demo event type "${type}"; known types: ${DEMO_EVENT_TYPES.join(', ')}`);
  }
}

/**
 * The later state the API shows for an "updated" event: the thing the event is about moved on.
 * Mutates the API copy only; the pushed body keeps the original.
 */
export function applyUpdate(data: Record<string, unknown>, rng: Rng): void {
  const subject = Object.keys(NEXT_STATUSES).find((key) => typeof data[key] === 'object' && data[key] !== null);
  if (subject === undefined) {
    data.revision = 2;
    return;
  }
  const target = data[subject] as Record<string, unknown>;
  const choices = (NEXT_STATUSES[subject] ?? []).filter((s) => s !== target.status);
  target.status = choices.length > 0 ? rng.pick(choices) : 'updated';
}
