import { randomUUID } from 'node:crypto';
import type { ServiceDeps } from '../capability.ts';
import type { Principal } from '../auth/principal.ts';
import { requireStaff } from '../auth/principal.ts';
import { AlreadyExists, Conflict, NotFound, Stale, ValidationError } from '../domain/errors.ts';
import { applyPatch, parseOrThrow, parsePatch } from '../domain/validation.ts';
import { municipalityByCode, MUNICIPALITIES } from '../domain/municipality.ts';
import { matchRosterRole, type RosterRoleId } from '../domain/roster.ts';
import { formatDate } from '../domain/language.ts';
import {
  MAX_ROLL,
  addToRoll,
  eventPatchSchema,
  eventRuleIssues,
  fillSeats,
  newEventSchema,
  placeOf,
  removeFromRoll,
  rollCounts,
  signupOpen,
  type EventRoll,
  type KombitEvent,
  type RollEntry,
  type RollPlace,
} from '../domain/event.ts';
import { knownPeople } from '../roster/rosterAudience.ts';
import { clockTime } from './eventTimes.ts';

/** The notification of an event's card (its delivery report is `GET /api/notifications/{id}/report`). */
export const eventNotificationId = (eventId: string) => `event:${eventId}`;
export const EVENT_KIND = 'event';
export const EVENT_NOTICE_KIND = 'eventNotice';

/** A sign-up refused because it closed; its message is what the clicker is told. */
export class SignupClosed extends Conflict {
  constructor(message: string) {
    super('SignupClosed', message);
  }
}

/** The person who clicks "Tilmeld" or "Afmeld". */
export interface Attendee {
  readonly userId: string;
  readonly teamsUserId?: string;
  readonly name?: string;
  readonly municipalityCode?: string;
}

/** One municipality's sign-ups, for staff. */
export interface MunicipalitySignups {
  readonly code: string;
  readonly name: string;
  readonly people: readonly { readonly name: string; readonly state: 'confirmed' | 'waiting'; readonly position?: number; readonly signedUpAt: string }[];
}

/** Who signed up, per municipality (alphabetically; people without a municipality last), with the totals. */
export interface SignupList {
  readonly eventId: string;
  readonly title: string;
  readonly capacity?: number;
  readonly confirmed: number;
  readonly waiting: number;
  readonly municipalityCount: number;
  readonly municipalities: readonly MunicipalitySignups[];
}

/** An event as the API shows it: with its sign-up counts and the id of its card's delivery report. */
export type EventView = Omit<KombitEvent, 'announcePending'> & { readonly confirmed: number; readonly waiting: number; readonly notificationId: string };

const RETRIES = 60;
/** A short random wait before trying again, growing with each lost race, so many people clicking at once do not collide in lockstep. */
const backoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * (attempt + 1))));

/**
 * Events and sign-ups: staff create, change, cancel and announce; anyone the card reaches signs
 * up or cancels. Every change of a roll is a read, a pure change and an ETag-checked write, tried
 * again on the fresh roll when someone else wrote in between, so seats are never given twice.
 */
export class EventService {
  constructor(private readonly deps: ServiceDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  async list(): Promise<EventView[]> {
    const events = await this.deps.repos.events.list();
    return Promise.all(events.map(async (e) => this.view(e, (await this.deps.repos.events.roll(e.id))?.value)));
  }

  async get(id: string): Promise<{ event: EventView; etag: string }> {
    const stored = await this.deps.repos.events.get(id);
    if (!stored) throw new NotFound('Arrangementet');
    return { event: this.view(stored.value, (await this.deps.repos.events.roll(id))?.value), etag: stored.etag };
  }

  /** The event and its roll, for cards. */
  async withRoll(id: string): Promise<{ event: KombitEvent; roll?: EventRoll } | undefined> {
    const [event, roll] = await Promise.all([this.deps.repos.events.get(id), this.deps.repos.events.roll(id)]);
    return event ? { event: event.value, roll: roll?.value } : undefined;
  }

  private view(event: KombitEvent, roll: EventRoll | undefined): EventView {
    const { announcePending: _bookkeeping, ...shown } = event;
    return { ...shown, ...rollCounts(roll), notificationId: eventNotificationId(event.id) };
  }

  /** Creates a draft (staff); nothing is sent until it is announced. */
  async create(body: unknown, principal: Principal): Promise<EventView> {
    requireStaff(principal);
    const input = parseOrThrow(newEventSchema, body);
    const issues = eventRuleIssues(input);
    if (Date.parse(input.startsAt) <= this.now().getTime()) issues.push({ field: 'startsAt', message: 'ligger i fortiden' });
    if (issues.length) throw new ValidationError(issues);
    const now = this.now().toISOString();
    const event: KombitEvent = { ...input, id: `evt-${randomUUID().slice(0, 8)}`, state: 'draft', createdAt: now, createdBy: principal.name ?? principal.userId, updatedAt: now };
    await this.deps.repos.events.create(event);
    return this.view(event, undefined);
  }

  /**
   * Changes an event (staff), `cancelled: true` cancels it. A larger capacity gives waiting people
   * seats (and tells them); a capacity below the seats already taken is refused. Announced cards
   * are updated in place.
   */
  async update(id: string, body: unknown, principal: Principal, ifMatch?: string): Promise<EventView> {
    requireStaff(principal);
    const patch = parsePatch(eventPatchSchema, body);
    const stored = await this.deps.repos.events.get(id);
    if (!stored) throw new NotFound('Arrangementet');
    if (ifMatch && ifMatch !== stored.etag) throw new Stale('Arrangementet');
    const current = stored.value;
    if (current.state === 'cancelled') throw new Conflict('EventCancelled', 'Arrangementet er aflyst og kan ikke ændres.');
    const { cancelled, ...fields } = patch;
    const now = this.now().toISOString();
    let next: KombitEvent = { ...applyPatch(current, fields as Partial<KombitEvent>), updatedAt: now };
    if (cancelled) next = { ...next, state: 'cancelled', cancelledAt: now };
    const issues = eventRuleIssues(next);
    let roll = (await this.deps.repos.events.roll(id))?.value;
    const { confirmed } = rollCounts(roll);
    if (next.capacity !== undefined && next.capacity < confirmed) issues.push({ field: 'capacity', message: `kan ikke være under de ${confirmed}, der allerede har en plads` });
    if (issues.length) throw new ValidationError(issues);
    await this.deps.repos.events.replace(next, stored.etag);
    if (next.capacity !== current.capacity && next.state !== 'cancelled') roll = (await this.changeRoll(next, (r) => fillSeats(r, next))).roll;
    if (current.state === 'announced') await this.deps.delivery.refreshCards(eventNotificationId(id));
    if (cancelled && current.state === 'announced' && roll?.entries.length) {
      await this.deps.delivery.publish({
        id: `eventCancelled:${id}`,
        kind: EVENT_NOTICE_KIND,
        subjectId: id,
        audience: { kind: 'users', userIds: roll.entries.map((e) => e.userId) },
        payload: { text: `${next.title} (${formatDate(next.startsAt)}) er aflyst. Du var tilmeldt eller på ventelisten; der er ikke mere, du skal gøre.` },
      });
    }
    return this.view(next, roll);
  }

  /**
   * Sends the invitation (staff): the card to the audience's 1:1 chats and, unless left out, every
   * channel. Announcing again sends nothing twice.
   */
  async announce(id: string, principal: Principal): Promise<{ event: EventView; notificationId: string; targets: number }> {
    requireStaff(principal);
    const stored = await this.deps.repos.events.get(id);
    if (!stored) throw new NotFound('Arrangementet');
    let event = stored.value;
    if (event.state === 'cancelled') throw new Conflict('EventCancelled', 'Arrangementet er aflyst og kan ikke sendes.');
    if (event.state === 'draft') {
      if (Date.parse(event.signupDeadline) <= this.now().getTime()) throw new ValidationError([{ field: 'signupDeadline', message: 'Tilmeldingsfristen er passeret. Ret den, før invitationen sendes.' }]);
      event = { ...event, state: 'announced', announcedAt: this.now().toISOString(), announcePending: true };
      await this.deps.repos.events.replace(event, stored.etag);
    }
    const targets = await this.publishCard(event);
    return { event: this.view(event, (await this.deps.repos.events.roll(id))?.value), notificationId: eventNotificationId(id), targets };
  }

  /** Hands the card to the delivery engine and clears the mark (idempotent: the notification id is the event's). */
  private async publishCard(event: KombitEvent): Promise<number> {
    const userIds = await this.audienceOf(event);
    const { targets } = await this.deps.delivery.publish({
      id: eventNotificationId(event.id),
      kind: EVENT_KIND,
      subjectId: event.id,
      audience: event.audience.channels ? { kind: 'channelsAndUsers', userIds } : { kind: 'users', userIds },
    });
    if (event.announcePending) {
      const fresh = await this.deps.repos.events.get(event.id);
      if (fresh?.value.announcePending) {
        const { announcePending: _done, ...rest } = fresh.value;
        await this.deps.repos.events.replace(rest, fresh.etag).catch((error: unknown) => {
          // Someone changed the event meanwhile; the mark stays and the next start publishes again, which sends nothing twice.
          if (!(error instanceof Stale)) throw error;
        });
      }
    }
    return targets;
  }

  /** At start: cards of announced events never handed over, and seats from the waiting list never told, which a crash left behind. */
  async announcePending(): Promise<void> {
    for (const event of await this.deps.repos.events.list()) {
      if (event.announcePending && event.state === 'announced') await this.publishCard(event);
      const pending = (await this.deps.repos.events.roll(event.id))?.value.entries.filter((e) => e.noticePending) ?? [];
      if (pending.length && event.state !== 'cancelled') await this.tellPromoted(event, pending);
    }
  }

  /** The people an event invites: holders of its roles by the roster (program leaders also by their own choice), narrowed by municipalities or regions. */
  private async audienceOf(event: KombitEvent): Promise<string[]> {
    const a = event.audience;
    const roles = new Set<RosterRoleId>((a.roles ?? []).map((r) => matchRosterRole(r)).filter((r) => r !== undefined));
    if (!a.roles?.length) roles.add('programleder');
    const named = a.municipalities?.length || a.regions?.length ? new Set([...(a.municipalities ?? []), ...MUNICIPALITIES.filter((m) => a.regions?.includes(m.region)).map((m) => m.code)]) : undefined;
    const inScope = (code: string | undefined) => !named || (code !== undefined && named.has(code));
    const [users, known] = await Promise.all([this.deps.repos.users.list(), knownPeople(this.deps.repos)]);
    const onRoster = new Set(known.flatMap((p) => (p.userId ? [p.userId] : [])));
    const ids = new Set<string>();
    for (const p of known) if (p.userId && p.roles.some((r) => roles.has(r)) && inScope(p.municipalityCode)) ids.add(p.userId);
    if (roles.has('programleder')) for (const u of users) if (u.role === 'programleder' && !onRoster.has(u.userId) && inScope(u.municipalityCode)) ids.add(u.userId);
    return [...ids];
  }

  /**
   * Reads the roll, applies `change` and writes it back only if nobody wrote in between; tried
   * again on the fresh roll otherwise. Refreshes the shared cards and tells promoted people.
   */
  private async changeRoll(event: KombitEvent, change: (roll: EventRoll) => { roll: EventRoll; promoted: RollEntry[]; removed?: boolean; added?: boolean }): Promise<{ roll: EventRoll; changed: boolean }> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const stored = await this.deps.repos.events.roll(event.id);
      const before: EventRoll = stored?.value ?? { eventId: event.id, entries: [] };
      const result = change(before);
      if (result.roll === before) return { roll: before, changed: false };
      if (result.roll.entries.length > MAX_ROLL) throw new Conflict('RollFull', `Der kan højst stå ${MAX_ROLL} på listen over tilmeldte og ventende. Skriv til KOMBIT, hvis du vil deltage.`);
      try {
        await this.deps.repos.events.saveRoll(result.roll, stored?.etag);
      } catch (error) {
        if (error instanceof Stale || error instanceof AlreadyExists) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
      if (result.promoted.length) await this.tellPromoted(event, result.promoted);
      if (event.state === 'announced') await this.deps.delivery.refreshCards(eventNotificationId(event.id));
      return { roll: result.roll, changed: true };
    }
    throw new Conflict('Busy', 'Mange tilmelder sig lige nu. Prøv igen om et øjeblik.');
  }

  /**
   * Tells people who got a seat from the waiting list, then clears their mark. The mark was stored
   * with the seat, so a crash in between is finished at the next start ({@link announcePending});
   * the message's id names the sign-up, so it is never sent twice.
   */
  private async tellPromoted(event: KombitEvent, promoted: readonly RollEntry[]): Promise<void> {
    for (const p of promoted) {
      await this.deps.delivery.publish({
        id: `eventPromoted:${event.id}:${p.userId}:${Date.parse(p.signedUpAt)}`,
        kind: EVENT_NOTICE_KIND,
        subjectId: event.id,
        audience: { kind: 'users', userIds: [p.userId] },
        payload: { text: `Der er blevet en plads ledig: du er nu tilmeldt ${event.title} ${formatDate(event.startsAt)} kl. ${clockTime(event.startsAt)}. Kan du ikke komme, så afmeld dig på kortet, så pladsen går videre.` },
      });
    }
    const told = new Set(promoted.map((p) => `${p.userId}|${p.signedUpAt}`));
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const stored = await this.deps.repos.events.roll(event.id);
      if (!stored) return;
      if (!stored.value.entries.some((e) => e.noticePending && told.has(`${e.userId}|${e.signedUpAt}`))) return;
      const entries = stored.value.entries.map((e) => {
        if (!e.noticePending || !told.has(`${e.userId}|${e.signedUpAt}`)) return e;
        const { noticePending: _told, ...rest } = e;
        return rest;
      });
      try {
        await this.deps.repos.events.saveRoll({ ...stored.value, entries }, stored.etag);
        return;
      } catch (error) {
        if (!(error instanceof Stale)) throw error;
        await backoff(attempt);
      }
    }
  }

  private async openEvent(eventId: string): Promise<KombitEvent> {
    const event = (await this.deps.repos.events.get(eventId))?.value;
    if (!event) throw new NotFound('Arrangementet');
    if (event.state === 'cancelled') throw new SignupClosed('Arrangementet er aflyst, så du kan ikke tilmelde eller afmelde dig.');
    return event;
  }

  /** "Tilmeld": a seat, or a place on the waiting list; refused after the deadline. */
  async signUp(eventId: string, who: Attendee): Promise<{ event: KombitEvent; roll: EventRoll; place: RollPlace; already: boolean }> {
    const event = await this.openEvent(eventId);
    const now = this.now();
    if (!signupOpen(event, now)) {
      if (event.state !== 'announced') throw new SignupClosed('Der er ikke åbnet for tilmelding endnu.');
      throw new SignupClosed(`Tilmeldingen er lukket: fristen var ${formatDate(event.signupDeadline)} kl. ${clockTime(event.signupDeadline)}. Skriv til KOMBIT, hvis du stadig gerne vil deltage.`);
    }
    const person = { userId: who.userId, ...(who.teamsUserId ? { teamsUserId: who.teamsUserId } : {}), ...(who.name ? { name: who.name } : {}), ...(who.municipalityCode ? { municipalityCode: who.municipalityCode } : {}), signedUpAt: now.toISOString() };
    const { roll, changed } = await this.changeRoll(event, (r) => ({ ...addToRoll(r, event, person), promoted: [] }));
    return { event, roll, place: placeOf(roll, who.userId), already: !changed };
  }

  /** "Afmeld": frees the seat (the first waiting gets it) or the place on the waiting list; possible until the event begins. */
  async cancel(eventId: string, userId: string): Promise<{ event: KombitEvent; roll: EventRoll; wasOnRoll: boolean }> {
    const event = await this.openEvent(eventId);
    if (this.now().getTime() >= Date.parse(event.startsAt)) throw new SignupClosed('Arrangementet er begyndt, så du kan ikke længere afmelde dig her. Skriv til KOMBIT.');
    const { roll, changed } = await this.changeRoll(event, (r) => removeFromRoll(r, event, userId));
    return { event, roll, wasOnRoll: changed };
  }

  /** Who signed up, per municipality (staff). */
  async signups(eventId: string, principal: Principal): Promise<SignupList> {
    requireStaff(principal);
    const found = await this.withRoll(eventId);
    if (!found) throw new NotFound('Arrangementet');
    return signupList(found.event, found.roll);
  }
}

/** Groups a roll by municipality: seats first in order of sign-up, then the waiting list with positions. */
export function signupList(event: KombitEvent, roll: EventRoll | undefined): SignupList {
  const entries = roll?.entries ?? [];
  const byCode = new Map<string, MunicipalitySignups['people'][number][]>();
  let position = 0;
  for (const e of entries) {
    const code = e.municipalityCode && municipalityByCode(e.municipalityCode) ? e.municipalityCode : '';
    const row = { name: e.name ?? 'Ukendt navn', state: e.state, signedUpAt: e.signedUpAt, ...(e.state === 'waiting' ? { position: ++position } : {}) };
    byCode.set(code, [...(byCode.get(code) ?? []), row]);
  }
  const municipalities = [...byCode].map(([code, people]) => ({ code, name: code ? municipalityByCode(code)!.name : 'Uden kommune', people }));
  municipalities.sort((a, b) => (a.code === '' ? 1 : b.code === '' ? -1 : a.name.localeCompare(b.name, 'da')));
  const { confirmed, waiting } = rollCounts(roll);
  return { eventId: event.id, title: event.title, ...(event.capacity !== undefined ? { capacity: event.capacity } : {}), confirmed, waiting, municipalityCount: municipalities.filter((m) => m.code).length, municipalities };
}
