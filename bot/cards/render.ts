import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from '../conversation/turn.ts';

const TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
// Prepared templates, not JSON: preparing parses every ${...} expression (ANTLR), which cost about
// 10 ms per card and made card rendering the largest part of answering an evaluation. A prepared
// template can be expanded again and again (adaptivecards-templating builds fresh objects each time).
const templates = new Map<string, ACData.Template>();

/** Teams refuses cards over about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

function prepared(name: string): ACData.Template {
  let template = templates.get(name);
  if (!template) {
    template = new ACData.Template(JSON.parse(readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), 'utf8')) as object);
    templates.set(name, template);
  }
  return template;
}

/** Prepares templates ahead of use, so the first person to get such a card does not wait for the parsing. */
export function prepareTemplates(names: readonly string[]): void {
  for (const name of names) prepared(name);
}

/** Expands the named JSON template (`templates/<name>.json`) with `data`; templates are read and prepared once. */
export function renderCard(name: string, data: object): AdaptiveCard {
  const card = prepared(name).expand({ $root: data }) as AdaptiveCard;
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > MAX_CARD_BYTES) throw new Error(`card ${name} is ${size} bytes, over Teams' limit`);
  return card;
}

/**
 * Adds `refresh` for the listed people: Teams calls the verb for each of them when it shows the
 * card (also after the card is updated for everyone) and shows them the card it answers with.
 */
export function withUserRefresh(card: AdaptiveCard, verb: string, data: Record<string, unknown>, userIds: readonly string[]): AdaptiveCard {
  const payload = { verb, ...data };
  return { ...card, refresh: { action: { type: 'Action.Execute', title: 'Opdater', verb, data: payload, fallback: { type: 'Action.Submit', title: 'Opdater', data: payload } }, userIds: [...userIds] } };
}
