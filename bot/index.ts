import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openStorage } from './storage/storage.ts';
import { createApp } from './app.ts';
import { createRepositories } from './storage/repositories.ts';
import { seedDemoDataIfEmpty } from './demo/seed.ts';
import { systemClock } from './domain/time.ts';
import { startPlayground } from './local/playground.ts';

// The entry point: read config, open storage, build the app, listen; one error boundary, one shutdown path.
const startedAt = Date.now();
const log = createLogger(process.env.LOG_LEVEL);
try {
  const config = loadConfig();
  const storage = await openStorage(config.storage);
  if (config.demoData) await seedDemoDataIfEmpty(createRepositories(storage, log), systemClock, config.evaluationHashKey, log);
  const app = createApp({ config, storage, log });
  const baseUrl = await app.listen();
  await app.startWorkers();
  const playground = config.playground.enabled ? await startPlayground(`${baseUrl}/api/messages`, config.playground.port, log) : undefined;

  log.info({ ms: Date.now() - startedAt, devMode: config.devMode, storage: storage.description }, 'ready');
  process.stdout.write(
    [
      '',
      `  KOMBIT Programledere kører${config.devMode ? ' i udviklingstilstand (kun loopback)' : ''}:`,
      `    Sundhedstjek:      ${baseUrl}/healthz`,
      `    Fanen (portefølje): ${baseUrl}/tab/`,
      `    Bot-endpoint:      ${baseUrl}/api/messages`,
      ...(playground ? [`    Agents Playground: ${playground.url}  (chat med botten her)`] : []),
      `    Data:              ${storage.description}`,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await playground?.stop();
      await app.stop();
      await storage.close();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  log.fatal({ err: error }, 'could not start');
  process.exitCode = 1;
}
