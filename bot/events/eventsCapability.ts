import type { Capability, House } from '../capability.ts';
import { EventService, EVENT_KIND, EVENT_NOTICE_KIND } from './eventService.ts';
import { eventRoutes } from './eventRoutes.ts';
import { eventActions } from './eventActions.ts';
import { eventCommands } from './eventCommands.ts';
import { eventNoticeRenderer, eventRenderer } from './eventRenderers.ts';

/** Events and sign-ups: workshops, webinars, gå-hjem-møder and hjælpepakker with a capacity, a waiting list and a deadline. */
export function eventsCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log, config } = house;
  const service = new EventService({ repos, delivery, scheduler, clock, log });
  return {
    name: 'events',
    routes: eventRoutes(service),
    cardActions: eventActions({ repos, config, clock, service }),
    commands: eventCommands({ repos, config, service }),
    renderers: { [EVENT_KIND]: eventRenderer(service, clock), [EVENT_NOTICE_KIND]: eventNoticeRenderer },
    // Announced events whose cards a crash (or the demo data) left unsent.
    start: () => service.announcePending(),
  };
}
