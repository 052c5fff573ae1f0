import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { install } from './support/installs.ts';
import { taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';
import type { Installation } from '../bot/storage/installationRepository.ts';

/**
 * Retrying a failed send is the delivery engine's job, within its rate budget: the Bot Framework
 * SDK must not retry by itself (its retries would reach Teams without passing the budget).
 * One step of the worker's ladder is run at a time, with the workers off.
 */
let running: RunningApp;
let connector: ConnectorStandIn;
let target: Installation;
let notificationId: string;

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ workers: false });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  target = await install(repos, connector.serviceUrl, { groupChat: '19:genforsoeg@thread.v2' });
  const res = await fetch(`${running.baseUrl}/api/klik-tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ solutionId: 'sygesikring', title: 'Opgave med genforsøg', type: 'Obligatorisk', startDate: '2026-11-23', deadline: '2026-12-18', responsibleRole: 'programleder' }),
  });
  expect(res.status).toBe(201);
  notificationId = taskNotificationId((await res.json()).task.id);
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

const callsToTarget = () => connector.calls.filter((c) => c.conversationId === target.conversationId);

/** Makes the entry due now, as if its backoff had run out. */
async function dueNow(): Promise<void> {
  const read = (await running.app.repos.notifications.entry(notificationId, target.key))!;
  await running.app.repos.notifications.replaceEntry({ ...read.value, nextAttemptAt: undefined }, read.etag);
}

describe('a send Teams refuses for now', () => {
  it('is tried once per step on a 503, and put back for later with a backoff', async () => {
    connector.setFaults({ faultRate: 1, faultStatuses: [503] });
    const before = Date.now();
    const outcome = await running.app.delivery.process({ n: notificationId, t: target.key });
    expect(outcome.action).toBe('delay');
    expect(callsToTarget().map((c) => c.status)).toEqual([503]);
    const entry = (await running.app.repos.notifications.entry(notificationId, target.key))!.value;
    expect(entry).toMatchObject({ state: 'pending', attempts: 1 });
    expect(entry.lastError).toContain('503');
    expect(Date.parse(entry.nextAttemptAt!)).toBeGreaterThan(before);
  });

  it('waits at least what Retry-After asks on a 429, again with one call', async () => {
    connector.setFaults({ faultRate: 1, faultStatuses: [429], faultRetryAfterSeconds: 5 });
    await dueNow();
    const before = Date.now();
    const outcome = await running.app.delivery.process({ n: notificationId, t: target.key });
    expect(outcome).toMatchObject({ action: 'delay' });
    expect(outcome.action === 'delay' && outcome.ms).toBeGreaterThanOrEqual(5000);
    expect(callsToTarget().map((c) => c.status)).toEqual([503, 429]);
    const entry = (await running.app.repos.notifications.entry(notificationId, target.key))!.value;
    expect(entry).toMatchObject({ state: 'pending', attempts: 2 });
    expect(Date.parse(entry.nextAttemptAt!)).toBeGreaterThanOrEqual(before + 5000);
  });

  it('is sent once Teams takes it, and recorded as sent', async () => {
    connector.setFaults({ faultRate: 0 });
    await dueNow();
    expect(await running.app.delivery.process({ n: notificationId, t: target.key })).toEqual({ action: 'delete' });
    expect(callsToTarget().map((c) => c.status)).toEqual([503, 429, 201]);
    expect((await running.app.repos.notifications.entry(notificationId, target.key))!.value).toMatchObject({ state: 'sent', attempts: 3 });
  });
});
