import { TableClient, TableServiceClient } from '@azure/data-tables';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { StorageConfig } from '../config.ts';
import type { EmbeddedStorage } from './embeddedStorage.ts';
import { QUEUES, TABLES, type QueueName, type TableName } from './tables.ts';

/** The app's handle on Azure Table and Queue Storage (or the embedded Azurite). */
export interface Storage {
  table(name: TableName): TableClient;
  queue(name: QueueName): QueueClient;
  /** True when the table service answers. */
  ping(): Promise<boolean>;
  /** Stops the embedded Azurite, if this storage started one. */
  close(): Promise<void>;
  /** Where the data is, for the start-up message. */
  readonly description: string;
}

interface Endpoints {
  tableService: TableServiceClient;
  /** Without retries: a health check must answer at once when storage is down. */
  pingService: TableServiceClient;
  queueService: QueueServiceClient;
  tableClient(name: string): TableClient;
  description: string;
}

async function endpointsFor(config: StorageConfig, embedded?: EmbeddedStorage): Promise<Endpoints> {
  if (embedded || config.kind === 'connectionString') {
    const connectionString = embedded ? embedded.connectionString : (config as { connectionString: string }).connectionString;
    // Only the loopback emulator speaks plain http.
    const options = { allowInsecureConnection: Boolean(embedded) || /DefaultEndpointsProtocol=http;/i.test(connectionString) };
    return {
      tableService: TableServiceClient.fromConnectionString(connectionString, options),
      pingService: TableServiceClient.fromConnectionString(connectionString, { ...options, retryOptions: { maxRetries: 0 } }),
      queueService: QueueServiceClient.fromConnectionString(connectionString),
      tableClient: (name) => TableClient.fromConnectionString(connectionString, name, options),
      description: embedded ? `Azurite (${config.kind === 'embedded' ? config.dataDir : 'i hukommelsen'})` : 'Azure Storage (forbindelsesstreng)',
    };
  }
  if (config.kind !== 'managedIdentity') throw new Error('embedded storage was not started');
  // Loaded only for managed identity: @azure/identity adds most of a second to every start.
  const { DefaultAzureCredential } = await import('@azure/identity');
  const credential = new DefaultAzureCredential(config.clientId ? { managedIdentityClientId: config.clientId } : {});
  return {
    tableService: new TableServiceClient(config.tableEndpoint, credential),
    pingService: new TableServiceClient(config.tableEndpoint, credential, { retryOptions: { maxRetries: 0 } }),
    queueService: new QueueServiceClient(config.queueEndpoint, credential),
    tableClient: (name) => new TableClient(config.tableEndpoint, name, credential),
    description: `Azure Storage ${config.tableEndpoint} (managed identity)`,
  };
}

/**
 * Connects to the configured storage (starting Azurite when none is configured), and creates
 * every table and queue the app uses, once, so repositories never have to.
 */
export async function openStorage(config: StorageConfig, options: { inMemory?: boolean } = {}): Promise<Storage> {
  // Azurite is a development dependency: loaded only when no storage is configured, so a production install needs none of it.
  const embedded = config.kind === 'embedded' ? await (await import('./embeddedStorage.ts')).startEmbeddedStorage({ dataDir: config.dataDir, inMemory: options.inMemory }) : undefined;
  try {
    const endpoints = await endpointsFor(config, embedded);
    await Promise.all([
      ...Object.values(TABLES).map((t) => endpoints.tableService.createTable(t)),
      ...Object.values(QUEUES).map((q) => endpoints.queueService.getQueueClient(q).createIfNotExists()),
    ]);
    const tableClients = new Map<string, TableClient>();
    return {
      description: endpoints.description,
      table(name) {
        let client = tableClients.get(name);
        if (!client) {
          client = endpoints.tableClient(name);
          tableClients.set(name, client);
        }
        return client;
      },
      queue: (name) => endpoints.queueService.getQueueClient(name),
      async ping() {
        try {
          await endpoints.pingService.getProperties({ abortSignal: AbortSignal.timeout(2000) });
          return true;
        } catch {
          return false;
        }
      },
      close: async () => embedded?.close(),
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}

