/**
 * The people answering a survey, on a thread of their own (as voteClients.ts does for the
 * evaluation): sends each wave's answers at once as `adaptiveCard/action` invokes from each
 * person's 1:1 chat and reports every latency and whether the answer was acknowledged.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { cardAction, person, post } from '../support/activities.ts';

/** What the benchmark asks for: per person their number (see `person`) and the card's inputs. */
export interface SurveyPlan {
  readonly baseUrl: string;
  readonly serviceUrl: string;
  readonly surveyId: string;
  readonly people: readonly { readonly n: number; readonly inputs: Readonly<Record<string, string>> }[];
  readonly waves: number;
  readonly windowMs: number;
}

export interface SurveyReport {
  readonly latencies: number[];
  readonly acknowledged: number[];
  readonly failures: string[];
  readonly elapsedMs: number;
  readonly lastSentMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the plan's answers wave by wave; resolves when every invoke has been answered. */
export async function runAnswers(plan: SurveyPlan): Promise<SurveyReport> {
  const latencies: number[] = new Array<number>(plan.people.length).fill(NaN);
  const acknowledged: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  const perWave = Math.ceil(plan.people.length / plan.waves);
  const gap = plan.waves > 1 ? plan.windowMs / (plan.waves - 1) : 0;
  let lastSentMs = 0;
  for (let w = 0; w < plan.waves; w++) {
    const wait = t0 + w * gap - performance.now();
    if (wait > 0) await sleep(wait);
    for (let i = w * perWave; i < Math.min(plan.people.length, (w + 1) * perWave); i++) {
      const p = plan.people[i]!;
      const activity = cardAction(plan.serviceUrl, person(p.n), 'surveyAnswer', { surveyId: plan.surveyId, ...p.inputs });
      const start = performance.now();
      lastSentMs = start - t0;
      inFlight.push(
        post(plan.baseUrl, activity).then(
          (res) => {
            latencies[i] = performance.now() - start;
            const body = res.body as { type?: string; value?: unknown };
            if (res.status === 200 && body?.type === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(body.value).includes('Tak! Dit svar er gemt')) acknowledged.push(i);
            else failures.push(`person ${i}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
          },
          (error: unknown) => {
            latencies[i] = performance.now() - start;
            failures.push(`person ${i}: ${String(error)}`);
          },
        ),
      );
    }
  }
  await Promise.all(inFlight);
  return { latencies, acknowledged, failures, elapsedMs: performance.now() - t0, lastSentMs };
}

if (parentPort && workerData === 'surveyClients') {
  const port = parentPort;
  port.on('message', (plan: SurveyPlan) => {
    void runAnswers(plan).then((report) => port.postMessage(report));
  });
  port.postMessage('ready');
}
