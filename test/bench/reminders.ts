/**
 * How many sends one reminder round of the demo data makes, and how long it takes through the
 * Bot Connector stand-in with Teams' rate limits on: 98 program leaders (one per municipality)
 * with the app installed in their 1:1 chat, plus 2 team channels, over in-memory Azurite.
 *
 * Rounds, as the demo data falls when the app starts on Monday 23-11-2026 at 07:00 Danish time:
 * the Monday digest (08:00), Monday's overdue reminders (09:00), Tuesday's and Wednesday's dated
 * reminders with their channel summary, and the next Monday's overdue round.
 *
 *   npm run bench:reminders            (node --import tsx test/bench/reminders.ts)
 */
import { performance } from 'node:perf_hooks';
import { startConnectorStandIn, type ConnectorStandIn } from '../support/connectorStandIn.ts';
import { person } from '../support/activities.ts';
import { install } from '../support/installs.ts';
import { openTestStorage, testLog } from '../support/storage.ts';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { ManualClock } from '../../bot/domain/time.ts';
import { newProfile } from '../../bot/domain/user.ts';
import { MUNICIPALITIES } from '../../bot/domain/municipality.ts';
import { seedDemoDataIfEmpty } from '../../bot/demo/seed.ts';
import { createRepositories } from '../../bot/storage/repositories.ts';

const clock = new ManualClock('2026-11-23T06:00:00Z');

async function settle(app: App, connector: ConnectorStandIn): Promise<void> {
  for (;;) {
    if ((await app.repos.notifications.unfinished()).length === 0) return;
    const seen = connector.calls.length;
    await connector.waitFor(() => connector.calls.length > seen, 100).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const connector = await startConnectorStandIn(); // Teams' documented rate limits on
  const storage = await openTestStorage();
  const repos = createRepositories(storage, testLog);
  await seedDemoDataIfEmpty(repos, clock, 'bench-hash-key-0123456789', testLog);
  for (const [i, m] of MUNICIPALITIES.entries()) {
    const p = person(100 + i, `Programleder ${m.name}`);
    await repos.users.save(newProfile(p.aadObjectId, { name: p.name, municipalityCode: m.code }));
    await install(repos, connector.serviceUrl, { person: p });
  }
  await install(repos, connector.serviceUrl, { team: '19:programledere@thread.tacv2' });
  await install(repos, connector.serviceUrl, { team: '19:region-midt@thread.tacv2' });
  const config = loadConfig({ PORT: '0', PLAYGROUND: 'false', LOG_LEVEL: 'silent', DEV_USER_IS_STAFF: 'false' });
  const app = createApp({ config, storage, log: testLog, clock });
  await app.listen();
  await app.startWorkers({ scheduler: false });

  const rounds: [string, string][] = [
    ['Mandag 08:00 – ugens overblik', '2026-11-23T07:00:00Z'],
    ['Mandag 09:00 – overskredne aftaler', '2026-11-23T08:00:00Z'],
    ['Tirsdag 09:00 – FBI D-1', '2026-11-24T08:00:00Z'],
    ['Onsdag 09:00 – FBI D-0, Sundhedsagenten D-1', '2026-11-25T08:00:00Z'],
    ['Torsdag 09:00 – Sundhedsagenten D-0', '2026-11-26T08:00:00Z'],
    ['Næste mandag 08:00 + 09:00', '2026-11-30T08:00:00Z'],
  ];
  const rows: string[][] = [];
  for (const [label, at] of rounds) {
    const before = connector.sent.length;
    const throttledBefore = connector.calls.filter((c) => c.status === 429).length;
    clock.set(at);
    const started = performance.now();
    const jobs = await app.scheduler.tick();
    const queued = performance.now();
    await settle(app, connector);
    const done = performance.now();
    const sent = connector.sent.slice(before);
    const personal = sent.filter((c) => c.conversationId?.startsWith('a:1personal-')).length;
    const channel = sent.length - personal;
    const throttled = connector.calls.filter((c) => c.status === 429).length - throttledBefore;
    const seconds = (done - started) / 1000;
    rows.push([label, String(jobs), String(personal), String(channel), String(sent.length), ((queued - started) / 1000).toFixed(2), seconds.toFixed(2), sent.length ? (sent.length / seconds).toFixed(1) : '-', String(throttled)]);
  }
  await app.stop();
  await storage.close();
  await connector.close();

  const header = ['Runde', 'Jobs', '1:1', 'Kanal', 'I alt', 'Publiceret (s)', 'Sendt (s)', 'Sends/s', '429'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(`\nPåmindelser for demodata: 98 programledere (1:1) + 2 kanaler, connector stand-in med Teams' rate limits\n\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n\n`);
}

await main();
