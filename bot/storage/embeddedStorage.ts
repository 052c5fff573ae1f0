import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import TableServerModule from 'azurite/dist/src/table/TableServer.js';
import TableConfigurationModule from 'azurite/dist/src/table/TableConfiguration.js';
import QueueServerModule from 'azurite/dist/src/queue/QueueServer.js';
import QueueConfigurationModule from 'azurite/dist/src/queue/QueueConfiguration.js';

/** Azurite's well-known development account; it only ever guards a loopback emulator. */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}
type Ctor = new (...args: unknown[]) => unknown;

// Node's ESM loader and vitest disagree on the default-import shape of these CommonJS modules.
function ctor(mod: unknown): Ctor {
  const m = mod as { default?: unknown };
  return (m.default ?? m) as Ctor;
}

/** A running Azurite with its table and queue endpoints. */
export interface EmbeddedStorage {
  readonly tableEndpoint: string;
  readonly queueEndpoint: string;
  readonly connectionString: string;
  /** Stops both services; on disk, Azurite writes its database as it closes. */
  close(): Promise<void>;
}

export interface EmbeddedStorageOptions {
  /** Folder for Azurite's files; ignored when `inMemory`. */
  readonly dataDir?: string;
  /** Keep everything in memory (tests). */
  readonly inMemory?: boolean;
  /** Ports to listen on; 0 (the default) picks free ones. */
  readonly tablePort?: number;
  readonly queuePort?: number;
}

/**
 * Starts Azurite's Table and Queue services in this process on loopback. Data lives in
 * `dataDir` (or in memory for tests); call `close()` before exiting so nothing written is lost.
 */
export async function startEmbeddedStorage(options: EmbeddedStorageOptions = {}): Promise<EmbeddedStorage> {
  const inMemory = options.inMemory ?? false;
  const dataDir = path.resolve(options.dataDir ?? '.data');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const at = (file: string) => path.join(dataDir, file);

  const TableConfiguration = ctor(TableConfigurationModule);
  const TableServer = ctor(TableServerModule);
  const tableConfig = new TableConfiguration(
    '127.0.0.1', options.tablePort ?? 0, undefined, at('__azurite_db_table__.json'),
    false, false, undefined, undefined, false, true, '', '', '', undefined, false, inMemory,
  );
  const tables = new TableServer(tableConfig) as AzuriteServer;

  const QueueConfiguration = ctor(QueueConfigurationModule);
  const QueueServer = ctor(QueueServerModule);
  const queueConfig = new QueueConfiguration(
    '127.0.0.1', options.queuePort ?? 0, undefined, at('__azurite_db_queue__.json'), at('__azurite_db_queue_extent__.json'),
    [{ locationId: 'Default', locationPath: at('__queuestorage__'), maxConcurrency: 1 }],
    false, undefined, false, undefined, false, true, '', '', '', undefined, false, inMemory,
  );
  const queues = new QueueServer(queueConfig) as AzuriteServer;

  await tables.start();
  try {
    await queues.start();
  } catch (error) {
    await tables.close();
    throw error;
  }
  const tableEndpoint = `${tables.getHttpServerAddress()}/${DEV_ACCOUNT}`;
  const queueEndpoint = `${queues.getHttpServerAddress()}/${DEV_ACCOUNT}`;
  let closed = false;
  return {
    tableEndpoint,
    queueEndpoint,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};` +
      `TableEndpoint=${tableEndpoint};QueueEndpoint=${queueEndpoint};`,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([tables.close(), queues.close()]);
    },
  };
}
