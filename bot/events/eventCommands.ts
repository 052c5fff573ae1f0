import type { Config } from '../config.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { ChatCommand } from '../conversation/cardActions.ts';
import { profileOf } from '../conversation/people.ts';
import { text, type Reply } from '../conversation/turn.ts';
import { foldText } from '../domain/text.ts';
import { formatDate } from '../domain/language.ts';
import type { KombitEvent } from '../domain/event.ts';
import { principalOf } from '../auth/principal.ts';
import { seatsText } from './eventCard.ts';
import type { EventService } from './eventService.ts';

/** The events "tilmeldte <ord>" means: by id, else those whose title holds every word typed. */
export function matchEvents(events: readonly KombitEvent[], query: string): KombitEvent[] {
  const q = query.trim();
  if (!q) return events.filter((e) => e.state === 'announced');
  const byId = events.find((e) => e.id === q.toLowerCase());
  if (byId) return [byId];
  const words = foldText(q).split(/\s+/).filter(Boolean);
  return events.filter((e) => words.every((w) => foldText(e.title).includes(w)));
}

/** "tilmeldte <arrangement>" (staff): who signed up, per municipality, in the chat. */
export function eventCommands(deps: { repos: Repositories; config: Config; service: EventService }): ChatCommand[] {
  const { repos, config, service } = deps;
  const signedUp: ChatCommand = {
    phrases: ['tilmeldte', 'signups'],
    async run(turn, args): Promise<Reply[]> {
      const { profile } = await profileOf(repos, config, turn);
      if (profile.role !== 'kombit') return [text('Kun KOMBIT-medarbejdere kan se, hvem der er tilmeldt. Du kan selv tilmelde og afmelde dig på arrangementets kort.')];
      const events = await repos.events.list();
      const matches = matchEvents(events, args);
      if (matches.length !== 1) {
        if (!events.length) return [text('Der er ingen arrangementer endnu.')];
        const names = (matches.length ? matches : events).map((e) => `• ${e.title} (${formatDate(e.startsAt)}) – skriv "tilmeldte ${e.id}"`);
        return [text(`${matches.length ? 'Flere arrangementer passer' : `Jeg fandt intet arrangement, der hedder "${args.trim()}"`}. Vælg et:\n\n${names.join('\n')}`)];
      }
      const list = await service.signups(matches[0]!.id, principalOf(profile));
      const event = matches[0]!;
      const head = `Tilmeldte til ${event.title} (${formatDate(event.startsAt)}): ${seatsText(event, list)}, fra ${list.municipalityCount} ${list.municipalityCount === 1 ? 'kommune' : 'kommuner'}.`;
      if (!list.municipalities.length) return [text(`${head}\n\nIngen har tilmeldt sig endnu.`)];
      const lines = list.municipalities.map((m) => `• ${m.name}: ${m.people.map((p) => (p.state === 'waiting' ? `${p.name} (venteliste nr. ${p.position})` : p.name)).join(', ')}`);
      return [text(`${head}\n\n${lines.join('\n')}`)];
    },
  };
  return [signedUp];
}
