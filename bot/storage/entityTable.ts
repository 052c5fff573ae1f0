import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Logger } from '../log.ts';
import { AlreadyExists } from '../domain/errors.ts';
import { decodeKey, encodeKey, fromEntity, getOrUndefined, guarded, isStatus, listPartition, MAX_BATCH, submitInBatches, toEntity } from './entities.ts';

/** A value as read, with the ETag a later conditional write must present. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/**
 * Typed access to one table for one kind of row. Repositories compose it; it owns key
 * encoding, (de)serialisation, ETag checks and batching so they do not repeat them.
 */
export class EntityTable<T extends object> {
  constructor(
    private readonly client: TableClient,
    private readonly log: Logger,
    /** Names the row in Danish for messages, e.g. "KLIK-opgaven". */
    private readonly what: string,
  ) {}

  async get(pk: string, rk: string): Promise<Versioned<T> | undefined> {
    const row = await guarded(this.log, this.what, () => getOrUndefined(this.client, encodeKey(pk), encodeKey(rk)));
    return row ? { value: fromEntity<T>(row), etag: row.etag } : undefined;
  }

  async list(pk: string): Promise<Versioned<T>[]> {
    const rows = await guarded(this.log, this.what, () => listPartition(this.client, encodeKey(pk)));
    return rows.map((row) => ({ value: fromEntity<T>(row), etag: row.etag }));
  }

  /** Lists a partition's row keys with values, decoded. */
  async listWithKeys(pk: string): Promise<{ rowKey: string; value: T; etag: string }[]> {
    const rows = await guarded(this.log, this.what, () => listPartition(this.client, encodeKey(pk)));
    return rows.map((row) => ({ rowKey: decodeKey(row.rowKey ?? ''), value: fromEntity<T>(row), etag: row.etag }));
  }

  /** Inserts a new row; a row with the same key is refused with AlreadyExists. */
  async insert(pk: string, rk: string, value: T): Promise<string> {
    try {
      const res = await this.client.createEntity(toEntity(encodeKey(pk), encodeKey(rk), value));
      return res.etag ?? '';
    } catch (error) {
      if (isStatus(error, 409)) throw new AlreadyExists(this.what);
      this.log.error({ err: error, what: this.what }, 'storage insert failed');
      throw error;
    }
  }

  /**
   * Inserts rows of one partition, each as {@link insert} would, but in transactions of up to 100
   * (one request instead of one per row). A transaction is all or nothing; when one is refused (a
   * row exists already, or a key comes twice), its rows are inserted one by one, in order, so each
   * gets its own outcome: its ETag, or the AlreadyExists of a row that exists.
   */
  async insertEach(pk: string, rows: readonly { rk: string; value: T }[]): Promise<PromiseSettledResult<string>[]> {
    const outcomes: PromiseSettledResult<string>[] = [];
    const one = (row: { rk: string; value: T }) => this.insert(pk, row.rk, row.value).then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason: unknown) => ({ status: 'rejected', reason }) as const,
    );
    for (let i = 0; i < rows.length; i += MAX_BATCH) {
      const chunk = rows.slice(i, i + MAX_BATCH);
      if (chunk.length === 1) {
        outcomes.push(await one(chunk[0]!));
        continue;
      }
      try {
        const result = await this.client.submitTransaction(chunk.map((row) => ['create', toEntity(encodeKey(pk), encodeKey(row.rk), row.value)] as TransactionAction));
        chunk.forEach((_, k) => outcomes.push({ status: 'fulfilled', value: result.subResponses[k]?.etag ?? '' }));
      } catch {
        for (const row of chunk) outcomes.push(await one(row));
      }
    }
    return outcomes;
  }

  /** Writes the row whatever is there (last writer wins). */
  async upsert(pk: string, rk: string, value: T): Promise<string> {
    const res = await guarded(this.log, this.what, () => this.client.upsertEntity(toEntity(encodeKey(pk), encodeKey(rk), value), 'Replace'));
    return res.etag ?? '';
  }

  /** Replaces the row only if it still has `etag`; else throws Stale and writes nothing. */
  async replace(pk: string, rk: string, value: T, etag: string): Promise<string> {
    const res = await guarded(this.log, this.what, () => this.client.updateEntity(toEntity(encodeKey(pk), encodeKey(rk), value), 'Replace', { etag }));
    return res.etag ?? '';
  }

  /** Changes only the given columns of an existing row, whatever its ETag (other columns are kept). */
  async merge(pk: string, rk: string, columns: Partial<T>): Promise<string> {
    const res = await guarded(this.log, this.what, () => this.client.updateEntity(toEntity(encodeKey(pk), encodeKey(rk), columns), 'Merge'));
    return res.etag ?? '';
  }

  async delete(pk: string, rk: string): Promise<void> {
    try {
      await this.client.deleteEntity(encodeKey(pk), encodeKey(rk));
    } catch (error) {
      if (isStatus(error, 404)) return;
      this.log.error({ err: error, what: this.what }, 'storage delete failed');
      throw error;
    }
  }

  /** Changes the given columns of existing rows of one partition, in transactions of up to 100; returns the number of transactions. */
  async mergeMany(pk: string, rows: readonly { rk: string; columns: Partial<T> }[]): Promise<number> {
    const actions: TransactionAction[] = rows.map((r) => ['update', toEntity(encodeKey(pk), encodeKey(r.rk), r.columns), 'Merge']);
    return guarded(this.log, this.what, () => submitInBatches(this.client, actions));
  }

  /** Upserts many rows of one partition in transactions of at most 100; returns the number of transactions. */
  async upsertMany(pk: string, rows: readonly { rk: string; value: T }[]): Promise<number> {
    const actions: TransactionAction[] = rows.map((r) => ['upsert', toEntity(encodeKey(pk), encodeKey(r.rk), r.value), 'Replace']);
    return guarded(this.log, this.what, () => submitInBatches(this.client, actions));
  }
}
