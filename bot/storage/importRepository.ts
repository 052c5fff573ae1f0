import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { TABLES } from './tables.ts';
import { fromEntity, guarded } from './entities.ts';

/**
 * An import written down before it is applied. `staging` while its plan is being written (a crash
 * then rolls it back: nothing was applied), `staged` once the whole plan is stored (from then on it
 * is finished, after a crash too). Applied imports are deleted.
 */
export interface ImportHeader {
  readonly id: string;
  readonly kind: string;
  readonly state: 'staging' | 'staged';
  readonly createdAt: string;
  /** Until when the instance that wrote it owns it; after that another may finish or roll it back. */
  readonly leaseUntil: string;
  readonly chunks: number;
  /** How many of the plan's steps after the writes (cards, notes, refreshes) are done: a restart goes on from there. */
  readonly progress?: number;
}

const HEADER = 'header';
/**
 * Characters of plan JSON per row: a string column holds at most 64 KiB (32 K UTF-16 characters),
 * and a transaction of 100 rows at most 4 MiB.
 */
const CHUNK_CHARS = 30_000;
const chunkKey = (n: number) => `chunk-${String(n).padStart(5, '0')}`;

/** Imports in progress: one partition per import, holding its header and its plan in chunks. */
export class ImportRepository {
  private readonly headers: EntityTable<ImportHeader>;
  private readonly chunks: EntityTable<{ text: string }>;
  private readonly client: TableClient;
  constructor(storage: Storage, private readonly log: Logger) {
    this.client = storage.table(TABLES.imports);
    this.headers = new EntityTable(this.client, log, 'Importen');
    this.chunks = new EntityTable(this.client, log, 'Importens plan');
  }

  /**
   * Writes the plan under the import's id: the header as `staging`, the plan, then the header as
   * `staged` (the commit point). Returns the staged header and its ETag, which the owner presents to extend its lease.
   */
  async stage(header: Omit<ImportHeader, 'state' | 'chunks'>, plan: unknown): Promise<Versioned<ImportHeader>> {
    const text = JSON.stringify(plan);
    const parts: { rk: string; value: { text: string } }[] = [];
    for (let i = 0; i * CHUNK_CHARS < text.length || i === 0; i++) parts.push({ rk: chunkKey(i), value: { text: text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS) } });
    const staging: ImportHeader = { ...header, state: 'staging', chunks: parts.length };
    const etag = await this.headers.insert(header.id, HEADER, staging);
    await this.chunks.upsertMany(header.id, parts);
    const staged: ImportHeader = { ...staging, state: 'staged' };
    return { value: staged, etag: await this.headers.replace(header.id, HEADER, staged, etag) };
  }

  /** Every import not yet finished, with its header's ETag. */
  async unfinished(): Promise<Versioned<ImportHeader>[]> {
    return guarded(this.log, 'Importerne', async () => {
      const rows: Versioned<ImportHeader>[] = [];
      for await (const row of this.client.listEntities({ queryOptions: { filter: `RowKey eq '${HEADER}'` } })) rows.push({ value: fromEntity<ImportHeader>(row), etag: row.etag });
      return rows;
    });
  }

  /** The staged plan of an import. */
  async plan<T>(id: string): Promise<T> {
    const rows = (await this.chunks.listWithKeys(id)).filter((r) => r.rowKey !== HEADER).sort((a, b) => a.rowKey.localeCompare(b.rowKey));
    return JSON.parse(rows.map((r) => r.value.text).join('')) as T;
  }

  /**
   * Takes over or extends the ownership of an import, and with `progress` records how far it got;
   * throws Stale if someone else changed it since `etag`.
   */
  extend(header: ImportHeader, leaseUntil: string, etag: string, progress = header.progress): Promise<string> {
    return this.headers.replace(header.id, HEADER, { ...header, leaseUntil, ...(progress === undefined ? {} : { progress }) }, etag);
  }

  /** Forgets an import (applied, or rolled back): the header first, so a crash leaves no import half there. */
  async remove(header: ImportHeader): Promise<void> {
    await this.headers.delete(header.id, HEADER);
    for (let i = 0; i < header.chunks; i++) await this.chunks.delete(header.id, chunkKey(i));
  }
}
