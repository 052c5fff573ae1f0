import { z } from 'zod';
import { isoDate } from './time.ts';
import { MUNICIPALITY_COUNT, municipalityCodeSchema } from './municipality.ts';
import type { Bilingual } from './language.ts';

export const AGREEMENT_KINDS = ['connection', 'dataProcessing', 'appendix', 'rider'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_KIND_LABELS: Record<AgreementKind, Bilingual> = {
  connection: { da: 'Tilslutningsaftale', en: 'Connection agreement' },
  dataProcessing: { da: 'Databehandleraftale', en: 'Data processing agreement' },
  appendix: { da: 'Bilag', en: 'Appendix' },
  rider: { da: 'Allonge', en: 'Rider' },
};

export const SIGNING_CHANNELS = ['addo', 'email', 'other'] as const;
export type SigningChannel = (typeof SIGNING_CHANNELS)[number];
export const SIGNING_CHANNEL_LABELS: Record<SigningChannel, Bilingual> = {
  addo: { da: 'Underskrives i Addo', en: 'Signed in Addo' },
  email: { da: 'Bekræftes pr. e-mail', en: 'Confirmed by e-mail' },
  other: { da: 'Anden måde', en: 'Other' },
};

export const SIGNATURE_STATES = ['signed', 'signedWithReservations', 'declined', 'missing'] as const;
export type SignatureState = (typeof SIGNATURE_STATES)[number];
export const SIGNATURE_STATE_LABELS: Record<SignatureState, Bilingual> = {
  signed: { da: 'Underskrevet', en: 'Signed' },
  signedWithReservations: { da: 'Underskrevet med forbehold', en: 'Signed with reservations' },
  declined: { da: 'Takket nej', en: 'Declined' },
  missing: { da: 'Mangler', en: 'Missing' },
};

const agreementFields = {
  solutionId: z.string().trim().min(1).max(60),
  kind: z.enum(AGREEMENT_KINDS, { error: `skal være en af: ${AGREEMENT_KINDS.join(', ')}` }),
  title: z.string().trim().min(1).max(200),
  sentDate: isoDate.optional(),
  recipients: z.array(z.string().trim().min(1).max(100)).max(20).default(['KOMBIT-programledere']),
  signingChannel: z.enum(SIGNING_CHANNELS, { error: `skal være en af: ${SIGNING_CHANNELS.join(', ')}` }).default('addo'),
  /** null means "hurtigst muligt" (as soon as possible). */
  deadline: isoDate.nullable(),
  showMissingList: z.boolean().default(false),
  closed: z.boolean().default(false),
};

export const newAgreementSchema = z
  .object(agreementFields)
  .refine((a) => !a.sentDate || !a.deadline || a.deadline >= a.sentDate, {
    error: 'fristen må ikke ligge før afsendelsesdatoen',
    path: ['deadline'],
  });
export type NewAgreement = z.output<typeof newAgreementSchema>;
export const agreementPatchSchema = z.object(agreementFields).partial().strict();
export type AgreementPatch = z.output<typeof agreementPatchSchema>;

/** A connection or data processing agreement every municipality must sign. */
export interface Agreement extends NewAgreement {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
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
  state: z.enum(SIGNATURE_STATES, { error: `skal være en af: ${SIGNATURE_STATES.join(', ')}` }),
  signedDate: isoDate.optional(),
});

export interface SignatureProgress {
  readonly signed: number;
  readonly declined: number;
  readonly missing: number;
  readonly total: number;
}

/** Signatures over the 98; signed with reservations counts as signed, no row as missing. */
export function signatureProgress(signatures: readonly Signature[]): SignatureProgress {
  const signed = signatures.filter((s) => s.state === 'signed' || s.state === 'signedWithReservations').length;
  const declined = signatures.filter((s) => s.state === 'declined').length;
  return { signed, declined, missing: MUNICIPALITY_COUNT - signed - declined, total: MUNICIPALITY_COUNT };
}
