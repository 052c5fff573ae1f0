/**
 * The domain's Danish/English labels, repeated here so the tab's bundle does not pull in the
 * server's validation code. `test/tab.labels.test.ts` checks they match `bot/domain`.
 */
import type { Phase, SolutionStatus } from '../../bot/domain/solution.ts';
import type { TaskStatus, TaskType } from '../../bot/domain/klikTask.ts';
import type { AgreementKind, SignatureState, SigningChannel } from '../../bot/domain/agreement.ts';

export interface Bilingual {
  readonly da: string;
  readonly en: string;
}

export const PHASE_LABELS: Record<Phase, Bilingual> = {
  analysis: { da: 'Analyse', en: 'Analysis' },
  procurement: { da: 'Udbud', en: 'Procurement' },
  development: { da: 'Udvikling', en: 'Development' },
  rollout: { da: 'Udrulning og ibrugtagning', en: 'Rollout and adoption' },
  operation: { da: 'Drift', en: 'Operation' },
  phaseOut: { da: 'Udfasning', en: 'Phase-out' },
};
export const PHASE_ORDER = Object.keys(PHASE_LABELS) as Phase[];

export const SOLUTION_STATUS_LABELS: Record<SolutionStatus, Bilingual> = {
  onTrack: { da: 'På sporet', en: 'On track' },
  atRisk: { da: 'I risiko', en: 'At risk' },
  delayed: { da: 'Forsinket', en: 'Delayed' },
};
export const SOLUTION_STATUS_ORDER = Object.keys(SOLUTION_STATUS_LABELS) as SolutionStatus[];

export const TASK_TYPE_LABELS: Record<TaskType, Bilingual> = {
  criticalPath: { da: 'Obligatorisk på kritisk vej', en: 'Mandatory, critical path' },
  mandatory: { da: 'Obligatorisk', en: 'Mandatory' },
  recommended: { da: 'Anbefalet', en: 'Recommended' },
};
export const TASK_TYPE_ORDER = Object.keys(TASK_TYPE_LABELS) as TaskType[];

export const TASK_STATUS_LABELS: Record<TaskStatus, Bilingual> = {
  done: { da: 'Fuldført', en: 'Done' },
  started: { da: 'Påbegyndt', en: 'Started' },
  notStarted: { da: 'Ikke påbegyndt', en: 'Not started' },
};
export const TASK_STATUS_ORDER = Object.keys(TASK_STATUS_LABELS) as TaskStatus[];

export const AGREEMENT_KIND_LABELS: Record<AgreementKind, Bilingual> = {
  connection: { da: 'Tilslutningsaftale', en: 'Connection agreement' },
  dataProcessing: { da: 'Databehandleraftale', en: 'Data processing agreement' },
  appendix: { da: 'Bilag', en: 'Appendix' },
  rider: { da: 'Allonge', en: 'Rider' },
};

export const SIGNING_CHANNEL_LABELS: Record<SigningChannel, Bilingual> = {
  addo: { da: 'Underskrives i Addo', en: 'Signed in Addo' },
  email: { da: 'Bekræftes pr. e-mail', en: 'Confirmed by e-mail' },
  other: { da: 'Anden måde', en: 'Other' },
};

export const SIGNATURE_STATE_LABELS: Record<SignatureState, Bilingual> = {
  signed: { da: 'Underskrevet', en: 'Signed' },
  signedWithReservations: { da: 'Underskrevet med forbehold', en: 'Signed with reservations' },
  declined: { da: 'Takket nej', en: 'Declined' },
  missing: { da: 'Mangler', en: 'Missing' },
};

/** The statements' answer scale, 1 = Helt uenig. */
export const LIKERT_LABELS: readonly Bilingual[] = [
  { da: 'Helt uenig', en: 'Strongly disagree' },
  { da: 'Uenig', en: 'Disagree' },
  { da: 'Hverken enig eller uenig', en: 'Neither agree nor disagree' },
  { da: 'Enig', en: 'Agree' },
  { da: 'Helt enig', en: 'Strongly agree' },
];
