import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from '../conversation/turn.ts';

/** Teams refuses cards over about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

/**
 * A card template: a JSON file beside the builder that uses it, read and prepared on first use.
 * Prepared, not JSON: preparing parses every ${...} expression (ANTLR), which cost about 10 ms per
 * card and made card rendering the largest part of answering an evaluation. A prepared template
 * can be expanded again and again (adaptivecards-templating builds fresh objects each time).
 */
export class CardTemplate {
  private template?: ACData.Template;

  /** `file` is the template's URL, e.g. `new URL('./klikTaskCard.json', import.meta.url)`. */
  constructor(private readonly file: URL) {}

  /** The template's name, for errors: its file name without `.json`. */
  get name(): string {
    return path.basename(this.file.pathname, '.json');
  }

  /** Reads and prepares the template now, so the first person to get such a card does not wait for the parsing. */
  prepare(): ACData.Template {
    this.template ??= new ACData.Template(JSON.parse(readFileSync(this.file, 'utf8')) as object);
    return this.template;
  }
}

const ZWSP = '\u200b';

/**
 * Text for a TextBlock or a fact, where Teams reads markdown: a link written by a person (a name,
 * a title, a comment: "[Klik her](https://evil…)", a reference "[x][1]" with "[1]: https://…", an
 * autolink "<https://…>") would show as a link hiding where it goes, in a card sent to every
 * channel. An invisible zero-width space between the brackets and what follows keeps the text as
 * it reads and stops the link; backslash escapes are not used, as Teams' clients do not agree on
 * them. The app's own texts use no links in markdown.
 */
function withoutMarkdownLinks(text: string): string {
  return text.replace(/\](?=[([:])/g, `]${ZWSP}`).replace(/<(?=[a-z][a-z0-9+.-]*:)/gi, `<${ZWSP}`);
}

/** Applies {@link withoutMarkdownLinks} to every markdown text of an expanded card (TextBlocks and facts; TextRuns are plain text already). */
function neutraliseLinks(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) neutraliseLinks(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const element = node as Record<string, unknown>;
  if (element.type === 'TextBlock' && typeof element.text === 'string') element.text = withoutMarkdownLinks(element.text);
  if (element.type === 'FactSet' && Array.isArray(element.facts)) {
    for (const fact of element.facts as Record<string, unknown>[]) {
      if (typeof fact.title === 'string') fact.title = withoutMarkdownLinks(fact.title);
      if (typeof fact.value === 'string') fact.value = withoutMarkdownLinks(fact.value);
    }
  }
  for (const [key, value] of Object.entries(element)) if (key !== 'facts' && typeof value === 'object') neutraliseLinks(value);
}

/**
 * The Adaptive Card colours Good and Warning are painted by Teams as pale green and orange: text in
 * them falls below WCAG AA's 4.5:1 on a white card (the Teams renderer's Warning #e69500 is 2.4:1,
 * Teams' light-theme green about 2:1). Text, status words included, is therefore always written in
 * the default colour; the colour stays on what is no text (a bar, a container's background, a "■"
 * legend square), and Attention (red, 5.2:1) and Accent are kept. Applied to every card, so no
 * template or builder can bring the faint colours back.
 */
function readableColours(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) readableColours(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const element = node as Record<string, unknown>;
  if ((element.type === 'TextBlock' || element.type === 'TextRun') && typeof element.color === 'string' && /^(good|warning)$/i.test(element.color) && typeof element.text === 'string' && /[\p{L}\p{N}]/u.test(element.text)) {
    element.color = 'Default';
  }
  for (const value of Object.values(element)) if (typeof value === 'object') readableColours(value);
}

/**
 * Expands a template with `data`. Whatever people typed reaches the card's markdown without
 * becoming a link, and no text is written in a colour too faint to read ({@link readableColours}).
 */
export function renderCard(template: CardTemplate, data: object): AdaptiveCard {
  const card = template.prepare().expand({ $root: data }) as AdaptiveCard;
  neutraliseLinks(card);
  readableColours(card);
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > MAX_CARD_BYTES) throw new Error(`card ${template.name} is ${size} bytes, over Teams' limit`);
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
