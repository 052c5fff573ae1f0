// npm run bench:bot — median reply latency of a chat command over HTTP (POST /api/messages until
// the reply reaches the Bot Connector stand-in), installations listed per second, and a burst of
// 300 chat messages in 10 s against the app in its own process (storage and the load generator in
// theirs): p50/p95 reply time against Teams' patience (target p95 ≤ 2 s) and the app's memory
// before, at its peak and a minute after (target: back to where it started).
import { startConnectorStandIn } from '../support/connectorStandIn.ts';
import { startTestApp } from '../support/app.ts';
import { person, personalMessage, post } from '../support/activities.ts';
import { install } from '../support/installs.ts';
import { seedDemoDataIfEmpty } from '../../bot/demo/seed.ts';
import { ManualClock } from '../../bot/domain/time.ts';
import { testLog } from '../support/storage.ts';
import { readFile } from 'node:fs/promises';
import { startAppProcess, startTs } from '../support/processes.ts';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const connector = await startConnectorStandIn({ rateLimits: false });
const clock = new ManualClock(new Date());
const running = await startTestApp({ clock });
try {
  await seedDemoDataIfEmpty(running.app.repos, clock, 'bench-hash-key-0123456789', testLog);
  for (const command of ['hjælp', 'opgaver', 'frister', 'aftaler']) {
    const latencies: number[] = [];
    for (let i = 0; i < 40; i++) {
      const who = person(i);
      const before = connector.sent.length;
      const started = performance.now();
      await post(running.baseUrl, personalMessage(connector.serviceUrl, who, command));
      await connector.waitFor(() => connector.sent.length > before, 10_000);
      latencies.push(performance.now() - started);
    }
    console.log(`"${command}": median ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (40 requests, reply at the connector)`);
  }

  const { repos } = running.app;
  for (let i = 0; i < 2000; i += 100) await Promise.all(Array.from({ length: 100 }, (_, k) => install(repos, connector.serviceUrl, { groupChat: `19:bench-${i + k}@thread.v2` })));
  const started = performance.now();
  let listed = 0;
  for await (const _ of repos.installations.active(100)) listed++;
  const seconds = (performance.now() - started) / 1000;
  console.log(`installations: ${listed} listed in pages of 100 in ${(seconds * 1000).toFixed(0)} ms = ${Math.round(listed / seconds)} per second`);
} finally {
  await running.close();
  await connector.close();
}

/** Resident memory of a process in MB, as the kernel counts it. */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

const BURST = 300;
const BURST_SECONDS = 10;
const TARGET_P95_MS = 2000;
const storageProcess = startTs('test/support/storageProcess.ts', {});
await storageProcess.waitForLine(/^\{"connectionString"/);
const { connectionString } = JSON.parse(storageProcess.lines.find((l) => l.startsWith('{"connectionString"'))!) as { connectionString: string };
const app = await startAppProcess(connectionString, { DEMO_DATA: 'true', LOG_LEVEL: 'warn' });
try {
  const pid = app.child.process.pid!;
  // Each command once first, so "before" is the app as it runs (every module it needs loaded), not as it starts.
  const warmUp = await startConnectorStandIn({ rateLimits: false });
  for (const command of ['hjælp', 'opgaver', 'frister', 'aftaler', 'portefølje']) await post(app.baseUrl, personalMessage(warmUp.serviceUrl, person(999), command));
  await warmUp.close();
  const before = await rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => void rssMb(pid).then((mb) => { peak = Math.max(peak, mb); }, () => undefined), 100);
  const generator = startTs('test/bench/burstClient.ts', { APP_URL: app.baseUrl, BURST_MESSAGES: String(BURST), BURST_SECONDS: String(BURST_SECONDS) });
  await generator.waitForLine(/^\{"replyMs"/, 120_000);
  const result = JSON.parse(generator.lines.find((l) => l.startsWith('{"replyMs"'))!) as { replyMs: number[]; unanswered: number; statuses: Record<string, number> };
  const afterBurst = await rssMb(pid);
  // A minute of quiet, as after a burst in the meeting; memory should be back where it started.
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  clearInterval(sampler);
  const aMinuteAfter = await rssMb(pid);
  const p50 = percentile(result.replyMs, 50);
  const p95 = percentile(result.replyMs, 95);
  console.log(
    [
      `burst: ${BURST} chat messages in ${BURST_SECONDS} s from 100 people (load generator in its own process), HTTP ${JSON.stringify(result.statuses)}, ${result.unanswered} without a reply`,
      `  reply time: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...result.replyMs).toFixed(0)} ms = ${(p95 / TARGET_P95_MS).toFixed(2)} of the ${TARGET_P95_MS} ms target for p95 (target ≤ 1.00)`,
      `  app memory (RSS): before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, right after ${afterBurst.toFixed(0)} MB, a minute after ${aMinuteAfter.toFixed(0)} MB = ${(aMinuteAfter / before).toFixed(2)} of before (target ≤ 1.10)`,
    ].join('\n'),
  );
} finally {
  await app.child.kill('SIGTERM');
  await storageProcess.kill('SIGTERM');
}
