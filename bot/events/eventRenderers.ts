import type { Clock } from '../domain/time.ts';
import type { Renderer } from '../notifications/delivery.ts';
import { eventCard } from './eventCard.ts';
import type { EventService } from './eventService.ts';

/** The event card: shared in channels, with the person's own place in a 1:1 chat. */
export function eventRenderer(service: EventService, clock: Clock): Renderer {
  return async ({ notification, profile }) => {
    const found = await service.withRoll(notification.subjectId);
    if (!found) return undefined;
    const viewer = profile ? { kind: 'person' as const, userId: profile.userId } : { kind: 'shared' as const };
    return { kind: 'card', card: eventCard({ ...found, viewer, now: clock.now() }) };
  };
}

/** A short message in a person's 1:1 chat: a seat from the waiting list, or a cancelled event. */
export const eventNoticeRenderer: Renderer = async ({ notification }) => {
  const text = notification.payload.text;
  return typeof text === 'string' && text ? { kind: 'text', text } : undefined;
};
