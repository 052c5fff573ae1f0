import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { type Child, startAppProcess, startStorageProcess, startTs } from './support/processes.ts';
import { endpointPort, startStorageProxy, throughProxies, type StorageProxy } from './support/storageProxy.ts';
import { install } from './support/installs.ts';
import { person, personalMessage, post } from './support/activities.ts';
import { openStorage, type Storage } from '../bot/storage/storage.ts';
import { createRepositories, type Repositories } from '../bot/storage/repositories.ts';
import { testLog } from './support/storage.ts';

/**
 * Storage that is not there: production mode refuses to start without storage of its own, and a
 * running app whose storage goes away (a network cut between the app and storage, which runs in
 * its own process) answers 503 quickly with a Danish message, and works again when storage returns.
 */
let storageProcess: Child;
let connector: ConnectorStandIn;
let tableProxy: StorageProxy;
let queueProxy: StorageProxy;
let viaProxy: string;
let storage: Storage;
let repos: Repositories;

beforeAll(async () => {
  const started = await startStorageProcess();
  storageProcess = started.child;
  const { connectionString } = started;
  tableProxy = await startStorageProxy(endpointPort(connectionString, 'TableEndpoint'));
  queueProxy = await startStorageProxy(endpointPort(connectionString, 'QueueEndpoint'));
  viaProxy = throughProxies(connectionString, tableProxy, queueProxy);
  connector = await startConnectorStandIn({ rateLimits: false });
  storage = await openStorage({ kind: 'connectionString', connectionString });
  repos = createRepositories(storage, testLog);
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await install(repos, connector.serviceUrl, { groupChat: '19:udfald@thread.v2' });
}, 60_000);

afterAll(async () => {
  await tableProxy?.close();
  await queueProxy?.close();
  await storageProcess?.kill('SIGTERM');
  await connector?.close();
});

const task = (title: string) => ({ solutionId: 'sygesikring', title, type: 'Obligatorisk', startDate: '2026-11-23', deadline: '2026-12-18', responsibleRole: 'programleder' });

async function timed(url: string, init?: RequestInit): Promise<{ status: number; ms: number; body: any }> {
  const started = performance.now();
  const res = await fetch(url, init);
  const body = await res.json().catch(() => undefined);
  return { status: res.status, ms: performance.now() - started, body };
}

describe('production mode without storage of its own', () => {
  it('does not start, and names the variables to set', async () => {
    const child = startTs('bot/index.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      BOT_ID: '00000000-0000-4000-8000-00000000b07',
      BOT_TYPE: 'UserAssignedMSI',
      BOT_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-0000000000aa',
      AAD_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      EVALUATION_HASH_KEY: 'a-long-random-test-secret',
      DATA_DIR: await mkdtemp(path.join(tmpdir(), 'no-storage-')),
    });
    await child.waitForLine(/STORAGE_TABLE_ENDPOINT and STORAGE_QUEUE_ENDPOINT.*STORAGE_CONNECTION_STRING/);
    expect(await new Promise((resolve) => child.process.once('exit', resolve))).toBe(1);
    expect(child.lines.join('\n')).not.toMatch(/Sundhedstjek:/);
  });
});

describe('a storage outage', () => {
  it('answers 503 within 2 s with a Danish message, and the app recovers when storage returns', async () => {
    const app = await startAppProcess(viaProxy);
    try {
      expect((await timed(`${app.baseUrl}/api/klik-tasks`)).status).toBe(200);
      tableProxy.cut();
      queueProxy.cut();

      const attempts = [
        await timed(`${app.baseUrl}/api/klik-tasks`),
        await timed(`${app.baseUrl}/api/klik-tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(task('Opgave under udfald')) }),
        await timed(`${app.baseUrl}/api/portfolio`),
      ];
      console.log(`storage cut: ${attempts.map((a) => `${a.status} in ${a.ms.toFixed(0)} ms`).join(', ')}`);
      for (const attempt of attempts) {
        expect(attempt.status).toBe(503);
        expect(attempt.ms).toBeLessThan(2000);
        expect(attempt.body.error.message).toMatch(/Prøv igen om lidt/);
        expect(JSON.stringify(attempt.body)).not.toMatch(/at .*\.ts:\d+|ECONN|RestError/);
      }
      const health = await timed(`${app.baseUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(health.ms).toBeLessThan(2000);
      // A chat message during the outage is answered in Danish, not left hanging.
      const before = connector.sent.length;
      const chat = await post(app.baseUrl, personalMessage(connector.serviceUrl, person(7), 'opgaver'));
      expect(chat.status).toBeLessThan(600);
      await connector.waitFor(() => connector.sent.slice(before).some((c) => JSON.stringify(c.activity ?? '').includes('prøv igen om lidt')), 5_000);

      tableProxy.restore();
      queueProxy.restore();
      await expect.poll(async () => (await timed(`${app.baseUrl}/api/klik-tasks`)).status, { timeout: 10_000, interval: 100 }).toBe(200);
      const published = await timed(`${app.baseUrl}/api/klik-tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(task('Opgave efter udfald')) });
      expect(published.status).toBe(201);
      // The delivery worker is back too: the new task's card reaches the group chat.
      await connector.waitFor((call) => call.status === 201 && JSON.stringify(call.activity ?? '').includes('Opgave efter udfald'), 15_000);
      expect((await timed(`${app.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      tableProxy.restore();
      queueProxy.restore();
      await app.child.kill('SIGTERM');
    }
  }, 60_000);
});
