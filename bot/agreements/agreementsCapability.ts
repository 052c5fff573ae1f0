import type { Capability, House } from '../capability.ts';
import { AgreementService } from './agreementService.ts';
import { AgreementReminders } from './agreementReminders.ts';
import { agreementRoutes } from './agreementRoutes.ts';
import { agreementActions } from './agreementActions.ts';
import { agreementReminderFeed, agreementRenderers } from './agreementRenderers.ts';

/**
 * Agreements: publishing, sending on the sent date, signatures (recorded by staff, imported, or
 * reported by a program leader on the card), reminders before and after the deadline.
 */
export function agreementsCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log, config, conversation } = house;
  const reminders = new AgreementReminders({ repos, delivery, scheduler, clock, log });
  const service = new AgreementService({ repos, delivery, scheduler, reminders, clock, log });
  const actions = agreementActions(conversation, { repos, config, clock, service });
  return {
    name: 'agreements',
    routes: agreementRoutes({ service, repos, clock }),
    cardActions: actions.cardActions,
    commands: actions.commands,
    renderers: agreementRenderers(repos, clock),
    feedRenderers: { agreementReminder: agreementReminderFeed(repos) },
    jobs: [service.sendJob, reminders.job],
    async start() {
      // Reminders and sends for agreements already stored (the demo data's too), then cards a crashed process never handed over.
      await reminders.scheduleAll();
      await service.scheduleSends();
      await service.announcePending();
    },
  };
}
