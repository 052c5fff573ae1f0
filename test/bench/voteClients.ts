/**
 * The people answering, on a thread of their own (in Teams they are remote clients, so their
 * HTTP work must not share the app's event loop). Sends each wave's answers at once as
 * `adaptiveCard/action` invokes and reports every latency and whether the answer was acknowledged.
 * The thread is loaded before the clock starts: loading it (tsx compiling modules) held up the
 * first wave by some 450 ms in a profile.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { cardAction, person, post } from '../support/activities.ts';

/** What the benchmark asks for. */
export interface VotePlan {
  readonly baseUrl: string;
  readonly serviceUrl: string;
  readonly evaluationId: string;
  readonly voters: readonly { readonly n: number; readonly answers: readonly number[]; readonly comment: string }[];
  readonly waves: number;
  readonly windowMs: number;
}

/** What comes back. */
export interface VoteReport {
  /** Per voter, in the plan's order. */
  readonly latencies: number[];
  readonly acknowledged: number[];
  readonly failures: string[];
  readonly elapsedMs: number;
  readonly lastSentMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the plan's answers wave by wave; resolves when every invoke has been answered. */
export async function runVotes(plan: VotePlan): Promise<VoteReport> {
  const latencies: number[] = new Array<number>(plan.voters.length).fill(NaN);
  const acknowledged: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  const perWave = Math.ceil(plan.voters.length / plan.waves);
  const gap = plan.waves > 1 ? plan.windowMs / (plan.waves - 1) : 0;
  let lastSentMs = 0;

  for (let w = 0; w < plan.waves; w++) {
    const wait = t0 + w * gap - performance.now();
    if (wait > 0) await sleep(wait);
    for (let i = w * perWave; i < Math.min(plan.voters.length, (w + 1) * perWave); i++) {
      const v = plan.voters[i]!;
      const data = { evaluationId: plan.evaluationId, a_q1: String(v.answers[0]), a_q2: String(v.answers[1]), a_q3: String(v.answers[2]), a_q4: String(v.answers[3]), comment: v.comment };
      const activity = cardAction(plan.serviceUrl, person(v.n), 'evaluationAnswer', data, 'channel');
      const start = performance.now();
      lastSentMs = start - t0;
      inFlight.push(
        post(plan.baseUrl, activity).then(
          (res) => {
            latencies[i] = performance.now() - start;
            const body = res.body as { type?: string; value?: unknown };
            if (res.status === 200 && body?.type === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(body.value).includes('Tak! Dit svar er gemt')) acknowledged.push(i);
            else failures.push(`voter ${i}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
          },
          (error: unknown) => {
            latencies[i] = performance.now() - start;
            failures.push(`voter ${i}: ${String(error)}`);
          },
        ),
      );
    }
  }
  await Promise.all(inFlight);
  return { latencies, acknowledged, failures, elapsedMs: performance.now() - t0, lastSentMs };
}

// On a worker thread (started by votes.ts): say when loaded, then run each plan sent and report back.
if (parentPort && workerData === 'voteClients') {
  const port = parentPort;
  port.on('message', (plan: VotePlan) => {
    void runVotes(plan).then((report) => port.postMessage(report));
  });
  port.postMessage('ready');
}
