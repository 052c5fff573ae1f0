import { z } from 'zod';
import { concernsSchema } from './wave.ts';
import { isoDate } from './time.ts';
import { MUNICIPALITY_COUNT, municipalityCodeSchema } from './municipality.ts';
import { AGREEMENT_KINDS, AGREEMENT_KIND_LABELS, SIGNATURE_STATES, SIGNATURE_STATE_LABELS, SIGNING_CHANNELS, SIGNING_CHANNEL_LABELS, type SignatureState } from './labels.ts';
import { labelledEnum } from './validation.ts';
import { plainText } from './validation.ts';

export {
  AGREEMENT_KINDS,
  AGREEMENT_KIND_LABELS,
  SIGNATURE_STATES,
  SIGNATURE_STATE_LABELS,
  SIGNING_CHANNELS,
  SIGNING_CHANNEL_LABELS,
  type AgreementKind,
  type SignatureState,
  type SigningChannel,
} from './labels.ts';

const agreementFields = {
  solutionId: z.string().trim().min(1, { error: 'skal vælges' }).max(60),
  kind: labelledEnum(AGREEMENT_KINDS, AGREEMENT_KIND_LABELS),
  title: plainText(200),
  sentDate: isoDate.optional(),
  recipients: z.array(plainText(100)).max(20).default(['KOMBIT-programledere']),
  signingChannel: labelledEnum(SIGNING_CHANNELS, SIGNING_CHANNEL_LABELS).default('addo'),
  /** null means "hurtigst muligt" (as soon as possible), unless `noDeadline` says none was set. */
  deadline: isoDate.nullable(),
  /** The sender set no deadline (the decks' "ikke oplyst"): shown as "ingen frist" and listed after the dated ones, not as due now. */
  noDeadline: z.boolean().optional(),
  showMissingList: z.boolean().default(false),
  closed: z.boolean().default(false),
  /** Which municipalities the agreement concerns; without it, all 98. */
  concerns: concernsSchema.optional(),
};

export const newAgreementSchema = z
  .object(agreementFields)
  .refine((a) => !a.sentDate || !a.deadline || a.deadline >= a.sentDate, {
    error: 'fristen må ikke ligge før afsendelsesdatoen',
    path: ['deadline'],
  })
  .refine((a) => !(a.noDeadline && a.deadline), { error: 'en aftale uden frist kan ikke have en fristdato', path: ['noDeadline'] });
export type NewAgreement = z.output<typeof newAgreementSchema>;
export const agreementPatchSchema = z.object(agreementFields).partial().strict();
export type AgreementPatch = z.output<typeof agreementPatchSchema>;

/** A connection or data processing agreement every municipality must sign. */
export interface Agreement extends NewAgreement {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * True from the write that makes the card due now (created or sent with a sent date today or
   * earlier) until the card is handed to the delivery engine: a crash in between leaves the
   * agreement saying its card is owed, and the next start sends it.
   */
  readonly cardPending?: boolean;
}

/** One municipality's answer to one agreement. */
export interface Signature {
  readonly agreementId: string;
  readonly municipalityCode: string;
  readonly state: SignatureState;
  readonly signedDate?: string;
  readonly reportedBy?: string;
  /** Said by the program leader in Teams, not yet confirmed by KOMBIT. */
  readonly selfReported: boolean;
}

export const signatureChangeSchema = z.object({
  municipalityCode: municipalityCodeSchema,
  state: labelledEnum(SIGNATURE_STATES, SIGNATURE_STATE_LABELS),
  signedDate: isoDate.optional(),
});

export interface SignatureProgress {
  readonly signed: number;
  readonly declined: number;
  readonly missing: number;
  readonly total: number;
}

/** Whether KOMBIT has sent the agreement by `today`: one without a sent date, or sent later, asks nobody to sign yet. */
export function isSent(agreement: Pick<Agreement, 'sentDate'>, today: string): boolean {
  return agreement.sentDate !== undefined && agreement.sentDate <= today;
}

/** Signed, declined and missing over the municipalities the agreement concerns (`codes`; all 98 without it); signed with reservations counts as signed, no row as missing. */
export function signatureProgress(signatures: readonly Signature[], codes?: readonly string[]): SignatureProgress {
  const inSet = codes ? new Set(codes) : undefined;
  const counted = inSet ? signatures.filter((s) => inSet.has(s.municipalityCode)) : signatures;
  const total = codes ? codes.length : MUNICIPALITY_COUNT;
  const signed = counted.filter((s) => s.state === 'signed' || s.state === 'signedWithReservations').length;
  const declined = counted.filter((s) => s.state === 'declined').length;
  return { signed, declined, missing: total - signed - declined, total };
}

/** How an agreement's deadline reads: the date, "hurtigst muligt", or "ingen frist" when none was set. */
export function deadlineKind(agreement: Pick<Agreement, 'deadline' | 'noDeadline'>): 'dated' | 'asap' | 'none' {
  if (agreement.deadline) return 'dated';
  return agreement.noDeadline ? 'none' : 'asap';
}
