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
// Until the configuration is validated, a logger at the default level reports a bad configuration
// (LOG_LEVEL itself may be the bad value); after that, the configured level applies.
let log = createLogger('info');

/** What must be stopped on shutdown, newest first: registered as each part starts, so a signal during start-up still closes the storage. */
const stops: { name: string; stop: () => Promise<unknown> }[] = [];
let stopping = false;
async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  let clean = true;
  for (const { name, stop } of [...stops].reverse()) {
    try {
      await stop();
    } catch (error) {
      clean = false;
      log.error({ err: error, part: name }, 'could not stop cleanly');
    }
  }
  if (clean) log.info('stopped cleanly');
  process.exit(clean ? exitCode : 1);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  const config = loadConfig();
  log = createLogger(config.logLevel);
  const storage = await openStorage(config.storage);
  stops.push({ name: 'storage', stop: () => storage.close() });
  if (config.demoData) await seedDemoDataIfEmpty(createRepositories(storage, log), systemClock, config.evaluationHashKey, log);
  const app = createApp({ config, storage, log });
  // Stops taking requests, then lets the delivery worker finish its sends in flight.
  stops.push({ name: 'app', stop: () => app.stop() });
  const baseUrl = await app.listen();
  await app.startWorkers();
  const playground = config.playground.enabled ? await startPlayground(`${baseUrl}/api/messages`, config.playground.port, log) : undefined;
  if (playground) stops.push({ name: 'playground', stop: () => playground.stop() });

  log.info({ ms: Date.now() - startedAt, devMode: config.devMode, storage: storage.description, node: process.version }, 'ready');
  process.stdout.write(
    [
      '',
      `  KOMBIT Programledere kører${config.devMode ? ' i udviklingstilstand (kun loopback)' : ''}:`,
      `    Sundhedstjek:      ${baseUrl}/healthz`,
      `    Fanen (portefølje): ${baseUrl}/tab/`,
      `    Bot-endpoint:      ${baseUrl}/api/messages`,
      ...(playground ? [`    Agents Playground: ${playground.url}  (${playground.opensBrowser ? 'chat med botten her' : 'åbn adressen i en browser og chat med botten'})`] : []),
      `    Data:              ${storage.description}`,
      '',
    ].join('\n') + '\n',
  );
} catch (error) {
  log.fatal({ err: error }, 'could not start');
  await shutdown('start-up failure', 1);
}
