import { createApp, type App } from '../../bot/app.ts';
import { loadConfig, type Config } from '../../bot/config.ts';
import type { Storage } from '../../bot/storage/storage.ts';
import type { Clock } from '../../bot/domain/time.ts';
import type { DeliveryOptions } from '../../bot/notifications/delivery.ts';
import { openTestStorage, testLog } from './storage.ts';

/** Production mode: bot credentials, an Entra app and a hash key (no key set is reachable: tokens cannot be checked against Entra). */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  BOT_ID: '00000000-0000-4000-8000-00000000b07',
  BOT_TYPE: 'SingleTenant',
  BOT_PASSWORD: 'not-a-real-secret',
  BOT_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-0000000000aa',
  AAD_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  EVALUATION_HASH_KEY: 'a-long-random-test-secret',
};

/** The real app on a free loopback port over in-memory Azurite. */
export interface RunningApp {
  readonly app: App;
  readonly storage: Storage;
  readonly config: Config;
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startTestApp(
  options: { env?: Record<string, string>; clock?: Clock; storage?: Storage; delivery?: Partial<DeliveryOptions> & { tenantLimitPerSecond?: number }; workers?: boolean } = {},
): Promise<RunningApp> {
  // The app is handed its storage below; the connection string only satisfies production mode's demand for configured storage.
  const config = loadConfig({ PORT: '0', PLAYGROUND: 'false', LOG_LEVEL: 'silent', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', ...options.env });
  const storage = options.storage ?? (await openTestStorage());
  const app = createApp({ config, storage, log: testLog, clock: options.clock, delivery: { idleMs: 50, ...options.delivery } });
  const baseUrl = await app.listen();
  if (options.workers) await app.startWorkers();
  return {
    app,
    storage,
    config,
    baseUrl,
    async close() {
      await app.stop();
      await storage.close();
    },
  };
}
