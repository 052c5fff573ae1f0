import type { Logger } from '../log.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/** Program-leader meetings with their agendas. */
export class MeetingRepository {
  private readonly rows: EntityTable<Meeting>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.meetings), log, 'Mødet');
  }

  async list(): Promise<Meeting[]> {
    return (await this.rows.list(PARTITIONS.meeting)).map((r) => r.value).sort((a, b) => a.date.localeCompare(b.date));
  }
  get(id: string): Promise<Versioned<Meeting> | undefined> {
    return this.rows.get(PARTITIONS.meeting, id);
  }
  create(meeting: Meeting): Promise<string> {
    return this.rows.insert(PARTITIONS.meeting, meeting.id, meeting);
  }
  replace(meeting: Meeting, etag: string): Promise<string> {
    return this.rows.replace(PARTITIONS.meeting, meeting.id, meeting, etag);
  }
  upsert(meeting: Meeting): Promise<string> {
    return this.rows.upsert(PARTITIONS.meeting, meeting.id, meeting);
  }
}
