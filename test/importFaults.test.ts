import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { type Child, startAppProcess, startStorageProcess } from './support/processes.ts';
import { install } from './support/installs.ts';
import { openStorage, type Storage } from '../bot/storage/storage.ts';
import { createRepositories, type Repositories } from '../bot/storage/repositories.ts';
import { taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';
import { testLog } from './support/storage.ts';

/**
 * A 300-row KLIK import cut by SIGKILL: storage runs in its own process, the app is killed while
 * the import is under way and restarted. Afterwards the import's tasks are all there, each with its
 * card handed to the delivery engine, or none is; nothing is left half-imported.
 */
const ROWS = 300;
let storageProcess: Child;
let connectionString: string;
let connector: ConnectorStandIn;
let storage: Storage;
let repos: Repositories;

beforeAll(async () => {
  ({ child: storageProcess, connectionString } = await startStorageProcess());
  connector = await startConnectorStandIn({ rateLimits: false });
  storage = await openStorage({ kind: 'connectionString', connectionString });
  repos = createRepositories(storage, testLog);
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await install(repos, connector.serviceUrl, { groupChat: '19:import-nedbrud@thread.v2' });
}, 60_000);

afterAll(async () => {
  await storageProcess?.kill('SIGTERM');
  await connector?.close();
});

function overview(prefix: string): string {
  const lines = ['Løsning;Titel;Beskrivelse;Type;Startdato;Frist;Rolle'];
  for (let i = 0; i < ROWS; i++) lines.push(`sygesikring;${prefix} ${String(i).padStart(3, '0')};Række ${i + 2} i oversigten;Obligatorisk;23-11-2026;18-12-2026;programleder`);
  return `${lines.join('\r\n')}\r\n`;
}

const importTasks = async (prefix: string) => (await repos.klikTasks.list()).filter((t) => t.title.startsWith(prefix));

/** Starts an app, posts the import, kills the app with SIGKILL when `killWhen` holds, restarts it; resolves once no import is left unfinished. */
async function importCutByKill(prefix: string, killWhen: () => Promise<boolean>): Promise<{ atKill: number; after: number; recoveredMs: number; second: { child: Child; baseUrl: string } }> {
  const first = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '2' });
  const answer = fetch(`${first.baseUrl}/api/klik-tasks/import?filename=oversigt.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: overview(prefix) }).then((r) => r.status, () => 0);
  await expect.poll(killWhen, { timeout: 30_000, interval: 5 }).toBe(true);
  await first.child.kill('SIGKILL');
  expect(await answer).toBe(0);
  const atKill = (await importTasks(prefix)).length;
  const killedAt = Date.now();
  const second = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '2' });
  // The restart finishes or rolls back the import: at start, or when the killed instance's 2 s lease runs out (a job).
  await expect.poll(async () => (await repos.imports.unfinished()).length, { timeout: 30_000, interval: 100 }).toBe(0);
  return { atKill, after: (await importTasks(prefix)).length, recoveredMs: Date.now() - killedAt, second };
}

/** Every task of the import is there with its card handed over (one outbox row for the one group chat). */
async function expectAllImported(prefix: string): Promise<void> {
  const tasks = await importTasks(prefix);
  expect(tasks).toHaveLength(ROWS);
  expect(new Set(tasks.map((t) => t.title)).size).toBe(ROWS);
  await expect.poll(async () => (await importTasks(prefix)).filter((t) => t.cardPending).length, { timeout: 30_000, interval: 200 }).toBe(0);
  for (const task of tasks) expect((await repos.notifications.get(taskNotificationId(task.id)))?.value).toMatchObject({ state: 'queued', targetCount: 1 });
}

describe('a 300-row KLIK import cut by SIGKILL', () => {
  it('killed while its plan is being written or applied: all rows or none after the restart', async () => {
    const prefix = 'Importopgave A';
    const { atKill, after, recoveredMs, second } = await importCutByKill(prefix, async () => (await repos.imports.unfinished()).length > 0);
    try {
      console.log(`kill as the import was staged: ${atKill}/${ROWS} tasks stored at the kill, ${after}/${ROWS} after the restart, no import left ${recoveredMs} ms after the kill`);
      expect([0, ROWS]).toContain(after);
      if (after === ROWS) await expectAllImported(prefix);
      // The person who got no answer imports the same file again: either way the result is the 300 tasks once.
      const again = await fetch(`${second.baseUrl}/api/klik-tasks/import?filename=oversigt.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: overview(prefix) });
      expect(await again.json()).toEqual(after === ROWS ? { created: 0, updated: 0, unchanged: ROWS, statuses: 0 } : { created: ROWS, updated: 0, unchanged: 0, statuses: 0 });
      await expectAllImported(prefix);
    } finally {
      await second.child.kill('SIGTERM');
    }
  }, 180_000);

  it('killed while the cards of its tasks are being announced: the restart finishes it', async () => {
    const prefix = 'Importopgave B';
    // Some of its tasks have had their cards handed over, the others not yet.
    const { atKill, after, recoveredMs, second } = await importCutByKill(prefix, async () => (await importTasks(prefix)).some((t) => t.cardPending === false));
    try {
      console.log(`kill while announcing: ${atKill}/${ROWS} tasks stored at the kill, ${after}/${ROWS} after the restart, no import left ${recoveredMs} ms after the kill`);
      expect(after).toBe(ROWS);
      await expectAllImported(prefix);
    } finally {
      await second.child.kill('SIGTERM');
    }
  }, 180_000);
});
