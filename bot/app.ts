import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from './domain/time.ts';
import type { App, AppDeps } from './appTypes.ts';
import { createHttpServer, listen } from './http/routes.ts';
import { registerHealthRoutes } from './api/health.ts';
import { BotFrameworkStatus } from './botFrameworkStatus.ts';
import { CardActions } from './conversation/cardActions.ts';
import { createAdapter } from './teams/adapter.ts';
import { TeamsBot, registerBotRoute } from './teams/teamsBot.ts';
import { buildHouse } from './house.ts';
import { registerTabFiles } from './api/tabFiles.ts';
import { tabReadsCapability } from './api/tab.ts';
import type { Capability } from './capability.ts';
import { mountCapabilities, startCapabilities, stopCapabilities } from './mount.ts';
import { deliveryCapability } from './notifications/deliveryCapability.ts';
import { portfolioCapability } from './portfolio/portfolioCapability.ts';
import { klikTasksCapability } from './klikTasks/klikTasksCapability.ts';
import { agreementsCapability } from './agreements/agreementsCapability.ts';
import { weeklyDigestCapability } from './weeklyDigest/weeklyDigestCapability.ts';
import { evaluationsCapability } from './evaluations/evaluationsCapability.ts';
import { surveysCapability } from './surveys/surveysCapability.ts';
import { meetingsCapability } from './meetings/meetingsCapability.ts';
import { exportsCapability } from './exports/exportsCapability.ts';
import { rosterCapability } from './roster/rosterCapability.ts';
import { eventsCapability } from './events/eventsCapability.ts';
import { wavesCapability } from './waves/wavesCapability.ts';
import { namedListsCapability } from './namedLists/namedListsCapability.ts';

export type { App, AppDeps } from './appTypes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Builds the shared parts, mounts every capability on them and registers the routes; it does not listen yet. */
export function createApp(deps: AppDeps): App {
  const { config, storage, log } = deps;
  const clock = deps.clock ?? systemClock;
  const house = buildHouse({ config, storage, log, clock, delivery: deps.delivery, instanceId: deps.instanceId ?? `${process.pid}` });
  const { repos, delivery, scheduler, conversation } = house;
  let shuttingDown = false;

  const server = createHttpServer({ ownHost: new URL(config.tabEndpoint).host, log });
  const botFramework = new BotFrameworkStatus();
  registerHealthRoutes(server, storage, () => shuttingDown, botFramework);
  registerTabFiles(server, path.join(ROOT, 'dist', 'tab'));

  // The start order: delivery's own parts, then the capabilities as listed (see startWorkers).
  const surveys = surveysCapability(house, { refreshIntervalMs: deps.delivery?.refreshIntervalMs });
  const evaluations = evaluationsCapability(house, { refreshIntervalMs: deps.delivery?.refreshIntervalMs, surveys: surveys.service });
  const capabilities: Capability[] = [
    { name: 'conversation', cardActions: conversation.cardActions() },
    tabReadsCapability(house),
    deliveryCapability(house),
    portfolioCapability(house),
    klikTasksCapability(house),
    agreementsCapability(house),
    weeklyDigestCapability(house),
    evaluations,
    surveys,
    meetingsCapability(house, evaluations.service),
    exportsCapability(house),
    rosterCapability(house),
    eventsCapability(house),
    wavesCapability(house),
    namedListsCapability(house),
  ];
  const cardActions = new CardActions(log);
  mountCapabilities(server, house, cardActions, capabilities);

  // Built last: teamsfx takes the card action verbs when the bot is constructed.
  const adapter = createAdapter(config.bot, log, { status: botFramework });
  const bot = new TeamsBot({ adapter, conversation, cardActions, installations: repos.installations, clock, log, botAppId: config.bot?.appId });
  registerBotRoute(server, bot, log, { tenantId: config.devMode ? undefined : (config.bot?.tenantId ?? config.entra?.tenantId) });

  return {
    server,
    repos,
    delivery,
    scheduler,
    async startWorkers(options = {}) {
      // Sends a crashed process left in flight come first; the capabilities then schedule and announce what they hold.
      await delivery.resume();
      await startCapabilities(capabilities, log);
      delivery.start();
      if (options.scheduler !== false) scheduler.start();
    },
    faults: () => ({ unknownVerbs: cardActions.unknownVerbs(), unknownJobKinds: scheduler.unknownJobKinds(), refusedJobPayloads: scheduler.refusedJobPayloads() }),
    listen: () => listen(server, config.host, config.port),
    async stop() {
      shuttingDown = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopCapabilities(capabilities, log);
      await Promise.all([delivery.stop(), scheduler.stop()]);
    },
  };
}
