import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openTestRepositories, testLog } from './support/storage.ts';
import { openStorage, type Storage } from '../bot/storage/storage.ts';
import { startEmbeddedStorage } from '../bot/storage/embeddedStorage.ts';
import type { Repositories } from '../bot/storage/repositories.ts';
import { createRepositories } from '../bot/storage/repositories.ts';
import { EntityTable } from '../bot/storage/entityTable.ts';
import { TABLES } from '../bot/storage/tables.ts';
import { AlreadyExists, Stale } from '../bot/domain/errors.ts';
import { MUNICIPALITIES } from '../bot/domain/municipality.ts';
import type { KlikTask, MunicipalityTaskStatus } from '../bot/domain/klikTask.ts';
import type { Solution } from '../bot/domain/solution.ts';

let storage: Storage;
let repos: Repositories;
beforeAll(async () => ({ storage, repos } = await openTestRepositories()));
afterAll(() => storage.close());

const task: KlikTask = {
  id: 'task-oces3',
  solutionId: 'fki',
  title: 'Bestil OCES3-certifikat',
  description: 'Kommunen skal bestille et OCES3-organisationscertifikat.',
  type: 'criticalPath',
  startDate: '2023-09-01',
  deadline: '2024-03-15',
  responsibleRole: 'infrastrukturansvarlig',
  klikUrl: 'https://klik.kombit.dk/opgaver/oces3',
  createdAt: '2023-09-01T08:00:00.000Z',
  updatedAt: '2023-09-01T08:00:00.000Z',
};

const solution: Solution = {
  id: 'sygesikring',
  name: 'Sygesikring',
  description: 'Fælleskommunal løsning til sygesikring',
  phase: 'operation',
  status: 'onTrack',
  milestones: [{ id: 'go-live', title: 'Go-live for alle 98 kommuner', date: '2023-11-28', done: true }],
  contact: { name: 'Projektleder', email: 'pl@kombit.dk' },
  operatingCost: { amount: 2.8, basis: 'kr. pr. indbygger', year: 2022 },
};

describe('repositories round-trip their aggregates on Azurite', () => {
  it('solutions keep milestones, contact and driftsbidrag', async () => {
    await repos.solutions.create(solution);
    expect((await repos.solutions.get('sygesikring'))?.value).toEqual(solution);
    expect(await repos.solutions.list()).toEqual([solution]);
  });

  it('a KLIK task and its 98 statuses, read back from one partition', async () => {
    await repos.klikTasks.create(task);
    expect((await repos.klikTasks.get(task.id))?.value).toEqual(task);
    const statuses: MunicipalityTaskStatus[] = MUNICIPALITIES.map((m, i) => ({
      taskId: task.id,
      municipalityCode: m.code,
      status: i < 27 ? 'done' : i < 58 ? 'started' : 'notStarted',
    }));
    expect(await repos.klikTasks.setStatuses(task.id, statuses)).toBe(1);
    const read = await repos.klikTasks.statuses(task.id);
    expect(read).toHaveLength(98);
    expect(read.filter((s) => s.status === 'done')).toHaveLength(27);
  });

  it('agreements with signatures, meetings, evaluations with responses, and user profiles', async () => {
    const agreement = {
      id: 'agr-gateway', solutionId: 'fki', kind: 'connection' as const, title: 'Gateway tilslutningsaftale', sentDate: '2023-03-01',
      recipients: ['KOMBIT-programledere'], signingChannel: 'addo' as const, deadline: '2023-04-28', showMissingList: true, closed: false,
      createdAt: 'x', updatedAt: 'x',
    };
    await repos.agreements.create(agreement);
    await repos.agreements.setSignature({ agreementId: agreement.id, municipalityCode: '766', state: 'signed', signedDate: '2023-04-01', selfReported: true, reportedBy: 'Hanne' });
    expect((await repos.agreements.get(agreement.id))?.value).toEqual(agreement);
    expect(await repos.agreements.signatures(agreement.id)).toEqual([
      { agreementId: agreement.id, municipalityCode: '766', state: 'signed', signedDate: '2023-04-01', selfReported: true, reportedBy: 'Hanne' },
    ]);

    const meeting = { id: 'pl-2023-06-13', date: '2023-06-13', startTime: '10:00', endTime: '11:30', title: 'Programledermøde', agenda: [{ time: '10:00', title: 'Velkomst', presenter: 'KOMBIT' }], participantMunicipalities: 59, participantCount: 75 };
    await repos.meetings.create(meeting);
    expect(await repos.meetings.list()).toEqual([meeting]);

    const evaluation = { id: 'eval-1', meetingId: meeting.id, questions: [{ id: 'q1', text: 'Dagens oplæg var relevante for mig' }], allowComment: true, showLiveResults: false, state: 'open' as const, startedAt: '2023-06-13T09:20:00.000Z' };
    await repos.evaluations.create(evaluation);
    await repos.evaluations.saveResponse({ evaluationId: 'eval-1', respondentHash: 'h1', answers: { q1: 4 }, submittedAt: 'a' });
    await repos.evaluations.saveResponse({ evaluationId: 'eval-1', respondentHash: 'h1', answers: { q1: 2 }, comment: 'Godt møde', submittedAt: 'b' });
    expect(await repos.evaluations.responses('eval-1')).toEqual([{ evaluationId: 'eval-1', respondentHash: 'h1', answers: { q1: 2 }, comment: 'Godt møde', submittedAt: 'b' }]);

    const profile = { userId: '29:1a/b#c?d', name: 'Anna', email: 'anna@kk.dk', municipalityCode: '101', language: 'da' as const, role: 'programleder' as const, followedSolutions: ['aula'], remindersOptOut: false };
    await repos.users.save(profile);
    expect((await repos.users.get(profile.userId))?.value).toEqual(profile);
    expect((await repos.users.followersOf('aula')).map((u) => u.userId)).toEqual([profile.userId]);
  });
});

describe('optimistic concurrency', () => {
  it('refuses a write with a stale ETag and keeps the first writer\'s change', async () => {
    await repos.klikTasks.setStatus({ taskId: 'task-c', municipalityCode: '101', status: 'notStarted' });
    const readByAnna = await repos.klikTasks.status('task-c', '101');
    const readByBo = await repos.klikTasks.status('task-c', '101');
    await repos.klikTasks.setStatus({ taskId: 'task-c', municipalityCode: '101', status: 'started', updatedBy: 'Anna' }, readByAnna!.etag);
    const stale = repos.klikTasks.setStatus({ taskId: 'task-c', municipalityCode: '101', status: 'done', updatedBy: 'Bo' }, readByBo!.etag);
    await expect(stale).rejects.toBeInstanceOf(Stale);
    await expect(stale).rejects.toMatchObject({ code: 'ConcurrentChange', message: expect.stringContaining('ændret af en anden') });
    expect((await repos.klikTasks.status('task-c', '101'))?.value).toMatchObject({ status: 'started', updatedBy: 'Anna' });
  });

  it('refuses a stale task edit', async () => {
    await repos.klikTasks.create({ ...task, id: 'task-edit' });
    const first = await repos.klikTasks.get('task-edit');
    await repos.klikTasks.replace({ ...first!.value, deadline: '2024-04-01' }, first!.etag);
    await expect(repos.klikTasks.replace({ ...first!.value, title: 'Ny titel' }, first!.etag)).rejects.toBeInstanceOf(Stale);
    expect((await repos.klikTasks.get('task-edit'))?.value).toMatchObject({ deadline: '2024-04-01', title: task.title });
  });

  it('refuses a second create of the same id (AlreadyExists, 409 at the HTTP edge)', async () => {
    await expect(repos.klikTasks.create(task)).rejects.toBeInstanceOf(AlreadyExists);
  });
});

describe('batch writes', () => {
  it('writes 250 rows in transactions of at most 100', async () => {
    const table = new EntityTable<{ n: number }>(storage.table(TABLES.klikTaskStatuses), testLog, 'test');
    const rows = Array.from({ length: 250 }, (_, n) => ({ rk: `row-${String(n).padStart(3, '0')}`, value: { n } }));
    expect(await table.upsertMany('bulk', rows)).toBe(3);
    const read = await table.list('bulk');
    expect(read).toHaveLength(250);
    expect(read.map((r) => r.value.n).sort((a, b) => a - b)).toEqual(rows.map((r) => r.value.n));
  });

  it('the storage itself refuses a transaction of 101, which is why writes are chunked', async () => {
    const client = storage.table(TABLES.klikTaskStatuses);
    const actions = Array.from({ length: 101 }, (_, n) => ['upsert', { partitionKey: 'too-big', rowKey: String(n) }] as ['upsert', { partitionKey: string; rowKey: string }]);
    await expect(client.submitTransaction(actions)).rejects.toBeTruthy();
    const left: unknown[] = [];
    for await (const row of client.listEntities({ queryOptions: { filter: "PartitionKey eq 'too-big'" } })) left.push(row);
    expect(left).toHaveLength(0);
  });
});

describe('embedded storage on disk', () => {
  it('keeps what was written before a clean shutdown across a restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kombit-azurite-'));
    try {
      const first = await openStorage({ kind: 'embedded', dataDir });
      await createRepositories(first, testLog).solutions.create(solution);
      await first.close();

      const second = await openStorage({ kind: 'embedded', dataDir });
      try {
        expect((await createRepositories(second, testLog).solutions.get('sygesikring'))?.value).toEqual(solution);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('answers ping only while running', async () => {
    const s = await openStorage({ kind: 'embedded', dataDir: 'unused' }, { inMemory: true });
    expect(await s.ping()).toBe(true);
    await s.close();
    expect(await s.ping()).toBe(false);
  });

  it('connects to an existing storage by connection string', async () => {
    const azurite = await startEmbeddedStorage({ inMemory: true });
    try {
      const viaString = await openStorage({ kind: 'connectionString', connectionString: azurite.connectionString });
      await createRepositories(viaString, testLog).solutions.create(solution);
      const again = await openStorage({ kind: 'connectionString', connectionString: azurite.connectionString });
      expect((await createRepositories(again, testLog).solutions.get('sygesikring'))?.value).toEqual(solution);
    } finally {
      await azurite.close();
    }
  });
});
