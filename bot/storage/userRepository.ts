import type { Logger } from '../log.ts';
import type { UserProfile } from '../domain/user.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/** People's profiles: municipality, language, role and followed solutions. */
export class UserRepository {
  private readonly rows: EntityTable<UserProfile>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.users), log, 'Profilen');
  }

  get(userId: string): Promise<Versioned<UserProfile> | undefined> {
    return this.rows.get(PARTITIONS.user, userId);
  }
  async list(): Promise<UserProfile[]> {
    return (await this.rows.list(PARTITIONS.user)).map((r) => r.value);
  }
  /** Saves a profile; with `etag`, only if it was not changed since it was read. */
  save(profile: UserProfile, etag?: string): Promise<string> {
    return etag ? this.rows.replace(PARTITIONS.user, profile.userId, profile, etag) : this.rows.upsert(PARTITIONS.user, profile.userId, profile);
  }
  /** The people who follow a solution, for 1:1 notifications. */
  async followersOf(solutionId: string): Promise<UserProfile[]> {
    return (await this.list()).filter((u) => u.followedSolutions.includes(solutionId));
  }
}
