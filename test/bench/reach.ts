/**
 * Reaching a whole KLIK roster through Microsoft Graph and the Bot Connector stand-ins: 98
 * municipalities × 12 roles (1,176 people, as guests found by mail, otherMails or guest UPN), imported
 * as one sheet; each person is looked up, has the app installed in their personal scope, and is greeted
 * in the 1:1 chat Teams announces. Run once without faults and once with 5 % of Graph requests
 * answered 429 or 503 (Retry-After: 1). Prints people per second against Graph's documented limit for
 * POST installedApps (30 requests per second per app per tenant), duplicates and people lost.
 *
 *   npm run bench:reach            (node --import tsx test/bench/reach.ts)
 */
import { performance } from 'node:perf_hooks';
import { startConnectorStandIn } from '../support/connectorStandIn.ts';
import { startGraphStandIn, type GraphUser } from '../support/graphStandIn.ts';
import { openTestStorage, testLog } from '../support/storage.ts';
import { createApp } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { MUNICIPALITIES } from '../../bot/domain/municipality.ts';
import { ROSTER_ROLES } from '../../bot/domain/roster.ts';

const CATALOG_APP_ID = 'bench-catalog-app';

async function run(faultRate: number, rolesPerMunicipality: number = ROSTER_ROLES.length): Promise<string[]> {
  const users: GraphUser[] = [];
  const lines = ['Kommune;Navn;E-mail;Rolle'];
  let n = 0;
  for (const m of MUNICIPALITIES) {
    for (const role of ROSTER_ROLES.slice(0, rolesPerMunicipality)) {
      n++;
      const email = `person${n}@k${m.code}.dk`;
      const hex = n.toString(16).padStart(12, '0');
      const how = n % 3;
      users.push({
        id: `00000000-0000-4000-8000-${hex}`, displayName: `Person ${n}`, teamsId: `29:1bench${hex}`, userType: 'Guest', externalUserState: 'Accepted',
        mail: how === 0 ? email : null, otherMails: how === 1 ? [email] : [], userPrincipalName: how === 2 ? `${email.replace('@', '_')}#EXT#@kombit.onmicrosoft.com` : `g${n}@kombit.onmicrosoft.com`,
      });
      lines.push(`${m.code};Person ${n};${email};${role.label}`);
    }
  }
  const connector = await startConnectorStandIn();
  const graph = await startGraphStandIn({ users, catalogAppId: CATALOG_APP_ID, faultRate, retryAfterSeconds: 1, seed: 42 });
  const storage = await openTestStorage();
  const config = loadConfig({ PORT: '0', PLAYGROUND: 'false', LOG_LEVEL: 'silent', DEMO_DATA: 'false', GRAPH_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.baseUrl });
  const app = createApp({ config, storage, log: testLog });
  const baseUrl = await app.listen();
  graph.announceTo(baseUrl, connector.serviceUrl);
  await app.startWorkers();

  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/roster/import?filename=rollegalleri.csv`, { method: 'POST', body: lines.join('\r\n') });
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
  const welcomed = () => new Set(connector.sent.filter((c) => c.conversationId?.startsWith('a:1personal-')).map((c) => c.conversationId)).size;
  // Watched in memory (what the stand-ins saw); storage is read once at the end, so the watching costs the app nothing.
  const deadline = started + 15 * 60_000;
  while ((graph.installs.size < users.length || welcomed() < users.length) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (process.env.BENCH_DEBUG) console.error(`${((performance.now() - started) / 1000).toFixed(0)} s: ${graph.installs.size} installed, ${welcomed()} welcomed`);
  }
  const records = await app.repos.roster.reachRecords();
  const unfinished = records.filter((r) => r.state !== 'installed').length;
  const seconds = (performance.now() - started) / 1000;
  const installs = [...graph.installs.values()];
  const duplicates = installs.reduce((sum, c) => sum + (c - 1), 0) + (connector.sent.filter((c) => c.conversationId?.startsWith('a:1personal-')).length - welcomed());
  const lost = Math.max(users.length - Math.min(installs.length, welcomed()), unfinished);
  const faults = graph.requests.filter((r) => r.status === 429 || r.status === 503).length;
  await app.stop();
  await storage.close();
  await graph.close();
  await connector.close();
  return [`${(faultRate * 100).toFixed(0)} %`, String(users.length), seconds.toFixed(1), (users.length / seconds).toFixed(1), '30', String(faults), String(duplicates), String(lost)];
}

async function main(): Promise<void> {
  const roles = Number(process.env.BENCH_ROLES ?? ROSTER_ROLES.length);
  const rows = [await run(0, roles), await run(0.05, roles)];
  const header = ['Faults', 'People', 'Seconds', 'People/s', 'Graph limit/s (POST installedApps)', '429/503 answered', 'Duplicates', 'Lost'];
  console.log(`| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

await main();
