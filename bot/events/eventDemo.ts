import { DateTime } from 'luxon';
import type { Repositories } from '../storage/repositories.ts';
import { addDays, ZONE, type Clock } from '../domain/time.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { newEventSchema, type KombitEvent } from '../domain/event.ts';
import { renderDemoText } from '../demo/demoText.ts';
import { AlreadyExists } from '../domain/errors.ts';

/**
 * The events of the demo, from the June 2023 deck (programledermøde 22-06-2023, "Fremtidens
 * programleder"): "Invitation til programleder-workshop – DEN NYE PROGRAMLEDERROLLE", "FYSISK MØDE
 * 19. SEPTEMBER – Heldagsworkshop på et mødested midt landet", "15-20 PROGRAMLEDERE –
 * Repræsentativitet i forhold til: Indbyggertal, Geografi, Rolleudfyldelse", and "Skriv til
 * programleder@kombit.dk inden 30. juni, hvis du er interesseret i at deltage". The deck gives no
 * time of day and no address: the description says so. Capacity 20 is the deck's upper bound.
 * Dates are the deck's, moved as every demo date is (whole weeks from the deck's day to this week),
 * and the texts name them through date references, so they always agree with the data.
 */
export const DEMO_EVENT_MOMENT = '2023-06-22';
export const DEMO_EVENTS = [
  {
    id: 'evt-programlederworkshop',
    kind: 'workshop',
    title: 'Programleder-workshop: Den nye programlederrolle',
    description:
      'Fysisk møde {dm:2023-09-19}: heldagsworkshop på et mødested midt i landet, hvor 15–20 programledere kvalificerer svarene fra spørgeskemaet om programlederrollen. ' +
      'Deltagerne vælges, så de er repræsentative i forhold til indbyggertal, geografi og rolleudfyldelse. ' +
      'Skriv til programleder@kombit.dk inden {dm:2023-06-30}, hvis du er interesseret i at deltage – eller tilmeld dig her. ' +
      'Demo: klokkeslæt og mødested står ikke i decket.',
    place: 'Mødested midt i landet (oplyses senere)',
    date: '2023-09-19',
    from: '09:30',
    to: '15:30',
    deadline: '2023-06-30',
    capacity: 20,
  },
] as const;

/**
 * Stores the demo events as announced (the deck invited at the meeting) without sending anything:
 * demo data never sends at start. `POST /api/events/{id}/announce` sends the card when wanted.
 */
export async function seedDemoEvents(repos: Repositories, clock: Clock, shiftDays: number): Promise<number> {
  const now = clock.now().toISOString();
  const at = (date: string, time: string) => DateTime.fromISO(`${addDays(date, shiftDays)}T${time}`, { zone: ZONE }).toISO()!;
  for (const demo of DEMO_EVENTS) {
    const input = parseOrThrow(newEventSchema, {
      kind: demo.kind,
      title: renderDemoText(demo.title, shiftDays),
      description: renderDemoText(demo.description, shiftDays),
      place: demo.place,
      startsAt: at(demo.date, demo.from),
      endsAt: at(demo.date, demo.to),
      signupDeadline: at(demo.deadline, '23:59'),
      capacity: demo.capacity,
      audience: { channels: true },
    });
    const event: KombitEvent = { ...input, id: demo.id, state: 'announced', createdAt: now, createdBy: 'KOMBIT', updatedAt: now, announcedAt: now };
    await repos.events.create(event).catch((error: unknown) => {
      // Seeded before: the stored one (and its sign-ups) stays.
      if (!(error instanceof AlreadyExists)) throw error;
    });
  }
  return DEMO_EVENTS.length;
}
