import { createApp, type App } from '../../bot/app.ts';
import { loadConfig, type Config } from '../../bot/config.ts';
import type { Storage } from '../../bot/storage/storage.ts';
import type { Clock } from '../../bot/domain/time.ts';
import type { DeliveryOptions } from '../../bot/notifications/delivery.ts';
import { openTestStorage, testLog } from './storage.ts';

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
