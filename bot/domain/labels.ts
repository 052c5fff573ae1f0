/**
 * The domain's closed lists (phases, statuses, task types, agreement kinds, …) with their Danish
 * and English labels. Dependency-free on purpose: the server's domain files re-export these, and
 * the tab imports them directly, so the words are written once and zod and luxon stay out of the
 * tab's bundle.
 */

/** A text in both languages; Danish is what users see unless they ask for English. */
export interface Bilingual {
  readonly da: string;
  readonly en: string;
}

export const PHASES = ['analysis', 'procurement', 'development', 'rollout', 'operation', 'phaseOut'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, Bilingual> = {
  analysis: { da: 'Analyse', en: 'Analysis' },
  procurement: { da: 'Udbud', en: 'Procurement' },
  development: { da: 'Udvikling', en: 'Development' },
  rollout: { da: 'Udrulning og ibrugtagning', en: 'Rollout and adoption' },
  operation: { da: 'Drift', en: 'Operation' },
  phaseOut: { da: 'Udfasning', en: 'Phase-out' },
};

export const SOLUTION_STATUSES = ['onTrack', 'atRisk', 'delayed'] as const;
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];
export const SOLUTION_STATUS_LABELS: Record<SolutionStatus, Bilingual> = {
  onTrack: { da: 'Følger planen', en: 'On track' },
  atRisk: { da: 'Risiko for forsinkelse', en: 'At risk' },
  delayed: { da: 'Forsinket', en: 'Delayed' },
};

export const TASK_TYPES = ['criticalPath', 'mandatory', 'recommended'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_TYPE_LABELS: Record<TaskType, Bilingual> = {
  criticalPath: { da: 'Obligatorisk på kritisk vej', en: 'Mandatory, critical path' },
  mandatory: { da: 'Obligatorisk', en: 'Mandatory' },
  recommended: { da: 'Anbefalet', en: 'Recommended' },
};

export const TASK_STATUSES = ['done', 'started', 'notStarted'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, Bilingual> = {
  done: { da: 'Fuldført', en: 'Done' },
  started: { da: 'Påbegyndt', en: 'Started' },
  notStarted: { da: 'Ikke påbegyndt', en: 'Not started' },
};

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

/** The kinds of events KOMBIT invites program leaders to, as the decks name them. */
export const EVENT_KINDS = ['workshop', 'webinar', 'goHomeMeeting', 'helpPackage'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, Bilingual> = {
  workshop: { da: 'Workshop', en: 'Workshop' },
  webinar: { da: 'Webinar', en: 'Webinar' },
  goHomeMeeting: { da: 'Gå-hjem-møde', en: 'After-work meeting' },
  helpPackage: { da: 'Hjælpepakke', en: 'Help package' },
};

/** The five-point agree/disagree scale, 1 = Helt uenig ... 5 = Helt enig. */
export const LIKERT_SCALE: readonly { value: number; label: Bilingual }[] = [
  { value: 1, label: { da: 'Helt uenig', en: 'Strongly disagree' } },
  { value: 2, label: { da: 'Uenig', en: 'Disagree' } },
  { value: 3, label: { da: 'Hverken enig eller uenig', en: 'Neither agree nor disagree' } },
  { value: 4, label: { da: 'Enig', en: 'Agree' } },
  { value: 5, label: { da: 'Helt enig', en: 'Strongly agree' } },
];
