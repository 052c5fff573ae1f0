import { RestError, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { Logger } from '../log.ts';
import { Stale } from '../domain/errors.ts';

/** Azure Table Storage takes at most 100 actions in one transaction. */
export const MAX_BATCH = 100;

/** Makes any id safe as a PartitionKey/RowKey ('/', '\\', '#', '?' and control characters are not allowed). */
export function encodeKey(id: string): string {
  return encodeURIComponent(id);
}

export function decodeKey(key: string): string {
  return decodeURIComponent(key);
}

type Row = Record<string, unknown>;
const JSON_SUFFIX = 'Json';

/**
 * Turns a domain object into an entity: scalars become columns (readable in Storage
 * Explorer), arrays and objects become JSON columns, undefined is left out.
 */
export function toEntity(partitionKey: string, rowKey: string, value: object): Row & { partitionKey: string; rowKey: string } {
  const entity: Row & { partitionKey: string; rowKey: string } = { partitionKey, rowKey };
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (v === null || typeof v === 'object') entity[key + JSON_SUFFIX] = JSON.stringify(v);
    else entity[key] = v;
  }
  return entity;
}

const SYSTEM_COLUMNS = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp', 'odata.metadata']);

/** The reverse of {@link toEntity}. */
export function fromEntity<T>(entity: TableEntityResult<Row> | Row): T {
  const value: Row = {};
  for (const [key, v] of Object.entries(entity)) {
    if (SYSTEM_COLUMNS.has(key)) continue;
    if (key.endsWith(JSON_SUFFIX) && typeof v === 'string') value[key.slice(0, -JSON_SUFFIX.length)] = JSON.parse(v);
    else value[key] = v;
  }
  return value as T;
}

/** True when a storage call failed with this HTTP status. */
export function isStatus(error: unknown, status: number): boolean {
  return error instanceof RestError && error.statusCode === status;
}

/**
 * Runs a storage call; a stale ETag becomes a {@link Stale} naming `what`, any
 * other failure is logged with context and rethrown. Nothing is swallowed.
 */
export async function guarded<T>(log: Logger, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStatus(error, 412)) throw new Stale(what);
    log.error({ err: error, what }, 'storage call failed');
    throw error;
  }
}

/** Reads one row, or undefined when it does not exist. */
export async function getOrUndefined<T extends Row>(client: TableClient, pk: string, rk: string): Promise<TableEntityResult<T> | undefined> {
  try {
    return await client.getEntity<T>(pk, rk);
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Reads every row of one partition. */
export async function listPartition<T extends Row>(client: TableClient, pk: string): Promise<TableEntityResult<T>[]> {
  const rows: TableEntityResult<T>[] = [];
  const filter = `PartitionKey eq '${pk.replace(/'/g, "''")}'`;
  for await (const row of client.listEntities<T>({ queryOptions: { filter } })) rows.push(row);
  return rows;
}

/**
 * Writes actions for one partition in transactions of at most {@link MAX_BATCH}. Each
 * transaction is all-or-nothing; returns how many transactions were sent.
 */
export async function submitInBatches(client: TableClient, actions: readonly TransactionAction[]): Promise<number> {
  let batches = 0;
  for (let i = 0; i < actions.length; i += MAX_BATCH) {
    await client.submitTransaction(actions.slice(i, i + MAX_BATCH) as TransactionAction[]);
    batches++;
  }
  return batches;
}
