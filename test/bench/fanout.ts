// npm run bench:fanout — one KLIK task card to 500 targets through the Bot Connector stand-in
// (Teams' rate limits on), without and with 5 % injected 429/5xx. Prints achieved messages per
// second against Teams' 50-per-second tenant limit (target: at least 0.9 of it), duplicates and losses.
import { startConnectorStandIn } from '../support/connectorStandIn.ts';
import { startTestApp } from '../support/app.ts';
import { install } from '../support/installs.ts';
import { taskNotificationId } from '../../bot/klikTasks/klikTaskService.ts';
import { startTs } from '../support/processes.ts';
import { openStorage } from '../../bot/storage/storage.ts';
import { DeliveryTally } from '../support/deliveryTally.ts';

const TARGETS = 500;
const LIMIT = 50;

async function run(faultRate: number): Promise<void> {
  // Storage in a process of its own, as Azure Storage is not in the app's process either.
  const storageProcess = startTs('test/support/storageProcess.ts', {});
  await storageProcess.waitForLine(/^\{"connectionString"/);
  const { connectionString } = JSON.parse(storageProcess.lines.find((l) => l.startsWith('{"connectionString"'))!);
  const connector = await startConnectorStandIn({ seed: 7 });
  const running = await startTestApp({ workers: true, storage: await openStorage({ kind: 'connectionString', connectionString }) });
  const title = `Benchmark-opgave (${faultRate * 100} % fejl)`;
  const tally = new DeliveryTally(connector, title);
  try {
    const { repos } = running.app;
    await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
    for (let i = 0; i < TARGETS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => install(repos, connector.serviceUrl, { groupChat: `19:bench-${i + k}@thread.v2` })));
    }
    connector.setFaults({ faultRate, faultStatuses: [429, 500, 502, 503, 504] });
    const started = performance.now();
    const res = await fetch(`${running.baseUrl}/api/klik-tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ solutionId: 'sygesikring', title, type: 'Obligatorisk', startDate: '2026-11-23', deadline: '2026-12-18', responsibleRole: 'programleder' }),
    });
    const taskId = (await res.json()).task.id as string;
    await tally.until((t) => t.delivered >= TARGETS, 120_000).catch(() => undefined);
    const seconds = (performance.now() - started) / 1000;
    const notificationId = taskNotificationId(taskId);
    // Teams has the last card a moment before the app has recorded it: stopping the workers waits
    // for the sends in flight to be recorded, so the report is complete.
    await running.app.delivery.stop();
    const report = await running.app.delivery.report(notificationId);
    const sendingSeconds = (tally.times[tally.times.length - 1]! - tally.times[0]!) / 1000;
    // The sending phase (first to last card at the connector) is what the rate limit governs; publishing
    // (500 outbox rows and queue messages) comes before it and is shown in the end-to-end time.
    const rate = (tally.sends - 1) / sendingSeconds;
    // Injected faults carry no limit; a 429 from one of Teams' limits names it.
    const throttledBy = new Map<string, number>();
    for (const c of connector.calls) if (c.status === 429 && c.throttledBy) throttledBy.set(c.throttledBy, (throttledBy.get(c.throttledBy) ?? 0) + 1);
    const throttled = [...throttledBy.values()].reduce((a, b) => a + b, 0);
    const failures = connector.calls.filter((c) => typeof c.status === 'number' && c.status >= 400).length;
    console.log(
      [
        `faults injected: ${faultRate * 100} %`,
        `  delivered: ${tally.delivered}/${TARGETS} in ${seconds.toFixed(2)} s from the publish request (sending phase ${sendingSeconds.toFixed(2)} s)`,
        `  achieved: ${rate.toFixed(1)} msg/s = ${(rate / LIMIT).toFixed(2)} of the ${LIMIT}/s tenant limit (target ≥ 0.90)`,
        `  duplicates: ${tally.duplicates}, losses: ${TARGETS - tally.delivered}, report: sent ${report.sent}, failed ${report.failed}, pending ${report.pending}`,
        `  answers ≥ 400 from the stand-in: ${failures} (429s from a rate limit: ${throttled}${throttled ? ` — ${[...throttledBy].map(([limit, n]) => `${n} × ${limit}`).join(', ')}` : ''})`,
      ].join('\n'),
    );
  } finally {
    tally.close();
    await running.close();
    await connector.close();
    await storageProcess.kill('SIGTERM');
  }
}

await run(0);
await run(0.05);
