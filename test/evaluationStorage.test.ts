import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/app.ts';
import { openTestStorage, testLog } from './support/storage.ts';
import { EntityTable } from '../bot/storage/entityTable.ts';
import { PARTITIONS, TABLES } from '../bot/storage/tables.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { Evaluation, EvaluationResponse } from '../bot/domain/evaluation.ts';
import { DEFAULT_QUESTIONS } from '../bot/domain/evaluation.ts';
import { ShiftClock } from './support/shiftClock.ts';

/**
 * Issue 16, item 5: meeting evaluations are stored as surveys of kind 'evaluation' behind the
 * unchanged evaluation API, and evaluations stored before, in tables of their own, are copied over
 * once when the app starts (a second start copies nothing twice).
 */
let storage: Storage;
const clock = new ShiftClock('2026-11-23T12:00:00Z');
const earlier: Evaluation = {
  id: 'eval-pl-2026-10-26',
  meetingId: 'pl-2026-10-26',
  questions: [...DEFAULT_QUESTIONS],
  allowComment: true,
  showLiveResults: false,
  state: 'closed',
  startedAt: '2026-10-26T10:20:00.000Z',
  closedAt: '2026-10-26T10:40:00.000Z',
};
const answer = (hash: string, q1: number, comment?: string): EvaluationResponse => ({ evaluationId: earlier.id, respondentHash: hash, answers: { q1, q2: 4, q3: 4, q4: 5 }, ...(comment !== undefined ? { comment } : {}), submittedAt: '2026-10-26T10:25:00.000Z' });
const answers = [answer('h1', 2, 'Godt møde'), answer('h2', 4, ''), answer('h3', 3)];

beforeAll(async () => {
  storage = await openTestStorage();
  await new EntityTable<Evaluation>(storage.table(TABLES.evaluations), testLog, 'Evalueringen').insert(PARTITIONS.evaluation, earlier.id, earlier);
  const rows = new EntityTable<EvaluationResponse>(storage.table(TABLES.evaluationResponses), testLog, 'Svaret');
  for (const r of answers) await rows.insert(earlier.id, r.respondentHash, r);
});
afterAll(() => storage?.close());

async function get(baseUrl: string, path: string) {
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

describe('evaluations stored as surveys', () => {
  it('copies an evaluation stored before into the survey tables at start, once, and the evaluation API and the survey results read it as before', async () => {
    // Both instances share the storage (closed after the test), as two starts of the app do.
    const first = await startTestApp({ storage, clock });
    try {
      await first.app.startWorkers({ scheduler: false });
      await first.app.repos.meetings.upsert({ id: 'pl-2026-10-26', date: '2026-10-26', startTime: '10:00', endTime: '11:30', title: 'Programledermøde oktober 2026', agenda: [] });
      expect(await first.app.repos.evaluations.list()).toEqual([earlier]);
      expect(await first.app.repos.evaluations.responses(earlier.id)).toEqual(expect.arrayContaining(answers));

      const results = await get(first.baseUrl, `/api/evaluations/${earlier.id}/results`);
      expect(results.body).toMatchObject({ responseCount: 3, resultsVisible: true, statements: [{ average: 3 }, {}, {}, {}] });
      expect(results.body.comments).toEqual(['Godt møde']);

      const listed = await get(first.baseUrl, '/api/surveys');
      expect(listed.body.surveys).toEqual([expect.objectContaining({ id: earlier.id, kind: 'evaluation', title: 'Evaluering: Programledermøde oktober 2026', state: 'closed', progress: { answered: 3, unit: 'persons' } })]);
      const survey = await get(first.baseUrl, `/api/surveys/${earlier.id}/results`);
      expect(survey.body).toMatchObject({ responseCount: 3, resultsVisible: true });
      expect(survey.body.questions.at(-1).texts).toEqual(['Godt møde']);
      // Changed only through the evaluation API: the survey API's changes do not find it.
      const patched = await fetch(`${first.baseUrl}/api/surveys/${earlier.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x' }) });
      expect(patched.status).toBe(404);
      expect((await first.app.repos.surveys.list()).map((s) => s.id)).toEqual([]);
    } finally {
      await first.app.stop();
    }

    const second = await startTestApp({ storage, clock });
    try {
      await second.app.startWorkers({ scheduler: false });
      expect(await second.app.repos.evaluations.list()).toEqual([earlier]);
      expect(await second.app.repos.evaluations.responses(earlier.id)).toHaveLength(3);
      expect(await second.app.repos.evaluations.migrateEarlierTables()).toBe(0);
    } finally {
      await second.app.stop();
    }
  });
});
