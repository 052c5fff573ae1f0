import { z } from 'zod';
import type { Bilingual } from './labels.ts';
import { foldText } from './text.ts';
import { ValidationError, type FieldIssue } from './errors.ts';

export { ValidationError, type FieldIssue } from './errors.ts';

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(hele værdien)' : path.map(String).join('.');
}

/** Danish text for zod's generic failure codes; schemas give their own text where it matters. */
function danishMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'skal udfyldes' : `har en forkert type (forventede ${issue.expected})`;
    case 'invalid_value':
      return `skal være en af: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'må ikke være tom' : `er for lille (mindst ${String(issue.minimum)})`;
    case 'too_big':
      return issue.origin === 'string' ? `er for lang (højst ${String(issue.maximum)} tegn)` : `er for stor (højst ${String(issue.maximum)})`;
    case 'unrecognized_keys':
      return `har ukendte felter: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return 'har et ugyldigt format';
    default:
      return issue.message || 'er ugyldig';
  }
}

/** Converts zod's issues to field-level Danish messages. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const custom = issue.code === 'custom' || (issue.message && !issue.message.startsWith('Invalid') && !issue.message.startsWith('Too') && !issue.message.startsWith('Unrecognized'));
    return { field: fieldOf(issue.path), message: custom ? issue.message : danishMessage(issue) };
  });
}

/** Parses `value` with `schema`, or throws a {@link ValidationError} naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error));
  return result.data;
}

/** Whether a field of a `.partial()` schema was optional before (no default): only such a field may be removed. */
function isClearable(field: z.ZodType | undefined): boolean {
  if (!(field instanceof z.ZodOptional)) return false;
  // `.partial()` wraps every field in one more optional; what it wraps says whether the domain allows "no value".
  const inner = (field as z.ZodOptional<z.ZodType>).unwrap().safeParse(undefined);
  return inner.success && inner.data === undefined;
}

/**
 * Parses a partial change with a `.partial()` schema and keeps only the fields the caller sent:
 * zod applies a field's default even in a partial schema, and a default must never overwrite a
 * stored value the caller did not mention (a deadline change would otherwise reopen a closed
 * agreement).
 *
 * `null` removes an optional field (a solution's KOMBIT contact, a task's KLIK link): leaving a
 * field out keeps it, so without this an edit could never take a value away. The field comes back
 * as `undefined`, which {@link applyPatch} turns into "not there". A field that must always have a
 * value gets a Danish field error instead; a nullable field (an agreement's "hurtigst muligt"
 * deadline) takes `null` as its value.
 */
export function parsePatch<S extends z.ZodObject>(schema: S, value: unknown): Partial<z.output<S>> {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const sent: Record<string, unknown> = isObject ? { ...value } : {};
  const shape = schema.shape as Record<string, z.ZodType>;
  const nulled = Object.keys(sent).filter((key) => sent[key] === null && Object.hasOwn(shape, key) && !shape[key]!.safeParse(null).success);
  const refused = nulled.filter((key) => !isClearable(shape[key]));
  for (const key of nulled) delete sent[key];
  const result = schema.safeParse(isObject ? sent : value);
  const issues = [...refused.map((field) => ({ field, message: 'skal have en værdi og kan ikke fjernes' })), ...(result.success ? [] : toFieldIssues(result.error))];
  if (!result.success || issues.length) throw new ValidationError(issues);
  const parsed = result.data as Record<string, unknown>;
  const kept = Object.entries(parsed).filter(([key]) => Object.hasOwn(sent, key));
  return Object.fromEntries([...kept, ...nulled.map((key) => [key, undefined])]) as Partial<z.output<S>>;
}

/**
 * A stored value with a parsed change applied: the fields sent replace the stored ones, and a
 * field the change removed (see {@link parsePatch}) is left out instead of stored as empty.
 */
export function applyPatch<T extends object>(current: T, patch: Partial<NoInfer<T>>): T {
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const [key, field] of Object.entries(patch)) if (field === undefined) delete next[key];
  return next as T;
}

/** "A, B eller C": a Danish list of alternatives. */
function alternatives(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} eller ${words.at(-1)}`;
}

/**
 * One of a closed list, given as its id or its Danish or English label, case- and accent-tolerant
 * ("pa"/"paa" for "på"). A refusal names the Danish labels ("skal være Tilslutningsaftale,
 * Databehandleraftale, Bilag eller Allonge"), never the ids, which mean nothing to a user.
 */
export function labelledEnum<T extends string>(ids: readonly [T, ...T[]], labels: Record<T, Bilingual>) {
  const fold = (text: string) => foldText(text).replace(/aa/g, 'a');
  const byWord = new Map<string, T>();
  for (const id of ids) for (const word of [id, labels[id].da, labels[id].en]) byWord.set(fold(word), id);
  return z.preprocess(
    (value) => (typeof value === 'string' ? (byWord.get(fold(value)) ?? value) : value),
    z.enum(ids, { error: `skal være ${alternatives(ids.map((id) => labels[id].da))}` }),
  );
}

/** Half of a UTF-16 pair without its other half: no character at all, and trouble for every encoder after us. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Characters no text a person types should carry: control characters (NUL, BEL, ESC, …; a line
 * break and a tab only where `multiline`), and the bidirectional overrides and isolates that make
 * a title read differently from what it is (U+202A–U+202E, U+2066–U+2069), and lone surrogates.
 */
function hasForbiddenCharacters(text: string, multiline: boolean): boolean {
  const controls = multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/ : /[\u0000-\u001f\u007f-\u009f]/;
  return controls.test(text) || /[\u202a-\u202e\u2066-\u2069]/.test(text) || LONE_SURROGATE.test(text);
}

/**
 * A text from outside that reaches a card, the tab or an export: trimmed, at most `max`
 * characters, refused in Danish when it holds control characters or direction overrides.
 */
export function plainText(max: number, options: { multiline?: boolean; min?: number } = {}) {
  return z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(max)
    .refine((text) => !hasForbiddenCharacters(text, options.multiline ?? false), { error: 'indeholder tegn, der ikke kan bruges (styretegn eller tegn, der vender teksten)' });
}

/** A time of day as Danes write it, "10:00", and a real one (not "25:99"). */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'skal være et klokkeslæt (tt:mm)' });
