// npm run bench:bot — median reply latency of a chat command over HTTP (POST /api/messages until
// the reply reaches the Bot Connector stand-in), and installations listed per second.
import { startConnectorStandIn } from '../support/connectorStandIn.ts';
import { startTestApp } from '../support/app.ts';
import { person, personalMessage, post } from '../support/activities.ts';
import { install } from '../support/installs.ts';
import { seedDemoDataIfEmpty } from '../../bot/demo/seed.ts';
import { ManualClock } from '../../bot/domain/time.ts';
import { testLog } from '../support/storage.ts';

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
