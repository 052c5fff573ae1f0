import { DateTime } from 'luxon';
import type { Repositories } from '../storage/repositories.ts';
import type { Logger } from '../log.ts';
import { addDays, todayIn, ZONE, type Clock } from '../domain/time.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { MUNICIPALITIES, matchMunicipality } from '../domain/municipality.ts';
import { solutionSchema, type Solution } from '../domain/solution.ts';
import { newKlikTaskSchema, type KlikTask, type MunicipalityTaskStatus, type TaskStatus } from '../domain/klikTask.ts';
import { newAgreementSchema, type Agreement, type Signature, type SignatureState } from '../domain/agreement.ts';
import { newMeetingSchema, type Meeting } from '../domain/meeting.ts';
import { DEFAULT_QUESTIONS, type Evaluation, type EvaluationResponse } from '../domain/evaluation.ts';
import { respondentHash } from '../domain/anonymity.ts';
import { DEMO_AGREEMENTS, DEMO_ANCHOR_DATE, DEMO_EVALUATIONS, DEMO_MEETINGS, DEMO_SOLUTIONS, DEMO_TASKS } from './demoData.ts';

/**
 * Whole weeks from the decks' "today" to the real today: every demo date moves by this much, so
 * the demo always has upcoming deadlines and meetings keep their weekdays.
 */
export function demoShiftDays(clock: Clock): number {
  const days = DateTime.fromISO(todayIn(clock), { zone: ZONE }).diff(DateTime.fromISO(DEMO_ANCHOR_DATE, { zone: ZONE }), 'days').days;
  return Math.round(days / 7) * 7;
}

/** A fixed shuffle of the 98 per item, so each task's "who is done" differs but never changes between runs. */
function municipalityOrder(seed: string): string[] {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  const score = (code: string) => {
    let x = h ^ Number(code);
    x = Math.imul(x ^ (x >>> 15), 2246822507);
    x = Math.imul(x ^ (x >>> 13), 3266489909);
    return (x ^ (x >>> 16)) >>> 0;
  };
  return MUNICIPALITIES.map((m) => m.code).sort((a, b) => score(a) - score(b));
}

/** Assigns states to the 98 so the counts match; named municipalities get the first state listed last. */
function distribute<S extends string>(seed: string, counts: [S, number][], pinned: string[] = [], pinnedState?: S): Map<string, S> {
  const result = new Map<string, S>();
  const remaining = new Map(counts);
  if (pinnedState) {
    for (const code of pinned) {
      result.set(code, pinnedState);
      remaining.set(pinnedState, (remaining.get(pinnedState) ?? 0) - 1);
    }
  }
  const order = municipalityOrder(seed).filter((c) => !result.has(c));
  let i = 0;
  for (const [state, n] of remaining) for (let k = 0; k < n && i < order.length; k++) result.set(order[i++]!, state);
  return result;
}

/** Kommunekoder of the municipalities a deck names; every name in the demo data resolves. */
function codesOf(names: readonly string[] | undefined): string[] {
  return (names ?? []).map((name) => {
    const match = matchMunicipality(name);
    if (match.kind !== 'exact') throw new Error(`demo data names unknown municipality ${name}`);
    return match.municipality.code;
  });
}

export interface SeedSummary {
  readonly seeded: boolean;
  readonly shiftDays: number;
  readonly solutions: number;
  readonly tasks: number;
  readonly agreements: number;
  readonly meetings: number;
  readonly evaluations: number;
}

/**
 * Loads the demo data from the meeting decks when the storage has no solutions yet; a storage
 * with data is left alone. Every item passes the same validation as input from outside.
 */
export async function seedDemoDataIfEmpty(repos: Repositories, clock: Clock, hashKey: string, log: Logger): Promise<SeedSummary> {
  const shift = demoShiftDays(clock);
  const existing = await repos.solutions.list();
  const empty = { seeded: false, shiftDays: shift, solutions: 0, tasks: 0, agreements: 0, meetings: 0, evaluations: 0 };
  if (existing.length > 0) return empty;
  const move = (d: string) => addDays(d, shift);
  const moveOpt = (d: string | null | undefined) => (d ? move(d) : d);
  const now = clock.now().toISOString();

  const solutions: Solution[] = DEMO_SOLUTIONS.map((s) => {
    const parsed = parseOrThrow(solutionSchema, s);
    return { ...parsed, milestones: parsed.milestones.map((m) => ({ ...m, date: move(m.date) })) };
  });
  await Promise.all(solutions.map((s) => repos.solutions.upsert(s)));

  await Promise.all(DEMO_TASKS.map(async (demo) => {
    const { id, statusCounts, notDoneMunicipalities, ...input } = demo;
    const parsed = parseOrThrow(newKlikTaskSchema, input);
    const task: KlikTask = { ...parsed, id, startDate: move(parsed.startDate), deadline: move(parsed.deadline), createdAt: now, updatedAt: now };
    await repos.klikTasks.upsert(task);
    const states = distribute<TaskStatus>(
      id,
      [['done', statusCounts.done], ['started', statusCounts.started], ['notStarted', statusCounts.notStarted]],
      codesOf(notDoneMunicipalities),
      'notStarted',
    );
    const statuses: MunicipalityTaskStatus[] = [...states].map(([municipalityCode, status]) => ({ taskId: id, municipalityCode, status }));
    await repos.klikTasks.setStatuses(id, statuses);
  }));

  await Promise.all(DEMO_AGREEMENTS.map(async (demo) => {
    const { id, signatureCounts, missingMunicipalities, ...input } = demo;
    const parsed = parseOrThrow(newAgreementSchema, input);
    const agreement: Agreement = { ...parsed, id, sentDate: moveOpt(parsed.sentDate) ?? undefined, deadline: moveOpt(parsed.deadline) ?? null, createdAt: now, updatedAt: now };
    await repos.agreements.upsert(agreement);
    const pinned = codesOf(missingMunicipalities);
    const states = distribute<SignatureState>(
      id,
      [['signed', signatureCounts.signed], ['signedWithReservations', signatureCounts.signedWithReservations], ['declined', signatureCounts.declined], ['missing', signatureCounts.missing]],
      pinned,
      'missing',
    );
    const signatures: Signature[] = [...states]
      .filter(([, state]) => state !== 'missing')
      .map(([municipalityCode, state]) => ({ agreementId: id, municipalityCode, state, signedDate: agreement.sentDate ?? undefined, selfReported: false }));
    await repos.agreements.setSignatures(id, signatures);
  }));

  const meetings: Meeting[] = DEMO_MEETINGS.map(({ id, ...input }) => {
    const parsed = parseOrThrow(newMeetingSchema, input);
    return { ...parsed, id, date: move(parsed.date) };
  });
  await Promise.all(meetings.map((m) => repos.meetings.upsert(m)));

  await Promise.all(DEMO_EVALUATIONS.map(async (demo) => {
    const meeting = meetings.find((m) => m.id === demo.meetingId);
    if (!meeting) throw new Error(`demo evaluation ${demo.id} names unknown meeting ${demo.meetingId}`);
    const startedAt = DateTime.fromISO(`${meeting.date}T11:20`, { zone: ZONE });
    const evaluation: Evaluation = {
      id: demo.id,
      meetingId: demo.meetingId,
      questions: [...DEFAULT_QUESTIONS],
      allowComment: true,
      showLiveResults: false,
      state: demo.closed ? 'closed' : 'open',
      startedAt: startedAt.toUTC().toISO()!,
      ...(demo.closed ? { closedAt: startedAt.plus({ minutes: 15 }).toUTC().toISO()! } : {}),
    };
    await repos.evaluations.create(evaluation);
    const responses: EvaluationResponse[] = demo.responses.map((r, i) => ({
      evaluationId: demo.id,
      respondentHash: respondentHash(hashKey, demo.id, `demo-respondent-${i}`),
      answers: r.answers,
      ...(r.comment ? { comment: r.comment } : {}),
      submittedAt: startedAt.plus({ minutes: 2 + (i % 10) }).toUTC().toISO()!,
    }));
    await repos.evaluations.saveResponses(demo.id, responses);
  }));

  const summary = { seeded: true, shiftDays: shift, solutions: solutions.length, tasks: DEMO_TASKS.length, agreements: DEMO_AGREEMENTS.length, meetings: meetings.length, evaluations: DEMO_EVALUATIONS.length };
  log.info(summary, 'demo data loaded');
  return summary;
}
