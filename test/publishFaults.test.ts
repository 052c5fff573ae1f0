import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { type Child, startAppProcess, startStorageProcess } from './support/processes.ts';
import { install } from './support/installs.ts';
import { TENANT } from './support/activities.ts';
import { openStorage, type Storage } from '../bot/storage/storage.ts';
import { createRepositories, type Repositories } from '../bot/storage/repositories.ts';
import { taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';
import { agreementNotificationId } from '../bot/agreements/agreementService.ts';
import { newAgreementSchema } from '../bot/domain/agreement.ts';
import { testLog } from './support/storage.ts';

/**
 * Publishing under a hard kill: storage runs in its own process (as Azure Storage would), 40 KLIK
 * tasks are published at once, the app is killed with SIGKILL while they are under way, and
 * restarted. Every task that was stored must get its card to every target, and the clients' retries
 * (with the Idempotency-Key they sent the first time) must create nothing new.
 */
const TARGETS = 10;
const PUBLISHES = 40;
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
  await Promise.all(Array.from({ length: TARGETS }, (_, k) => install(repos, connector.serviceUrl, { groupChat: `19:nedbrud-${k}@thread.v2` })));
}, 120_000);

afterAll(async () => {
  await storageProcess?.kill('SIGTERM');
  await connector?.close();
});

const title = (i: number) => `Nedbrudsopgave nr. ${String(i).padStart(2, '0')}`;
const keyOf = (i: number) => `publish-${i}-8f2c`;

/** Accepted card sends per task title and conversation, counted as the stand-in records them. */
function cardTally(): { counts: Map<string, Map<string, number>>; stop: () => void } {
  const counts = new Map<string, Map<string, number>>();
  const stop = connector.onCall((call) => {
    if (call.status !== 201 || call.operation !== 'sendToConversation' || !call.activity) return;
    const match = JSON.stringify(call.activity).match(/Nedbrudsopgave nr\. \d\d/);
    if (!match) return;
    const perConversation = counts.get(match[0]) ?? new Map<string, number>();
    perConversation.set(call.conversationId!, (perConversation.get(call.conversationId!) ?? 0) + 1);
    counts.set(match[0], perConversation);
  });
  return { counts, stop };
}

async function publish(baseUrl: string, i: number): Promise<{ status: number; id?: string; replayed: boolean }> {
  const res = await fetch(`${baseUrl}/api/klik-tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': keyOf(i) },
    body: JSON.stringify({ solutionId: 'sygesikring', title: title(i), type: 'Obligatorisk', startDate: '2026-11-23', deadline: '2026-12-18', responsibleRole: 'programleder' }),
  });
  const body = (await res.json()) as { task?: { id: string } };
  return { status: res.status, id: body.task?.id, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

const storedTasks = async () => (await repos.klikTasks.list()).filter((t) => t.title.startsWith('Nedbrudsopgave'));

describe('40 concurrent publishes and a SIGKILL', () => {
  it('every stored task gets its card after the restart, and retries with the same key create nothing new', async () => {
    const tally = cardTally();
    const first = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '3' });
    const attempts = Array.from({ length: PUBLISHES }, (_, i) => publish(first.baseUrl, i).then((r) => ({ i, ...r }), () => ({ i, status: 0, id: undefined, replayed: false })));
    // The kill lands as soon as the first task is in storage: the others are somewhere between
    // validating, storing the task, writing its outbox and sending.
    await expect.poll(async () => (await storedTasks()).length, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    await first.child.kill('SIGKILL');
    const answered = (await Promise.all(attempts)).filter((a) => a.status === 201);
    const storedAtKill = await storedTasks();
    const owedAtKill = storedAtKill.filter((t) => t.cardPending).length;
    const claimedAtKill = new Set<string>();
    let withoutNotification = 0;
    for (const task of storedAtKill) {
      if (!(await repos.notifications.get(taskNotificationId(task.id)))) withoutNotification++;
      for (const entry of await repos.notifications.entries(taskNotificationId(task.id))) if (entry.state === 'sending') claimedAtKill.add(`${task.title}|${entry.targetKey}`);
    }
    console.log(`SIGKILL during ${PUBLISHES} publishes: ${answered.length} answered 201, ${storedAtKill.length} tasks stored, ${owedAtKill} of them with the card not yet handed over (${withoutNotification} with no notification at all), ${claimedAtKill.size} sends claimed and not recorded`);
    expect(storedAtKill.length).toBeGreaterThan(0);

    const second = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '3' });
    try {
      // Without any client doing anything, every stored task reaches every target.
      await expect.poll(() => storedAtKill.every((t) => (tally.counts.get(t.title)?.size ?? 0) === TARGETS), { timeout: 60_000, interval: 200 }).toBe(true);

      // The clients saw a reset (or an answer) and retry everything with the same keys.
      const retried = await Promise.all(Array.from({ length: PUBLISHES }, (_, i) => publish(second.baseUrl, i)));
      expect(retried.map((r) => r.status)).toEqual(Array(PUBLISHES).fill(201));
      const afterRetry = await storedTasks();
      expect(afterRetry).toHaveLength(PUBLISHES);
      expect(new Set(afterRetry.map((t) => t.title)).size).toBe(PUBLISHES);
      // The tasks stored before the kill kept their ids, and each retry of them was recognised.
      for (const task of storedAtKill) expect(retried.find((r) => r.id === task.id)?.replayed).toBe(true);
      for (const a of answered) expect(retried[a.i]!.id).toBe(a.id);

      await expect.poll(() => [...Array(PUBLISHES).keys()].every((i) => (tally.counts.get(title(i))?.size ?? 0) === TARGETS), { timeout: 60_000, interval: 200 }).toBe(true);
      // A second round of retries changes nothing at all.
      const again = await Promise.all(Array.from({ length: PUBLISHES }, (_, i) => publish(second.baseUrl, i)));
      expect(again.every((r) => r.replayed)).toBe(true);
      expect(await storedTasks()).toHaveLength(PUBLISHES);

      expect(await second.child.kill('SIGTERM')).toBe(0);
      for (const task of afterRetry) {
        expect(await repos.notifications.report(taskNotificationId(task.id))).toMatchObject({ total: TARGETS, sent: TARGETS, pending: 0, failed: 0 });
        expect((await repos.klikTasks.get(task.id))?.value.cardPending).toBe(false);
      }
      // Only a send claimed and not recorded at the kill may repeat (see the README's delivery guarantee), and only once.
      const repeats = [...tally.counts].flatMap(([t, perConversation]) => [...perConversation].filter(([, n]) => n > 1).map(([c, n]) => ({ t, c, n })));
      console.log(`after restart and retries: ${PUBLISHES} tasks, ${PUBLISHES * TARGETS} cards delivered, ${repeats.length} sent twice`);
      expect(repeats.filter(({ t, c, n }) => n > 2 || !claimedAtKill.has(`${t}|_${TENANT}_${c}`))).toEqual([]);
    } finally {
      tally.stop();
      await second.child.kill('SIGTERM');
    }
  }, 180_000);
});

describe('an agreement whose card was due when the app died', () => {
  it('is sent by the next start: the agreement was stored marked cardPending, its notification never written', async () => {
    // What a SIGKILL between storing an agreement sent today and handing over its card leaves behind.
    const title = 'Tilslutningsaftale efter nedbrud';
    const fields = newAgreementSchema.parse({ solutionId: 'sygesikring', kind: 'connection', title, sentDate: '2026-11-23', deadline: '2026-12-28' });
    await repos.agreements.create({ ...fields, id: 'agr-nedbrud1', createdAt: '2026-11-23T09:00:00.000Z', updatedAt: '2026-11-23T09:00:00.000Z', cardPending: true });
    expect(await repos.notifications.get(agreementNotificationId('agr-nedbrud1'))).toBeUndefined();

    const app = await startAppProcess(connectionString);
    try {
      await expect.poll(() => new Set(connector.sent.filter((c) => c.status === 201 && JSON.stringify(c.activity ?? '').includes(title)).map((c) => c.conversationId)).size, { timeout: 30_000, interval: 100 }).toBe(TARGETS);
      expect((await repos.agreements.get('agr-nedbrud1'))?.value.cardPending).toBe(false);
    } finally {
      await app.child.kill('SIGTERM');
    }
  }, 60_000);
});
