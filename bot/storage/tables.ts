/**
 * Every table, partition and queue name in one place. Keys are chosen so that each of the
 * app's queries reads one partition: the 98 statuses of a task are the task's partition, the
 * signatures of an agreement the agreement's partition, and so on.
 */
export const TABLES = {
  solutions: 'Solutions',
  klikTasks: 'KlikTasks',
  klikTaskStatuses: 'KlikTaskStatuses',
  agreements: 'Agreements',
  signatures: 'AgreementSignatures',
  meetings: 'Meetings',
  teamsMeetings: 'TeamsMeetings',
  meetingQuestions: 'MeetingQuestions',
  evaluations: 'Evaluations',
  evaluationResponses: 'EvaluationResponses',
  surveys: 'Surveys',
  surveyResponses: 'SurveyResponses',
  surveyRecipients: 'SurveyRecipients',
  users: 'Users',
  installations: 'Installations',
  notifications: 'Notifications',
  outbox: 'Outbox',
  sentCards: 'SentCards',
  jobs: 'ScheduledJobs',
  rateBudget: 'RateBudget',
  imports: 'Imports',
  roster: 'Roster',
  events: 'Events',
  eventRolls: 'EventRolls',
} as const;
export type TableName = (typeof TABLES)[keyof typeof TABLES];

/** Fixed partition keys for tables whose rows are listed together. */
export const PARTITIONS = {
  solution: 'solution',
  /** Budget-guide totals, in the solutions' table. */
  budget: 'budget',
  klikTask: 'task',
  agreement: 'agreement',
  meeting: 'meeting',
  evaluation: 'evaluation',
  survey: 'survey',
  user: 'user',
  event: 'event',
} as const;

export const QUEUES = {
  deliveries: 'deliveries',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
