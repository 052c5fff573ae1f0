import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from '../conversation/turn.ts';

const TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
const templates = new Map<string, object>();

/** Teams refuses cards over about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

/** Expands the named JSON template (`templates/<name>.json`) with `data`; templates are read once. */
export function renderCard(name: string, data: object): AdaptiveCard {
  let template = templates.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), 'utf8')) as object;
    templates.set(name, template);
  }
  const card = new ACData.Template(template).expand({ $root: data }) as AdaptiveCard;
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > MAX_CARD_BYTES) throw new Error(`card ${name} is ${size} bytes, over Teams' limit`);
  return card;
}
