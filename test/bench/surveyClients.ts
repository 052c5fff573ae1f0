/**
 * The people answering a survey, on a thread of their own (as voteClients.ts does for the
 * evaluation): sends each wave's answers at once as `adaptiveCard/action` invokes from each
 * person's 1:1 chat and reports every latency and whether the answer was acknowledged.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cardAction, person } from '../support/activities.ts';
import { sendInWaves, type WaveReport } from './answerWaves.ts';

/** What the benchmark asks for: per person their number (see `person`) and the card's inputs. */
export interface SurveyPlan {
  readonly baseUrl: string;
  readonly serviceUrl: string;
  readonly surveyId: string;
  readonly people: readonly { readonly n: number; readonly inputs: Readonly<Record<string, string>> }[];
  readonly waves: number;
  readonly windowMs: number;
}

export type SurveyReport = WaveReport;

/** Sends the plan's answers wave by wave; resolves when every invoke has been answered. */
export function runAnswers(plan: SurveyPlan): Promise<SurveyReport> {
  return sendInWaves({
    baseUrl: plan.baseUrl,
    count: plan.people.length,
    waves: plan.waves,
    windowMs: plan.windowMs,
    label: 'person',
    activityOf: (i) => {
      const p = plan.people[i]!;
      return cardAction(plan.serviceUrl, person(p.n), 'surveyAnswer', { surveyId: plan.surveyId, ...p.inputs });
    },
  });
}

if (parentPort && workerData === 'surveyClients') {
  const port = parentPort;
  port.on('message', (plan: SurveyPlan) => {
    void runAnswers(plan).then((report) => port.postMessage(report));
  });
  port.postMessage('ready');
}
