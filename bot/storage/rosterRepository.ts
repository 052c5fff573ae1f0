import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { ReachRecord, RosterPerson } from '../domain/roster.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { TABLES } from './tables.ts';

/** Which roster is in force: the version whose partition holds its people. */
export interface RosterHeader {
  readonly version: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly people: number;
}

const POINTER = { pk: 'current', rk: 'roster' };
const REACH = 'reach';
const versionPartition = (version: string) => `v:${version}`;

/**
 * The KLIK roster. Each import writes a new version in a partition of its own and then points
 * to it in one write, so readers see the old roster or the new one, never half of each, also
 * when the process dies in the middle of an import (the half-written version is never pointed to).
 */
export class RosterRepository {
  private readonly header: EntityTable<RosterHeader>;
  private readonly people: EntityTable<RosterPerson>;
  private readonly reach: EntityTable<ReachRecord>;
  constructor(storage: Storage, log: Logger) {
    const client = storage.table(TABLES.roster);
    this.header = new EntityTable(client, log, 'Rollelisten');
    this.people = new EntityTable(client, log, 'Rollelisten');
    this.reach = new EntityTable(client, log, 'Kontaktstatus');
  }

  /** The roster in force, or an empty one before the first import. */
  async current(): Promise<{ header?: RosterHeader; people: RosterPerson[] }> {
    const header = (await this.header.get(POINTER.pk, POINTER.rk))?.value;
    if (!header) return { people: [] };
    return { header, people: (await this.people.list(versionPartition(header.version))).map((r) => r.value) };
  }

  /** Makes `people` the roster in force; the previous version's rows are deleted afterwards. */
  async replace(people: readonly RosterPerson[], meta: { importedAt: string; importedBy: string }): Promise<RosterHeader> {
    const previous = (await this.header.get(POINTER.pk, POINTER.rk))?.value;
    const header: RosterHeader = { version: `${meta.importedAt.replace(/[^0-9]/g, '')}-${randomUUID().slice(0, 8)}`, ...meta, people: people.length };
    await this.people.upsertMany(versionPartition(header.version), people.map((p) => ({ rk: p.email, value: p })));
    await this.header.upsert(POINTER.pk, POINTER.rk, header);
    if (previous) {
      // Only space: nothing reads a version that is no longer pointed to.
      const old = await this.people.listWithKeys(versionPartition(previous.version));
      for (let i = 0; i < old.length; i += 32) {
        await Promise.all(old.slice(i, i + 32).map((row) => this.people.delete(versionPartition(previous.version), row.rowKey)));
      }
    }
    return header;
  }

  /** How far reaching each person got, by e-mail. */
  async reachRecords(): Promise<ReachRecord[]> {
    return (await this.reach.list(REACH)).map((r) => r.value);
  }

  getReach(email: string): Promise<Versioned<ReachRecord> | undefined> {
    return this.reach.get(REACH, email);
  }

  /** Records a step; with `etag` only if nobody else recorded one since it was read (else Stale), without it only if there is none yet (else AlreadyExists). */
  async saveReach(record: ReachRecord, etag?: string): Promise<string> {
    return etag ? this.reach.replace(REACH, record.email, record, etag) : this.reach.insert(REACH, record.email, record);
  }
}
