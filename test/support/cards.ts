import * as AC from 'adaptivecards';
import { expect } from 'vitest';
import { MAX_CARD_BYTES } from '../../bot/cards/render.ts';

/**
 * Checks a card as Teams would read it: parsed by the official `adaptivecards` library as
 * schema 1.5 without warnings, every Action.Execute with a verb and an Action.Submit fallback,
 * no unexpanded template expression, and under Teams' size limit.
 */
export function expectValidTeamsCard(card: unknown): void {
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json), 'card size').toBeLessThan(MAX_CARD_BYTES);
  expect(json, 'unexpanded template expression').not.toMatch(/\$\{/);
  // Teams renders card text as markdown and drops anything that looks like an HTML tag, e.g. "<navn>".
  expect(json, 'angle-bracket placeholder that Teams would swallow').not.toMatch(/<[a-zæøå]+>/i);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const problems = context.eventCount ? Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message) : [];
  expect(problems, 'parser warnings').toEqual([]);
  expect(parsed.validateProperties().validationEvents.map((e) => e.message), 'validation failures').toEqual([]);
  const visit = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') {
      expect(node.verb, 'Action.Execute verb').toBeTruthy();
      expect(node.fallback?.type, 'Action.Execute fallback').toBe('Action.Submit');
      expect(node.fallback?.data?.verb, 'fallback carries the verb').toBe(node.verb);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(card);
}
