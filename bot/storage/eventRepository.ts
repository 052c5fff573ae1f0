import type { Logger } from '../log.ts';
import type { EventRoll, KombitEvent } from '../domain/event.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

const ROLL = 'roll';

/**
 * Events and their sign-up rolls. A roll is one row per event, read and written with its ETag:
 * a sign-up or cancellation that lost a race to another is refused (Stale, or AlreadyExists for
 * the first one) and nothing is written, and the caller tries again on the fresh roll.
 */
export class EventRepository {
  private readonly events: EntityTable<KombitEvent>;
  private readonly rolls: EntityTable<EventRoll>;
  constructor(storage: Storage, log: Logger) {
    this.events = new EntityTable(storage.table(TABLES.events), log, 'Arrangementet');
    this.rolls = new EntityTable(storage.table(TABLES.eventRolls), log, 'Tilmeldingslisten');
  }

  /** Soonest first. */
  async list(): Promise<KombitEvent[]> {
    return (await this.events.list(PARTITIONS.event)).map((r) => r.value).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }
  get(id: string): Promise<Versioned<KombitEvent> | undefined> {
    return this.events.get(PARTITIONS.event, id);
  }
  create(event: KombitEvent): Promise<string> {
    return this.events.insert(PARTITIONS.event, event.id, event);
  }
  /** Throws Stale when someone changed it since `etag`. */
  replace(event: KombitEvent, etag: string): Promise<string> {
    return this.events.replace(PARTITIONS.event, event.id, event, etag);
  }
  /** The roll as stored, with its ETag; undefined before the first sign-up. */
  roll(eventId: string): Promise<Versioned<EventRoll> | undefined> {
    return this.rolls.get(eventId, ROLL);
  }
  /** Writes a roll: the first one is inserted (AlreadyExists if another got there first), a later one replaced only if it still has `etag` (else Stale). */
  saveRoll(roll: EventRoll, etag: string | undefined): Promise<string> {
    return etag === undefined ? this.rolls.insert(roll.eventId, ROLL, roll) : this.rolls.replace(roll.eventId, ROLL, roll, etag);
  }
}
