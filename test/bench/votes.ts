/**
 * `npm run bench:votes`: the end of a program-leader meeting, when everyone answers at once.
 *
 * Starts the real app (production delivery settings: 3 s card refresh interval, 500 ms idle
 * poll) over in-memory Azurite, with the Bot Connector stand-in enforcing Teams' rate limits,
 * one channel installation, and an evaluation posted there. Then 150 different people answer as
 * `adaptiveCard/action` invokes over HTTP, in waves of simultaneous clicks, all within 10
 * seconds. It prints the invoke latency (p50/p95/p99 against the 200 ms target), how many answers
 * were stored and lost, how many shared-card updates went to the channel and whether they kept
 * within Teams' per-thread limits (7 per second, 8 per 2 seconds, 60 per 30 seconds), and that
 * the final card counts every answer.
 *
 * Threads: the app alone on the main thread; Azurite and the answering clients each on a worker
 * thread, as Azure Storage and the Teams clients are elsewhere in production. `--azurite inline`
 * and `--clients inline` put them on the app's thread instead, for comparison.
 *
 * Options: --voters 150 --waves 10 --window-ms 9000 --target-ms 200
 *          --azurite thread|inline --clients thread|inline
 *          --warmup 0 (answers to another meeting's evaluation first: steady state instead of the
 *          process's first invokes, which carry the JIT compilation of the invoke path)
 *          --profile votes.cpuprofile (the app thread during the vote, for Chrome DevTools)
 * Exits 1 when an answer was lost, a limit was broken or p99 is over the target.
 */
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { startTestApp } from '../support/app.ts';
import { openTestStorage } from '../support/storage.ts';
import { startConnectorStandIn, TEAMS_RATE_LIMITS, type RecordedCall } from '../support/connectorStandIn.ts';
import { TEAM_ID } from '../support/activities.ts';
import { install } from '../support/installs.ts';
import { openStorage, type Storage } from '../../bot/storage/storage.ts';
import { respondentHash } from '../../bot/domain/anonymity.ts';
import { systemClock, todayIn } from '../../bot/domain/time.ts';
import { startTsWorker } from './tsWorker.ts';
import { runVotes, type VotePlan, type VoteReport } from './voteClients.ts';
import { seededRandom } from '../../bot/demo/seededRandom.ts';

const { values: args } = parseArgs({
  options: {
    voters: { type: 'string', default: '150' },
    waves: { type: 'string', default: '10' },
    'window-ms': { type: 'string', default: '9000' },
    'target-ms': { type: 'string', default: '200' },
    azurite: { type: 'string', default: 'thread' },
    clients: { type: 'string', default: 'thread' },
    warmup: { type: 'string', default: '0' },
    profile: { type: 'string' },
  },
});
const VOTERS = Number(args.voters);
const WAVES = Math.max(1, Number(args.waves));
const WINDOW_MS = Number(args['window-ms']);
const TARGET_MS = Number(args['target-ms']);
const WARMUP = Number(args.warmup);
const HASH_KEY = 'bench-evaluation-hash-key-0123456789';

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The most calls in any window of `ms` (sliding over the call times). */
function maxInWindow(times: readonly number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

const fmt = (n: number) => `${n.toFixed(1)} ms`;

/** The answering clients: a loaded worker thread, or this thread with `--clients inline`. */
async function startClients(): Promise<{ run(plan: VotePlan): Promise<VoteReport>; stop(): Promise<void> }> {
  if (args.clients === 'inline') return { run: runVotes, stop: async () => undefined };
  const worker = startTsWorker(new URL('./voteClients.ts', import.meta.url), 'voteClients');
  await once(worker, 'message'); // 'ready'
  return {
    async run(plan) {
      const done = once(worker, 'message') as Promise<[VoteReport]>;
      worker.postMessage(plan);
      return (await done)[0];
    },
    stop: async () => void (await worker.terminate()),
  };
}

async function main(): Promise<number> {
  const connector = await startConnectorStandIn({ rateLimits: TEAMS_RATE_LIMITS });
  let storage: Storage;
  let azurite: Worker | undefined;
  if (args.azurite === 'inline') storage = await openTestStorage();
  else {
    azurite = startTsWorker(new URL('./azuriteWorker.ts', import.meta.url));
    const [ready] = (await once(azurite, 'message')) as [{ connectionString: string }];
    storage = await openStorage({ kind: 'connectionString', connectionString: ready.connectionString });
  }
  const running = await startTestApp({
    storage,
    workers: true,
    // Production delivery settings (startTestApp polls every 50 ms for quick tests).
    delivery: { idleMs: 500, refreshIntervalMs: 3000 },
    env: { DEV_USER_IS_STAFF: 'true', EVALUATION_HASH_KEY: HASH_KEY },
  });
  const { repos } = running.app;
  const clients = await startClients();
  try {
    const today = todayIn(systemClock);
    await repos.meetings.upsert({ id: `pl-${today}`, date: today, startTime: '10:00', endTime: '11:30', title: 'Programledermøde (benchmark)', agenda: [], participantCount: VOTERS });
    await install(repos, connector.serviceUrl, { team: TEAM_ID });

    const started = await fetch(`${running.baseUrl}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meetingId: `pl-${today}`, showLiveResults: true }) });
    if (started.status !== 201) throw new Error(`could not start the evaluation: ${started.status} ${await started.text()}`);
    const evaluationId = ((await started.json()) as { evaluation: { id: string } }).evaluation.id;
    const posted = await connector.waitFor((c) => c.operation === 'sendToConversation' && c.conversationId === TEAM_ID, 10_000);

    if (WARMUP > 0) {
      await repos.meetings.upsert({ id: 'pl-opvarmning', date: '2000-01-01', startTime: '10:00', endTime: '11:30', title: 'Opvarmning', agenda: [], participantCount: WARMUP });
      const warm = await fetch(`${running.baseUrl}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meetingId: 'pl-opvarmning' }) });
      const warmId = ((await warm.json()) as { evaluation: { id: string } }).evaluation.id;
      const warmVoters = Array.from({ length: WARMUP }, (_, i) => ({ n: 900_000 + i, answers: [3, 3, 3, 3], comment: '' }));
      await clients.run({ baseUrl: running.baseUrl, serviceUrl: connector.serviceUrl, evaluationId: warmId, voters: warmVoters, waves: Math.min(WARMUP, 5), windowMs: 1000 });
    }

    const rand = seededRandom(20261123);
    const voters = Array.from({ length: VOTERS }, (_, i) => ({
      n: 1000 + i,
      answers: [1, 2, 3, 4].map(() => 1 + Math.floor(rand() * 5)),
      comment: i % 10 === 0 ? `Kommentar nr. ${i}: mere tid til dialog.` : '',
    }));

    const profiler = args.profile ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    const t0 = performance.now();
    const report = await clients.run({ baseUrl: running.baseUrl, serviceUrl: connector.serviceUrl, evaluationId, voters, waves: WAVES, windowMs: WINDOW_MS });
    const cpu = process.cpuUsage(cpuBefore);
    const elu = performance.eventLoopUtilization(eluBefore);
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(args.profile!, JSON.stringify(profile));
      profiler.disconnect();
    }

    // Let the coalesced refresh catch up with the last answer (or give up after 20 s).
    const wanted = `${VOTERS} af ${VOTERS} deltagere har svaret`;
    const settled = await connector.waitFor((c) => c.operation === 'updateActivity' && c.activityId === posted.activityId && JSON.stringify(c.activity).includes(wanted), 20_000).then(() => performance.now() - t0, () => undefined);

    // Close, so the card becomes the final result, and check it counts every answer.
    const closed = await fetch(`${running.baseUrl}/api/evaluations/${evaluationId}/close`, { method: 'POST' });
    const finalCard = await connector.waitFor((c) => c.operation === 'updateActivity' && c.activityId === posted.activityId && JSON.stringify(c.activity).includes('Resultat af evalueringen'), 20_000).catch(() => undefined);
    const finalCounts = Boolean(finalCard && JSON.stringify(finalCard.activity).includes(`${VOTERS} af ${VOTERS} deltagere svarede`));

    const rows = await repos.evaluations.responses(evaluationId);
    const byHash = new Map(rows.map((r) => [r.respondentHash, r]));
    let lost = 0;
    for (const i of report.acknowledged) {
      const v = voters[i]!;
      const row = byHash.get(respondentHash(HASH_KEY, evaluationId, `00000000-0000-4000-8000-${v.n.toString(16).padStart(12, '0')}`));
      if (!row || ![1, 2, 3, 4].every((q, k) => row.answers[`q${q}`] === v.answers[k])) lost++;
    }

    const threadCalls = connector.calls.filter((c: RecordedCall) => c.conversationId === TEAM_ID && (c.operation === 'updateActivity' || c.operation === 'sendToConversation'));
    const accepted = threadCalls.filter((c) => c.status === 200 || c.status === 201);
    const throttled = threadCalls.filter((c) => c.status === 429).length;
    // The measured evaluation's card; the limits are checked over everything sent to the thread.
    const updates = accepted.filter((c) => c.operation === 'updateActivity' && c.activityId === posted.activityId);
    const liveUpdates = updates.filter((c) => !finalCard || c.seq < finalCard.seq).length;
    const times = accepted.map((c) => c.at).sort((a, b) => a - b);
    const windows = [
      { label: '1 s', ms: 1000, max: 7 },
      { label: '2 s', ms: 2000, max: 8 },
      { label: '30 s', ms: 30_000, max: 60 },
    ].map((w) => ({ ...w, seen: maxInWindow(times, w.ms) }));
    const withinLimits = throttled === 0 && windows.every((w) => w.seen <= w.max);

    const sorted = [...report.latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const p99 = percentile(sorted, 99);
    const cpuMs = (cpu.user + cpu.system) / 1000;

    const lines = [
      '',
      `Evalueringsafstemning: ${VOTERS} svar fra ${VOTERS} personer i ${WAVES} bølger à ${Math.ceil(VOTERS / WAVES)} samtidige klik, sendt over ${(report.lastSentMs / 1000).toFixed(1)} s (alle besvaret efter ${(report.elapsedMs / 1000).toFixed(1)} s)${WARMUP ? ` – efter ${WARMUP} opvarmningssvar til et andet møde` : ' – appens første invokes (kold start)'}`,
      `  opstilling         app alene i hovedtråden; Azurite (i hukommelsen) ${args.azurite === 'inline' ? 'i appens tråd' : 'i egen tråd'}; klienter ${args.clients === 'inline' ? 'i appens tråd' : 'i egen tråd'}; ${availableParallelism()} kerner, belastning ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      `  invoke-latens      p50 ${fmt(p50)}   p95 ${fmt(p95)}   p99 ${fmt(p99)}   max ${fmt(sorted.at(-1) ?? NaN)}`,
      `  langsomste pr. bølge ${Array.from({ length: WAVES }, (_, w) => Math.max(...report.latencies.slice(w * Math.ceil(VOTERS / WAVES), (w + 1) * Math.ceil(VOTERS / WAVES))).toFixed(0)).join(' / ')} ms`,
      `  mål p99 ≤ ${TARGET_MS} ms   p99/mål = ${(p99 / TARGET_MS).toFixed(2)}   ${p99 <= TARGET_MS ? 'OK' : 'OVER MÅLET'}`,
      `  CPU i processen    ${(cpuMs / VOTERS).toFixed(1)} ms pr. svar (alle tråde, under afstemningen); appens tråd optaget ${(elu.active / VOTERS).toFixed(1)} ms pr. svar (${(elu.utilization * 100).toFixed(0)} % af tiden)`,
      `  kvitteret (Tak!)   ${report.acknowledged.length} / ${VOTERS}${report.failures.length ? `   fejl: ${report.failures.length}` : ''}`,
      `  gemte svar         ${rows.length}`,
      `  tabte svar         ${lost}`,
      `  kortopdateringer   ${updates.length} af evalueringskortet: ${liveUpdates} løbende + slutresultatet (opslag og opdateringer i tråden i alt ${accepted.length})`,
      `  Teams-grænser      ${windows.map((w) => `${w.seen}/${w.label} (højst ${w.max})`).join('   ')}   429-svar: ${throttled}   ${withinLimits ? 'inden for grænserne' : 'GRÆNSE BRUDT'}`,
      `  kortet viste alle  ${settled !== undefined ? `"${wanted}" efter ${(settled / 1000).toFixed(1)} s` : 'NEJ (ikke inden for 20 s)'}; slutresultat med ${VOTERS} svar: ${finalCounts ? 'ja' : 'NEJ'} (luk: ${closed.status})`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
    for (const f of report.failures.slice(0, 5)) process.stdout.write(`  ${f}\n`);

    const ok = lost === 0 && rows.length === VOTERS && report.acknowledged.length === VOTERS && withinLimits && finalCounts && p99 <= TARGET_MS;
    return ok ? 0 : 1;
  } finally {
    await clients.stop();
    await running.close();
    await connector.close();
    if (azurite) {
      azurite.postMessage('close');
      await once(azurite, 'message');
      await azurite.terminate();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
