import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { startAppProcess, startTs, type Child } from './support/processes.ts';
import { install } from './support/installs.ts';
import { openStorage, type Storage } from '../bot/storage/storage.ts';
import { createRepositories, type Repositories } from '../bot/storage/repositories.ts';
import { taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';
import { testLog } from './support/storage.ts';

/**
 * The delivery engine under process faults: storage runs in its own process (as Azure Storage
 * would), the app is killed in the middle of a fan-out to 500 targets and restarted, or two app
 * instances share the work. Teams is the connector stand-in, with its rate limits on.
 */
const TARGETS = 500;
let storageProcess: Child;
let connectionString: string;
let connector: ConnectorStandIn;
let storage: Storage;
let repos: Repositories;

beforeAll(async () => {
  storageProcess = startTs('test/support/storageProcess.ts', {});
  const [line] = await storageProcess.waitForLine(/^\{"connectionString"/);
  connectionString = JSON.parse(storageProcess.lines.find((l) => l.startsWith('{"connectionString"'))!).connectionString;
  expect(line).toBeTruthy();
  connector = await startConnectorStandIn();
  storage = await openStorage({ kind: 'connectionString', connectionString });
  repos = createRepositories(storage, testLog);
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  for (let i = 0; i < TARGETS; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, TARGETS - i) }, (_, k) => install(repos, connector.serviceUrl, { groupChat: `19:gruppe-${i + k}@thread.v2` })));
  }
}, 120_000);

afterAll(async () => {
  await storageProcess?.kill('SIGTERM');
  await connector?.close();
});

async function publishTask(baseUrl: string, title: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/klik-tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ solutionId: 'sygesikring', title, type: 'Obligatorisk', startDate: '2026-11-23', deadline: '2026-12-18', responsibleRole: 'programleder' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).task.id;
}

/** Sends per conversation of one task's card, as the stand-in recorded them (accepted sends only). */
function deliveriesOf(title: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of connector.sent) {
    if (!JSON.stringify(call.activity ?? {}).includes(title)) continue;
    counts.set(call.conversationId!, (counts.get(call.conversationId!) ?? 0) + 1);
  }
  return counts;
}

async function waitUntilDelivered(title: string): Promise<Map<string, number>> {
  await connector.waitFor(() => deliveriesOf(title).size >= TARGETS, 90_000);
  return deliveriesOf(title);
}

async function waitForSends(title: string, n: number): Promise<void> {
  await connector.waitFor(() => [...deliveriesOf(title).values()].reduce((a, b) => a + b, 0) >= n, 60_000);
}

describe('a fan-out to 500 targets survives the app being stopped in the middle', () => {
  it('SIGTERM mid fan-out: in-flight sends finish, the restart delivers the rest, every target exactly once', async () => {
    const title = 'Opgave A: stop med SIGTERM';
    const first = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '3' });
    const taskId = await publishTask(first.baseUrl, title);
    await waitForSends(title, 150);
    expect(await first.child.kill('SIGTERM')).toBe(0);
    const atStop = deliveriesOf(title).size;
    expect(atStop).toBeLessThan(TARGETS);

    const second = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '3' });
    try {
      const counts = await waitUntilDelivered(title);
      expect(counts.size).toBe(TARGETS);
      expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
      const report = await (await fetch(`${second.baseUrl}/api/notifications/${encodeURIComponent(taskNotificationId(taskId))}/report`)).json();
      expect(report).toMatchObject({ total: TARGETS, sent: TARGETS, pending: 0, failed: 0 });
    } finally {
      await second.child.kill('SIGTERM');
    }
  }, 120_000);

  it('SIGKILL mid fan-out: nothing is lost; only a send in flight at the kill can be sent again', async () => {
    const title = 'Opgave B: stop med SIGKILL';
    const first = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '3' });
    const taskId = await publishTask(first.baseUrl, title);
    await waitForSends(title, 150);
    await first.child.kill('SIGKILL');

    const second = await startAppProcess(connectionString, { DELIVERY_LEASE_SECONDS: '3' });
    try {
      const counts = await waitUntilDelivered(title);
      const duplicates = [...counts.values()].filter((n) => n > 1).length;
      console.log(`SIGKILL mid fan-out: ${counts.size}/${TARGETS} delivered, ${duplicates} sent twice (sends in flight at the kill)`);
      expect(counts.size).toBe(TARGETS);
      // A hard kill between Teams accepting a send and the app recording it cannot be told apart
      // from a send that never left; at most the sends in flight (the worker concurrency) repeat.
      expect(duplicates).toBeLessThanOrEqual(16);
      const report = await (await fetch(`${second.baseUrl}/api/notifications/${encodeURIComponent(taskNotificationId(taskId))}/report`)).json();
      expect(report).toMatchObject({ total: TARGETS, sent: TARGETS, pending: 0, failed: 0 });
    } finally {
      await second.child.kill('SIGTERM');
    }
  }, 120_000);

  it('two instances share one fan-out: every target exactly once; Teams\' throttling is rare and honoured', async () => {
    const title = 'Opgave C: to instanser';
    const throttledBefore = connector.calls.filter((c) => c.status === 429).length;
    const [a, b] = await Promise.all([startAppProcess(connectionString), startAppProcess(connectionString)]);
    try {
      const started = Date.now();
      await publishTask(a.baseUrl, title);
      const counts = await waitUntilDelivered(title);
      const seconds = (Date.now() - started) / 1000;
      const throttled = connector.calls.filter((c) => c.status === 429).length - throttledBefore;
      console.log(`two instances: ${TARGETS} targets in ${seconds.toFixed(1)} s (${(TARGETS / seconds).toFixed(1)}/s), ${throttled} answered 429 by the stand-in`);
      expect(counts.size).toBe(TARGETS);
      expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
      // The shared budget counts whole seconds and Teams any second, and the instances learn of each
      // other only after their first second together: a few 429s happen and are retried after Retry-After.
      expect(throttled).toBeLessThan(TARGETS * 0.1);
    } finally {
      await Promise.all([a.child.kill('SIGTERM'), b.child.kill('SIGTERM')]);
    }
  }, 120_000);
});
