import { RestError, TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { QueueServiceClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { workQueueOf, type WorkQueue } from './workQueue.ts';
import type { StorageConfig } from '../config.ts';
import { Unavailable } from '../domain/errors.ts';
import type { EmbeddedStorage } from './embeddedStorage.ts';
import { QUEUES, TABLES, type QueueName, type TableName } from './tables.ts';

/** The app's handle on Azure Table and Queue Storage (or the embedded Azurite). */
export interface Storage {
  table(name: TableName): TableClient;
  queue(name: QueueName): WorkQueue;
  /** True when the table service answers. */
  ping(): Promise<boolean>;
  /** Stops the embedded Azurite, if this storage started one. */
  close(): Promise<void>;
  /** Where the data is, for the start-up message. */
  readonly description: string;
}

/** What a person is told while storage cannot be reached; the HTTP edge answers it with 503. */
export const STORAGE_UNAVAILABLE_MESSAGE = 'Data kan ikke hentes eller gemmes lige nu. Prøv igen om lidt.';

/** Transport failures (no answer from storage at all), as opposed to an answer such as 404 or 412. */
const TRANSPORT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'REQUEST_SEND_ERROR']);

/** True when a storage call got no answer: storage is down or unreachable, not refusing this call. */
export function isTransportFailure(error: unknown): boolean {
  if (error instanceof Unavailable) return true;
  // The app's storage calls pass no abort signal of their own: an abort is the try timeout below.
  if (error instanceof Error && error.name === 'AbortError') return true;
  if (error instanceof RestError) return error.statusCode === undefined && (TRANSPORT_CODES.has(error.code ?? '') || /timeout|socket hang up/i.test(error.message));
  return false;
}

/**
 * Tells the app's storage calls apart while storage is down: the first call that gets no answer
 * marks it down, and from then on every call fails at once with {@link Unavailable} (a 503 at the
 * HTTP edge) instead of waiting through the SDK's retries, until a probe every half second finds it
 * answering again. Without this a request waited 3–6 s and then failed with 500.
 */
class StorageBreaker {
  private down = false;
  private probing?: NodeJS.Timeout;
  constructor(private readonly probe: () => Promise<boolean>) {}

  get isDown(): boolean {
    return this.down;
  }

  /** The Azure SDK pipeline policy: runs before the SDK's retries, so an open breaker skips them. */
  readonly policy = {
    name: 'storageBreaker',
    sendRequest: async <T>(request: T, next: (request: T) => Promise<unknown>) => {
      if (this.down) throw new Unavailable('StorageUnavailable', STORAGE_UNAVAILABLE_MESSAGE);
      try {
        return await next(request);
      } catch (error) {
        if (!isTransportFailure(error)) throw error;
        this.trip();
        throw new Unavailable('StorageUnavailable', STORAGE_UNAVAILABLE_MESSAGE);
      }
    },
  };

  private trip(): void {
    if (this.down) return;
    this.down = true;
    const check = async () => {
      if (await this.probe()) {
        this.down = false;
        this.probing = undefined;
      } else this.probing = setTimeout(() => void check(), 500).unref();
    };
    // Probed at once: one unlucky call (a connection reset under load) holds up the others only for a round trip.
    void check();
  }

  close(): void {
    clearTimeout(this.probing);
  }
}

/**
 * Retries for a storage that answers: a few quick ones (a dropped connection, a busy moment), and
 * no request waits more than 10 s for an answer. Longer outages are the breaker's.
 */
const TABLE_OPTIONS = { retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 500 } };
/** Gives up a try that gets no answer (a storage that accepts connections and then hangs); the SDK sets no limit itself. */
const TRY_TIMEOUT = {
  name: 'storageTryTimeout',
  sendRequest: <T extends { timeout: number }>(request: T, next: (request: T) => Promise<unknown>) => {
    if (!request.timeout) request.timeout = 10_000;
    return next(request);
  },
};
const QUEUE_OPTIONS: StoragePipelineOptions = { retryOptions: { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 500, tryTimeoutInMs: 10_000 } };

interface Endpoints {
  tableService: TableServiceClient;
  /** Without retries: a health check must answer at once when storage is down. */
  pingService: TableServiceClient;
  queueService: QueueServiceClient;
  tableClient(name: string): TableClient;
  description: string;
}

async function endpointsFor(config: StorageConfig, breaker: StorageBreaker['policy'], embedded?: EmbeddedStorage): Promise<Endpoints> {
  const withBreaker: TableServiceClientOptions = {
    ...TABLE_OPTIONS,
    additionalPolicies: [
      { policy: breaker as never, position: 'perCall' },
      { policy: TRY_TIMEOUT as never, position: 'perRetry' },
    ],
  };
  if (embedded || config.kind === 'connectionString') {
    const connectionString = embedded ? embedded.connectionString : (config as { connectionString: string }).connectionString;
    // Only the loopback emulator speaks plain http.
    const options = { allowInsecureConnection: Boolean(embedded) || /DefaultEndpointsProtocol=http;/i.test(connectionString) };
    return {
      tableService: TableServiceClient.fromConnectionString(connectionString, { ...options, ...withBreaker }),
      pingService: TableServiceClient.fromConnectionString(connectionString, { ...options, retryOptions: { maxRetries: 0 } }),
      queueService: QueueServiceClient.fromConnectionString(connectionString, QUEUE_OPTIONS),
      tableClient: (name) => TableClient.fromConnectionString(connectionString, name, { ...options, ...withBreaker }),
      description: embedded ? `Azurite (${config.kind === 'embedded' ? config.dataDir : 'i hukommelsen'})` : 'Azure Storage (forbindelsesstreng)',
    };
  }
  if (config.kind !== 'managedIdentity') throw new Error('embedded storage was not started');
  // Loaded only for managed identity: @azure/identity adds most of a second to every start.
  const { DefaultAzureCredential } = await import('@azure/identity');
  const credential = new DefaultAzureCredential(config.clientId ? { managedIdentityClientId: config.clientId } : {});
  return {
    tableService: new TableServiceClient(config.tableEndpoint, credential, withBreaker),
    pingService: new TableServiceClient(config.tableEndpoint, credential, { retryOptions: { maxRetries: 0 } }),
    queueService: new QueueServiceClient(config.queueEndpoint, credential, QUEUE_OPTIONS),
    tableClient: (name) => new TableClient(config.tableEndpoint, name, credential, withBreaker),
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
  let endpoints: Endpoints | undefined;
  const ping = async () => {
    try {
      await endpoints!.pingService.getProperties({ abortSignal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      return false;
    }
  };
  const breaker = new StorageBreaker(ping);
  try {
    const opened = await endpointsFor(config, breaker.policy, embedded);
    endpoints = opened;
    await Promise.all([
      ...Object.values(TABLES).map((t) => opened.tableService.createTable(t)),
      ...Object.values(QUEUES).map((q) => opened.queueService.getQueueClient(q).createIfNotExists()),
    ]);
    const tableClients = new Map<string, TableClient>();
    return {
      description: opened.description,
      table(name) {
        let client = tableClients.get(name);
        if (!client) {
          client = opened.tableClient(name);
          tableClients.set(name, client);
        }
        return client;
      },
      queue: (name) => workQueueOf(opened.queueService.getQueueClient(name)),
      ping,
      close: async () => {
        breaker.close();
        await embedded?.close();
      },
    };
  } catch (error) {
    breaker.close();
    await embedded?.close();
    throw error;
  }
}

