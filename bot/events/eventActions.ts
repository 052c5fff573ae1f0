import { z } from 'zod';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import type { Config } from '../config.ts';
import { cardAction, type CardActionSpec } from '../capability.ts';
import { profileOf } from '../conversation/people.ts';
import type { ActionResult, TurnInfo } from '../conversation/turn.ts';
import { DomainError, NotFound } from '../domain/errors.ts';
import { EVENT_CANCEL_VERB, EVENT_SIGNUP_VERB, EVENT_VIEW_VERB, eventCard, placeText } from './eventCard.ts';
import { SignupClosed, type EventService } from './eventService.ts';

// Unknown keys (`fallback` from Action.Submit, anything a client adds) are dropped; only the id is read.
const eventRef = z.object({ eventId: z.string().regex(/^evt-[a-z0-9-]{1,40}$/), fallback: z.boolean().optional() });
const GONE = { da: 'Arrangementet findes ikke længere. Intet er ændret.', en: 'The event no longer exists. Nothing was changed.' };

const message = (text: string): ActionResult => ({ kind: 'message', text });

/**
 * The event card's buttons: "Tilmeld", "Afmeld", and the personal view Teams asks for. Each answers
 * the clicker with the card as they now stand on it ("Du er tilmeldt", "Du er nr. 3 på ventelisten");
 * a refusal (deadline passed, cancelled) is said in Danish and changes nothing.
 */
export function eventActions(deps: { repos: Repositories; config: Config; clock: Clock; service: EventService }): CardActionSpec[] {
  const { repos, config, clock, service } = deps;

  const attendeeOf = async (turn: TurnInfo) => {
    const { profile, isNew } = await profileOf(repos, config, turn);
    // Saved so the promotion notice and the staff list know the person's name and municipality.
    if (isNew) await repos.users.save(profile);
    return { userId: profile.userId, teamsUserId: turn.user.id, name: profile.name ?? turn.user.name, municipalityCode: profile.municipalityCode };
  };

  const personalCard = async (eventId: string, userId: string, note: string, fallback: boolean | undefined): Promise<ActionResult> => {
    if (fallback) return message(note);
    const found = await service.withRoll(eventId);
    if (!found) return message(GONE.da);
    return { kind: 'card', card: eventCard({ event: found.event, roll: found.roll, viewer: { kind: 'person', userId }, now: clock.now(), note }) };
  };

  const refused = (error: unknown): ActionResult => {
    if (error instanceof NotFound) return message(GONE.da);
    // A full roll or a storm of clicks: said as the domain words it; the roll was not written.
    if (error instanceof DomainError) return message(`${error.message} Intet er ændret.`);
    throw error;
  };

  const signUp = cardAction(
    EVENT_SIGNUP_VERB,
    eventRef,
    async (turn, data) => {
      const who = await attendeeOf(turn);
      try {
        const { place, already, event } = await service.signUp(data.eventId, who);
        const note = already ? `Du stod allerede på listen. ${placeText(place)}` : place.kind === 'confirmed' ? `Tak! Du er tilmeldt ${event.title}.` : `Alle pladser er taget. ${placeText(place)}`;
        return personalCard(data.eventId, who.userId, note, data.fallback);
      } catch (error) {
        if (error instanceof SignupClosed) return closedAnswer(error, data.eventId, who.userId, data.fallback);
        return refused(error);
      }
    },
    GONE,
  );

  // A refusal is told above the card, in Danish, so the person sees why the button did nothing.
  const closedAnswer = async (error: SignupClosed, eventId: string, userId: string, fallback: boolean | undefined): Promise<ActionResult> => {
    const found = await service.withRoll(eventId);
    const text = `${error.message} Intet er ændret.`;
    if (!found || fallback) return message(text);
    return { kind: 'card', card: eventCard({ event: found.event, roll: found.roll, viewer: { kind: 'person', userId }, now: clock.now(), note: text }) };
  };

  const cancel = cardAction(
    EVENT_CANCEL_VERB,
    eventRef,
    async (turn, data) => {
      const who = await attendeeOf(turn);
      try {
        const { wasOnRoll } = await service.cancel(data.eventId, who.userId);
        return personalCard(data.eventId, who.userId, wasOnRoll ? 'Du er afmeldt. Tak for besked – pladsen går videre til den første på ventelisten.' : 'Du var ikke tilmeldt, så der er intet at afmelde.', data.fallback);
      } catch (error) {
        if (error instanceof SignupClosed) return closedAnswer(error, data.eventId, who.userId, data.fallback);
        return refused(error);
      }
    },
    GONE,
  );

  // Teams calls this by itself for the people the shared card's refresh lists.
  const view = cardAction(
    EVENT_VIEW_VERB,
    eventRef,
    async (turn, data) => {
      const { profile } = await profileOf(repos, config, turn);
      return personalCard(data.eventId, profile.userId, '', false);
    },
    GONE,
  );

  return [signUp, cancel, view];
}
