import { z } from 'zod';
import { isoDate } from './time.ts';
import { MUNICIPALITIES, matchMunicipality, municipalityByCode } from './municipality.ts';
import { plainText } from './validation.ts';

/**
 * A list of municipalities as staff write them: kommunekoder ("751", "0101") or names ("Aarhus",
 * "Københavns Kommune"), in an array or one text separated by commas or semicolons. Each is
 * resolved to its kommunekode; one that is not one of the 98 (or that fits several) is refused
 * by name, in Danish.
 */
export const municipalityListSchema = z
  .union([z.array(z.string()), z.string()], { error: 'skal være en liste af kommuner' })
  .transform((value, ctx) => {
    const items = (Array.isArray(value) ? value : value.split(/[;,\n]/)).map((s) => s.trim()).filter(Boolean);
    const codes: string[] = [];
    for (const item of items) {
      const match = matchMunicipality(item);
      if (match.kind === 'exact') codes.push(match.municipality.code);
      else if (match.kind === 'ambiguous') ctx.addIssue({ code: 'custom', message: `«${item}» passer på flere kommuner (${match.candidates.slice(0, 3).map((m) => m.name).join(', ')}): skriv navnet helt` });
      else ctx.addIssue({ code: 'custom', message: `«${item}» er ikke en kendt kommune` });
    }
    return [...new Set(codes)];
  })
  .refine((codes) => codes.length > 0, { error: 'skal nævne mindst én kommune' });

const waveFields = {
  name: plainText(80),
  solutionId: z.string().trim().min(1, { error: 'skal vælges' }).max(60),
  municipalities: municipalityListSchema,
  /** Kick-off: the day the wave's municipalities start. */
  startDate: isoDate,
  /** Go-live (idriftsættelse): the wave's deadline. */
  deadline: isoDate,
};

/** A new rollout wave as KOMBIT staff define it. */
export const newWaveSchema = z
  .object({ id: z.string().trim().regex(/^[a-z0-9-]{1,60}$/, { error: 'må kun indeholde små bogstaver, tal og bindestreg' }).optional(), ...waveFields })
  .refine((w) => w.deadline >= w.startDate, { error: 'idriftsættelsen må ikke ligge før kick-off', path: ['deadline'] });
export type NewWave = z.output<typeof newWaveSchema>;

/** A rollout wave: a named set of municipalities with its own kick-off and go-live. */
export interface Wave {
  readonly id: string;
  readonly name: string;
  readonly solutionId: string;
  readonly municipalityCodes: readonly string[];
  readonly startDate: string;
  readonly deadline: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Which municipalities a KLIK task or an agreement concerns: all 98, a named set (the users of a
 * solution, the pilot municipalities), or one or more rollout waves. Its progress, lists and
 * reminders count that set only.
 */
export const concernsSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('municipalities'), label: plainText(80), municipalities: municipalityListSchema }),
    z.object({ kind: z.literal('waves'), waveIds: z.array(z.string().trim().min(1).max(60)).min(1, { error: 'skal nævne mindst én bølge' }).max(20) }),
  ],
  { error: 'skal være alle kommuner, en navngiven liste af kommuner eller en eller flere bølger' },
);
export type ConcernsInput = z.output<typeof concernsSchema>;

/** As stored: a named set keeps its kommunekoder. */
export type Concerns =
  | { readonly kind: 'all' }
  | { readonly kind: 'municipalities'; readonly label: string; readonly municipalities: readonly string[] }
  | { readonly kind: 'waves'; readonly waveIds: readonly string[] };

/** The set a task or agreement is counted over: its kommunekoder and how to name it ("Bølge 2", "pilotkommunerne"). */
export interface ConcernedSet {
  /** Sorted kommunekoder; all 98 when the item concerns everyone. */
  readonly codes: readonly string[];
  /** Empty for all 98. */
  readonly label: string;
  readonly all: boolean;
  /** The waves it is published to, when it is. */
  readonly waves: readonly Wave[];
}

const ALL_CODES = MUNICIPALITIES.map((m) => m.code);

/** Resolves what an item concerns against the stored waves; a wave that no longer exists adds nobody. */
export function concernedSet(concerns: Concerns | undefined, waves: readonly Wave[]): ConcernedSet {
  if (!concerns || concerns.kind === 'all') return { codes: ALL_CODES, label: '', all: true, waves: [] };
  if (concerns.kind === 'municipalities') return { codes: [...concerns.municipalities].sort(), label: concerns.label, all: false, waves: [] };
  const chosen = concerns.waveIds.map((id) => waves.find((w) => w.id === id)).filter((w): w is Wave => Boolean(w));
  const codes = [...new Set(chosen.flatMap((w) => w.municipalityCodes))].sort();
  return { codes, label: chosen.map((w) => w.name).join(', '), all: false, waves: chosen };
}

/** The names of a set's municipalities, sorted the Danish way: the list a consultant copies into a mail. */
export function municipalityNames(codes: readonly string[]): string[] {
  return codes.map((c) => municipalityByCode(c)?.name ?? c).sort((a, b) => a.localeCompare(b, 'da'));
}

/** A program leader's request to move their municipality to another wave, and KOMBIT's answer. */
export interface WaveMoveRequest {
  readonly id: string;
  readonly solutionId: string;
  readonly municipalityCode: string;
  readonly fromWaveId: string;
  readonly toWaveId: string;
  readonly reason: string;
  readonly requestedBy: { readonly userId: string; readonly name: string };
  readonly requestedAt: string;
  readonly state: 'pending' | 'accepted' | 'rejected';
  readonly answeredBy?: string;
  readonly answeredAt?: string;
  readonly answerNote?: string;
}

/** The request a card's "Vi kan ikke rulle i denne bølge" form sends. */
export const moveRequestSchema = z.object({
  solutionId: z.string().trim().min(1).max(60),
  toWaveId: z.string({ error: 'Vælg den bølge, I kan rulle i' }).trim().min(1, { error: 'Vælg den bølge, I kan rulle i' }).max(60),
  reason: z.string({ error: 'Skriv kort, hvorfor I ikke kan rulle i bølgen' }).trim().min(3, { error: 'Skriv kort, hvorfor I ikke kan rulle i bølgen' }).max(1000, { error: 'Begrundelsen må højst være 1000 tegn' }),
  taskId: z.string().max(60).optional(),
});

/** KOMBIT's answer to a move request. */
export const moveAnswerSchema = z.object({
  decision: z.enum(['accept', 'reject'], { error: 'skal være et svar: imødekom eller afvis' }),
  note: plainText(1000, { multiline: true, min: 0 }).optional(),
});
