import { DateTime } from 'luxon';
import { z } from 'zod';
import { labelledEnum, plainText } from './validation.ts';
import { ZONE, instant } from './time.ts';
import { REGIONS, isMunicipalityCode, type Region } from './municipality.ts';
import { matchRosterRole } from './roster.ts';
import { EVENT_KINDS, EVENT_KIND_LABELS, type EventKind } from './labels.ts';

// Shared with the tab through labels.ts, which imports nothing.
export { EVENT_KINDS, EVENT_KIND_LABELS, type EventKind };

/**
 * Who is invited. Program leaders by default (the roster's, and those who chose a municipality
 * themselves); `roles` are KLIK roles from the roster; municipalities or regions narrow them.
 * `channels` also posts the card in every channel and group chat where the app is installed.
 */
export interface EventAudience {
  readonly roles?: readonly string[];
  readonly municipalities?: readonly string[];
  readonly regions?: readonly Region[];
  readonly channels: boolean;
}

export type EventState = 'draft' | 'announced' | 'cancelled';

/** A workshop, webinar, gå-hjem-møde or hjælpepakke with a sign-up. Times are instants; shown in Danish time. */
export interface KombitEvent {
  readonly id: string;
  readonly kind: EventKind;
  readonly title: string;
  readonly description?: string;
  readonly place?: string;
  readonly onlineUrl?: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Sign-up closes at this moment. */
  readonly signupDeadline: string;
  /** Seats; no capacity means everyone who signs up gets a seat (no waiting list). */
  readonly capacity?: number;
  readonly audience: EventAudience;
  readonly state: EventState;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly announcedAt?: string;
  readonly cancelledAt?: string;
  /** Stored with the announcement and cleared once its cards are handed to the delivery engine, so a crash between the two is completed at start. */
  readonly announcePending?: boolean;
}

/** One person on an event's roll: confirmed (has a seat) or on the waiting list, in the order they signed up. */
export interface RollEntry {
  /** The profile id (Entra object id where Teams gives one). */
  readonly userId: string;
  /** The Teams user id (29:…), which a card's `refresh.userIds` names. */
  readonly teamsUserId?: string;
  readonly name?: string;
  readonly municipalityCode?: string;
  readonly signedUpAt: string;
  readonly state: 'confirmed' | 'waiting';
  /** Moved up from the waiting list and not yet told: set in the same write as the seat, cleared once the message is handed to the delivery engine. */
  readonly noticePending?: boolean;
}

/** Everyone signed up for one event, in order. One row, changed only with its ETag: that is what makes the last seat go to exactly one person. */
export interface EventRoll {
  readonly eventId: string;
  readonly entries: readonly RollEntry[];
}

/**
 * The most people one roll holds (seats and waiting list together). The roll is one Table Storage
 * row, whose text column holds at most 64 KiB; 300 people of about 200 bytes each stay well inside.
 */
export const MAX_ROLL = 300;
export const MAX_CAPACITY = 250;

const LIMITS = { title: 200, description: 2000, place: 200, url: 2000 } as const;

/** A deadline given as a date alone ("30-06-2026") means the end of that day in Danish time. */
const DATE_ONLY = /^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$/;
const deadlineInstant = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const m = DATE_ONLY.exec(value.trim());
  if (!m) return value;
  const [year, month, day] = m[3] ? [m[3], m[2], m[1]] : [m[4], m[5], m[6]];
  const at = DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day), hour: 23, minute: 59 }, { zone: ZONE });
  return at.isValid ? at.toISO()! : value;
}, instant);

const httpsUrl = plainText(LIMITS.url).refine((s) => /^https:\/\/[^\s]+$/i.test(s) && URL.canParse(s), { error: 'skal være et https-link (fx et Teams-mødelink)' });

const audienceSchema = z.strictObject({
  roles: z.array(plainText(60).refine((role) => matchRosterRole(role) !== undefined, { error: 'skal være roller fra KLIKs Rollegalleri (fx Programleder, Sikkerhedsansvarlig)' })).max(20).optional(),
  municipalities: z.array(z.string().refine(isMunicipalityCode, { error: 'skal være kommunekoder (fx 101)' })).max(98).optional(),
  regions: z.array(z.enum(REGIONS, { error: `skal være regioner: ${REGIONS.join(', ')}` })).max(5).optional(),
  channels: z.boolean().default(true),
});

const eventFields = z.strictObject({
  kind: labelledEnum(EVENT_KINDS as unknown as [EventKind, ...EventKind[]], EVENT_KIND_LABELS),
  title: plainText(LIMITS.title),
  description: plainText(LIMITS.description, { multiline: true }).optional(),
  place: plainText(LIMITS.place).optional(),
  onlineUrl: httpsUrl.optional(),
  startsAt: instant,
  endsAt: instant,
  signupDeadline: deadlineInstant,
  capacity: z.number({ error: `skal være et helt antal pladser fra 1 til ${MAX_CAPACITY}` }).int().min(1).max(MAX_CAPACITY).optional(),
  audience: audienceSchema.default({ channels: true }),
});

/** What staff send to create an event (and, partly, to change one). */
export type EventInput = z.output<typeof eventFields>;

/** The whole-event rules: an end after the start, sign-up closing no later than the start, somewhere to be. */
export function eventRuleIssues(e: Pick<EventInput, 'startsAt' | 'endsAt' | 'signupDeadline' | 'place' | 'onlineUrl'>): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (Date.parse(e.endsAt) <= Date.parse(e.startsAt)) issues.push({ field: 'endsAt', message: 'skal ligge efter starttidspunktet' });
  if (Date.parse(e.signupDeadline) > Date.parse(e.startsAt)) issues.push({ field: 'signupDeadline', message: 'skal ligge før arrangementet begynder' });
  if (!e.place && !e.onlineUrl) issues.push({ field: 'place', message: 'Angiv et sted eller et link til onlinemødet' });
  return issues;
}

export const newEventSchema = eventFields;
/** A change: any field of an event, plus `cancelled: true` to cancel it. */
export const eventPatchSchema = eventFields.partial().extend({ cancelled: z.literal(true, { error: 'kan kun være true (aflys arrangementet)' }).optional() });

/** The clicker's own place on the roll. */
export type RollPlace = { readonly kind: 'none' } | { readonly kind: 'confirmed' } | { readonly kind: 'waiting'; readonly position: number };

/** Where a person stands: a seat, number N on the waiting list, or not signed up. */
export function placeOf(roll: EventRoll | undefined, userId: string): RollPlace {
  const entry = roll?.entries.find((e) => e.userId === userId);
  if (!entry) return { kind: 'none' };
  if (entry.state === 'confirmed') return { kind: 'confirmed' };
  return { kind: 'waiting', position: roll!.entries.filter((e) => e.state === 'waiting').findIndex((e) => e.userId === userId) + 1 };
}

/** Seats taken and people waiting. */
export function rollCounts(roll: EventRoll | undefined): { confirmed: number; waiting: number } {
  const entries = roll?.entries ?? [];
  return { confirmed: entries.filter((e) => e.state === 'confirmed').length, waiting: entries.filter((e) => e.state === 'waiting').length };
}

/**
 * Adds a person: a seat while there is one (always, without a capacity), else the end of the
 * waiting list. Someone already on the roll keeps their place. Pure: the caller writes the result
 * with the roll's ETag, so two people taking the last seat at once cannot both get it.
 */
export function addToRoll(roll: EventRoll, event: Pick<KombitEvent, 'capacity'>, person: Omit<RollEntry, 'state'>): { roll: EventRoll; added: boolean } {
  if (roll.entries.some((e) => e.userId === person.userId)) return { roll, added: false };
  const { confirmed } = rollCounts(roll);
  const state = event.capacity === undefined || confirmed < event.capacity ? 'confirmed' : 'waiting';
  return { roll: { ...roll, entries: [...roll.entries, { ...person, state }] }, added: true };
}

/**
 * Takes a person off the roll. A freed seat goes to the first on the waiting list (first come,
 * first served); `promoted` names them so they can be told.
 */
export function removeFromRoll(roll: EventRoll, event: Pick<KombitEvent, 'capacity'>, userId: string): { roll: EventRoll; removed: boolean; promoted: RollEntry[] } {
  if (!roll.entries.some((e) => e.userId === userId)) return { roll, removed: false, promoted: [] };
  const rest: EventRoll = { ...roll, entries: roll.entries.filter((e) => e.userId !== userId) };
  const filled = fillSeats(rest, event);
  return { roll: filled.roll, removed: true, promoted: filled.promoted };
}

/** Moves people from the waiting list into free seats, in order (after a cancellation or a larger capacity). */
export function fillSeats(roll: EventRoll, event: Pick<KombitEvent, 'capacity'>): { roll: EventRoll; promoted: RollEntry[] } {
  let free = event.capacity === undefined ? Infinity : event.capacity - rollCounts(roll).confirmed;
  const promoted: RollEntry[] = [];
  const entries = roll.entries.map((e) => {
    if (e.state !== 'waiting' || free <= 0) return e;
    free--;
    const moved: RollEntry = { ...e, state: 'confirmed', noticePending: true };
    promoted.push(moved);
    return moved;
  });
  return { roll: { ...roll, entries }, promoted };
}

/** Whether sign-up is open at `now`: announced, not cancelled, before the deadline. */
export function signupOpen(event: KombitEvent, now: Date): boolean {
  return event.state === 'announced' && now.getTime() < Date.parse(event.signupDeadline);
}
