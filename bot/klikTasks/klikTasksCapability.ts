import type { Capability, House } from '../capability.ts';
import { KlikTaskService } from './klikTaskService.ts';
import { klikTaskRoutes } from './klikTaskRoutes.ts';
import { klikTaskActions } from './klikTaskActions.ts';
import { klikTaskRenderer, klikTaskReminderFeed, klikTaskReminderRenderer } from './klikTaskRenderers.ts';

/** KLIK tasks: publishing and importing (staff), the task card and its buttons, status reports and personal reminders. */
export function klikTasksCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log, config } = house;
  const service = new KlikTaskService({ repos, delivery, scheduler, clock, log, importLeaseMs: config.deliveryLeaseMs });
  return {
    name: 'klikTasks',
    routes: klikTaskRoutes(service, repos),
    cardActions: klikTaskActions({ repos, config, clock, service }),
    renderers: { klikTask: klikTaskRenderer(repos, clock), klikTaskReminder: klikTaskReminderRenderer(repos, clock) },
    feedRenderers: { klikTaskReminder: klikTaskReminderFeed(repos, clock) },
    jobs: service.jobs,
    async start() {
      // Imports a crashed process left half done, then tasks it stored but whose cards it never handed over.
      await service.recoverImports();
      await service.announcePending();
    },
  };
}
