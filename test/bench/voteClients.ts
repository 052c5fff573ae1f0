/**
 * The people answering, on a thread of their own (in Teams they are remote clients, so their
 * HTTP work must not share the app's event loop). Sends each wave's answers at once as
 * `adaptiveCard/action` invokes and reports every latency and whether the answer was acknowledged.
 * The thread is loaded before the clock starts: loading it (tsx compiling modules) held up the
 * first wave by some 450 ms in a profile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cardAction, person } from '../support/activities.ts';
import { sendInWaves, type WaveReport } from './answerWaves.ts';

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
export type VoteReport = WaveReport;

/** Sends the plan's answers wave by wave; resolves when every invoke has been answered. */
export function runVotes(plan: VotePlan): Promise<VoteReport> {
  return sendInWaves({
    baseUrl: plan.baseUrl,
    count: plan.voters.length,
    waves: plan.waves,
    windowMs: plan.windowMs,
    label: 'voter',
    activityOf: (i) => {
      const v = plan.voters[i]!;
      const data = { evaluationId: plan.evaluationId, a_q1: String(v.answers[0]), a_q2: String(v.answers[1]), a_q3: String(v.answers[2]), a_q4: String(v.answers[3]), comment: v.comment };
      return cardAction(plan.serviceUrl, person(v.n), 'evaluationAnswer', data, 'channel');
    },
  });
}

// On a worker thread (started by votes.ts): say when loaded, then run each plan sent and report back.
if (parentPort && workerData === 'voteClients') {
  const port = parentPort;
  port.on('message', (plan: VotePlan) => {
    void runVotes(plan).then((report) => port.postMessage(report));
  });
  port.postMessage('ready');
}
