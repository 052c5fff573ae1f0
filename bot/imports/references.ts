import { normaliseTitle, quoted } from './cells.ts';

/** Words for what is being looked up, so messages read naturally: "opgave", "aftale". */
export interface ReferenceNouns {
  /** e.g. "der findes ingen opgave med dette id eller denne titel" */
  readonly none: string;
  /** e.g. "flere opgaver har denne titel; skriv opgavens id i stedet" */
  readonly many: string;
}

/**
 * Finds an existing item by its id or its exact title (spacing aside). Ids are tried first: an id
 * is what KOMBIT's own exports carry, and it cannot be ambiguous the way a reused title can.
 */
export function resolveReference(
  items: readonly { id: string; title: string }[],
  text: string,
  nouns: ReferenceNouns,
): { id: string } | { message: string } {
  if (text === '') return { message: 'skal udfyldes' };
  const byId = items.find((i) => i.id === text);
  if (byId) return { id: byId.id };
  const title = normaliseTitle(text);
  const byTitle = items.filter((i) => normaliseTitle(i.title) === title);
  if (byTitle.length === 1) return { id: byTitle[0]!.id };
  return { message: byTitle.length > 1 ? nouns.many : nouns.none + quoted(text) };
}

/**
 * Remembers which row first used a key, so a repeated (task, kommune) or (aftale, kommune) pair
 * is reported on the later row with a pointer to the first.
 */
export class FirstSeen {
  private readonly rows = new Map<string, number>();

  /** The earlier row that used this key, or undefined (and the key is now taken by this row). */
  claim(key: string, rowNumber: number): number | undefined {
    const earlier = this.rows.get(key);
    if (earlier === undefined) this.rows.set(key, rowNumber);
    return earlier;
  }
}
