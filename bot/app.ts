import path from 'node:path';
import { fileURLToPath } from 'node:url';
import restify, { type Server } from 'restify';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Storage } from './storage/storage.ts';
import { createRepositories, type Repositories } from './storage/repositories.ts';
import { systemClock, type Clock } from './domain/time.ts';
import { apiHeaders, correlate, errorsInAppShape } from './http/routes.ts';
import { bodies } from './http/bodies.ts';
import { registerHealthRoutes } from './api/health.ts';
import { BotFrameworkStatus } from './botFrameworkStatus.ts';
import { registerTabRoutes } from './api/tab.ts';
import { createDevAuthenticator } from './auth/devAuthenticator.ts';
import { createEntraAuthenticator } from './auth/entraAuthenticator.ts';
import { Conversation } from './conversation/conversation.ts';
import { CardActions } from './conversation/cardActions.ts';
import { createAdapter } from './teams/adapter.ts';
import { TeamsBot, registerBotRoute } from './teams/teamsBot.ts';
import { TeamsMessenger } from './teams/teamsMessenger.ts';
import { DEFAULT_DELIVERY_OPTIONS, Delivery, type DeliveryOptions } from './notifications/delivery.ts';
import { RateLimiter } from './notifications/rateLimiter.ts';
import { Scheduler } from './notifications/scheduler.ts';
import { QUEUES } from './storage/tables.ts';
import { KlikTaskService } from './klikTasks/klikTaskService.ts';
import { registerKlikTaskActions } from './klikTasks/klikTaskActions.ts';
import { klikTaskRenderer, klikTaskReminderRenderer } from './klikTasks/klikTaskRenderers.ts';
import { textRenderer } from './notifications/textRenderer.ts';
import { registerKlikTaskRoutes } from './api/klikTasks.ts';
import { AgreementService } from './agreements/agreementService.ts';
import { AgreementReminders } from './agreements/agreementReminders.ts';
import { WeeklyDigest } from './agreements/weeklyDigest.ts';
import { registerAgreementRenderers } from './agreements/agreementRenderers.ts';
import { registerAgreementActions } from './agreements/agreementActions.ts';
import { registerAgreementRoutes } from './api/agreements.ts';
import { EvaluationService } from './evaluations/evaluationService.ts';
import { evaluationRenderer } from './evaluations/evaluationRenderer.ts';
import { registerEvaluationActions } from './evaluations/evaluationActions.ts';
import { registerEvaluationCommands } from './evaluations/evaluationCommands.ts';
import { registerEvaluationRoutes } from './api/evaluations.ts';
import { registerExportRoutes } from './exports/exportRoutes.ts';
import { PortfolioService } from './portfolio/portfolioService.ts';
import { registerPortfolioAdminRoutes } from './api/portfolioAdmin.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the app is built from; tests pass in-memory storage and a manual clock. */
export interface AppDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Tuning for tests and benchmarks. */
  readonly delivery?: Partial<DeliveryOptions> & { readonly tenantLimitPerSecond?: number };
  /** Names this instance in job leases and logs. */
  readonly instanceId?: string;
}

/** The running app's parts, for the entry file and for tests. */
export interface App {
  readonly server: Server;
  readonly repos: Repositories;
  readonly delivery: Delivery;
  readonly scheduler: Scheduler;
  readonly evaluations: EvaluationService;
  /**
   * Schedules the agreement reminders and the next weekly digest (idempotent), then starts the
   * delivery worker and, unless `scheduler: false` (tests that tick by hand), the scheduler.
   */
  startWorkers(options?: { scheduler?: boolean }): Promise<void>;
  /** Listens on the configured host and port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops taking requests and closes the server; storage is closed by its owner. */
  stop(): Promise<void>;
}

/** Builds the HTTP server with every route registered; it does not listen yet. */
export function createApp(deps: AppDeps): App {
  const { config, storage, log } = deps;
  const clock = deps.clock ?? systemClock;
  const repos = createRepositories(storage, log);
  let shuttingDown = false;

  const server = restify.createServer({ name: 'kombit-programledere', handleUncaughtExceptions: false });
  errorsInAppShape(server, log);
  server.use(apiHeaders());
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodies({ ownHosts: [new URL(config.tabEndpoint).host] }));
  server.use(correlate(log));

  const botFramework = new BotFrameworkStatus();
  registerHealthRoutes(server, storage, () => shuttingDown, botFramework);
  const authenticator = config.devMode || !config.entra
    ? createDevAuthenticator({ userIsStaff: config.staff.devUserIsStaff, staffUserIds: config.staff.userIds, users: repos.users })
    : createEntraAuthenticator({
        tenantId: config.entra.tenantId,
        clientId: config.entra.clientId,
        tabDomain: new URL(config.tabEndpoint).host,
        jwksUrl: config.auth.jwksUrl,
        issuers: config.auth.issuers,
        staff: config.staff,
        users: repos.users,
        log,
      });
  registerTabRoutes(server, { repos, storage, clock, authenticator, tabDir: path.join(ROOT, 'dist', 'tab') });
  registerPortfolioAdminRoutes(server, { service: new PortfolioService({ repos, clock, log }), authenticator });
  const cardActions = new CardActions();
  const conversation = new Conversation({ repos, config, clock, log, cardActions });
  const adapter = createAdapter(config.bot, log, { status: botFramework });

  const instanceId = deps.instanceId ?? `${process.pid}`;
  const scheduler = new Scheduler(repos.jobs, clock, log, instanceId);
  const delivery = new Delivery({
    repos,
    messenger: new TeamsMessenger(createAdapter(config.bot, log, { sdkRetries: false }), config.bot?.appId ?? ''),
    queue: storage.queue(QUEUES.deliveries),
    limiter: new RateLimiter(repos.rateBudget, deps.delivery?.tenantLimitPerSecond),
    scheduler,
    clock,
    log,
    options: { leaseMs: config.deliveryLeaseMs, ...deps.delivery },
  });
  delivery.registerRenderer('text', textRenderer);
  delivery.registerRenderer('klikTask', klikTaskRenderer(repos, clock));
  delivery.registerRenderer('klikTaskReminder', klikTaskReminderRenderer(repos, clock));

  const klikTasks = new KlikTaskService({ repos, delivery, scheduler, clock, log, importLeaseMs: config.deliveryLeaseMs });
  registerKlikTaskActions(cardActions, { repos, config, clock, service: klikTasks });
  registerKlikTaskRoutes(server, { service: klikTasks, delivery, authenticator });

  const agreementReminders = new AgreementReminders({ repos, delivery, scheduler, clock, log });
  const weeklyDigest = new WeeklyDigest({ repos, delivery, scheduler, clock, log });
  const agreements = new AgreementService({ repos, delivery, scheduler, reminders: agreementReminders, clock, log });
  registerAgreementRenderers(delivery, repos, clock);
  registerAgreementActions(cardActions, conversation, { repos, config, clock, service: agreements });
  registerAgreementRoutes(server, { service: agreements, authenticator, repos, clock });

  const evaluations = new EvaluationService({
    repos,
    delivery,
    scheduler,
    clock,
    log,
    hashKey: config.evaluationHashKey,
    refreshIntervalMs: deps.delivery?.refreshIntervalMs ?? DEFAULT_DELIVERY_OPTIONS.refreshIntervalMs,
  });
  delivery.registerRenderer('evaluation', evaluationRenderer(evaluations, repos, clock));
  registerEvaluationActions(cardActions, { repos, config, clock, log, service: evaluations });
  registerEvaluationCommands(conversation, cardActions, { repos, config, clock, service: evaluations });
  registerEvaluationRoutes(server, { service: evaluations, authenticator });
  registerExportRoutes(server, { repos, clock, authenticator, evaluations });

  // Built last: teamsfx takes the card action verbs when the bot is constructed.
  const bot = new TeamsBot({ adapter, conversation, cardActions, installations: repos.installations, clock, log, botAppId: config.bot?.appId });
  registerBotRoute(server, bot, log, { tenantId: config.devMode ? undefined : (config.bot?.tenantId ?? config.entra?.tenantId) });

  return {
    server,
    repos,
    delivery,
    scheduler,
    evaluations,
    async startWorkers(options = {}) {
      // Before the scheduler runs: reminders for agreements already stored (the demo data's too) and the next digest.
      await agreementReminders.scheduleAll();
      await agreements.scheduleSends();
      await weeklyDigest.start();
      await delivery.resume();
      // Imports a crashed process left half done, then tasks it stored but whose cards it never handed over.
      await klikTasks.recoverImports();
      await klikTasks.announcePending();
      await agreements.announcePending();
      delivery.start();
      if (options.scheduler !== false) scheduler.start();
    },
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          resolve(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`);
        });
      }),
    async stop() {
      shuttingDown = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await evaluations.stop();
      await Promise.all([delivery.stop(), scheduler.stop()]);
    },
  };
}
