import { DateTime } from 'luxon';
import type { Repositories } from '../storage/repositories.ts';
import type { Logger } from '../log.ts';
import { addDays, todayIn, ZONE, type Clock } from '../domain/time.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { MUNICIPALITIES, matchMunicipality } from '../domain/municipality.ts';
import { SOLUTION_STATUS_LABELS, solutionSchema, type Solution } from '../domain/solution.ts';
import { newKlikTaskSchema, type KlikTask, type MunicipalityTaskStatus, type TaskStatus } from '../domain/klikTask.ts';
import { newAgreementSchema, type Agreement, type Signature, type SignatureState } from '../domain/agreement.ts';
import { newMeetingSchema, type Meeting } from '../domain/meeting.ts';
import { DEFAULT_QUESTIONS, type Evaluation, type EvaluationResponse } from '../domain/evaluation.ts';
import { respondentHash } from '../domain/anonymity.ts';
import { budgetLineSchema } from '../domain/budget.ts';
import { DEMO_AGREEMENTS, DEMO_BUDGET_LINE, DEMO_STATUS_FROM_DECK, DEMO_ANCHOR_DATE, DEMO_EVALUATIONS, DEMO_MEETINGS, DEMO_MOMENTS, DEMO_SOLUTIONS, DEMO_TASKS, type DemoTask } from './demoData.ts';
import { renderDemoText } from './demoText.ts';
import { DEMO_EVENT_MOMENT, seedDemoEvents } from '../events/eventDemo.ts';

/**
 * Whole weeks from a deck's "today" (by default the February 2024 one) to the real today: every
 * demo date shown at that moment moves by this much, so the demo always has upcoming deadlines and
 * meetings keep their weekdays.
 */
export function demoShiftDays(clock: Clock, moment: string = DEMO_ANCHOR_DATE): number {
  const days = DateTime.fromISO(todayIn(clock), { zone: ZONE }).diff(DateTime.fromISO(moment, { zone: ZONE }), 'days').days;
  return Math.round(days / 7) * 7;
}

/** The deck moment a solution (and its tasks and agreements) is shown at. */
function momentOf(solutionId: string): string {
  return DEMO_MOMENTS[solutionId] ?? DEMO_ANCHOR_DATE;
}

/**
 * What the user is told about a task's figures: an estimated status split says so ("ca."), counts
 * from an earlier deck than the solution's moment say which day they are from (so they are not read
 * as today's), and a start date, deadline or type the deck does not give is named as estimated.
 */
function statusNote(task: DemoTask): string {
  const { done, started, notStarted } = task.statusCounts;
  const fields = { startDate: 'startdatoen', deadline: 'fristen', type: 'typen' } as const;
  const estimated = (task.estimated ?? []).map((f) => fields[f]);
  const guessed = estimated.length ? `Demo: ${estimated.join(' og ')} står ikke i decket og er anslået.` : '';
  if (!task.statusAsOf) {
    return [`Demo: fordelingen (ca. ${done} fuldført, ${started} påbegyndt, ${notStarted} ikke påbegyndt) er anslået til demoen; decket giver ingen tal.`, guessed].filter(Boolean).join(' ');
  }
  if (task.statusAsOf === momentOf(task.solutionId)) return guessed;
  return [`Status pr. {dd:${task.statusAsOf}} (programledermødet): ${done} fuldført, ${started} påbegyndt, ${notStarted} ikke påbegyndt.`, guessed].filter(Boolean).join(' ');
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
  readonly events?: number;
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
  const shiftOf = (solutionId: string) => demoShiftDays(clock, momentOf(solutionId));
  const now = clock.now().toISOString();
  const today = todayIn(clock);

  const solutions: Solution[] = DEMO_SOLUTIONS.map((s) => {
    const parsed = parseOrThrow(solutionSchema, s);
    const days = shiftOf(parsed.id);
    const moment = momentOf(parsed.id);
    return {
      ...parsed,
      description: renderDemoText(
        DEMO_STATUS_FROM_DECK.has(parsed.id) ? parsed.description : [parsed.description, `Demo: status (${SOLUTION_STATUS_LABELS[parsed.status].da}) er illustrativ; decket angiver ingen.`].filter(Boolean).join(' '),
        days,
      ),
      milestones: parsed.milestones.map((m) => ({ ...m, title: renderDemoText(m.title, days), date: addDays(m.date, days), done: m.date < moment })),
    };
  });
  await Promise.all(solutions.map((s) => repos.solutions.upsert(s)));
  await repos.budget.upsert(parseOrThrow(budgetLineSchema, DEMO_BUDGET_LINE));

  await Promise.all(DEMO_TASKS.map(async (demo) => {
    const { id, statusCounts, statusAsOf: _asOf, estimated: _estimated, notDoneMunicipalities, ...input } = demo;
    const parsed = parseOrThrow(newKlikTaskSchema, input);
    const days = shiftOf(parsed.solutionId);
    const description = renderDemoText([parsed.description, statusNote(demo)].filter(Boolean).join(' '), days);
    const task: KlikTask = {
      ...parsed,
      id,
      title: renderDemoText(parsed.title, days),
      description,
      startDate: addDays(parsed.startDate, days),
      deadline: addDays(parsed.deadline, days),
      createdAt: now,
      updatedAt: now,
    };
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
    const days = shiftOf(parsed.solutionId);
    const agreement: Agreement = {
      ...parsed,
      id,
      title: renderDemoText(parsed.title, days),
      sentDate: parsed.sentDate ? addDays(parsed.sentDate, days) : undefined,
      deadline: parsed.deadline ? addDays(parsed.deadline, days) : null,
      createdAt: now,
      updatedAt: now,
    };
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

  // A meeting's id names its day ("evaluering start pl-2026-11-25 igen"), so it is made from the moved date.
  const meetingIds = new Map<string, string>();
  const meetings: Meeting[] = DEMO_MEETINGS.map(({ id, ...input }) => {
    const parsed = parseOrThrow(newMeetingSchema, input);
    const date = move(parsed.date);
    meetingIds.set(id, `pl-${date}`);
    return {
      ...parsed,
      id: `pl-${date}`,
      date,
      title: renderDemoText(parsed.title, shift),
      agenda: parsed.agenda.map((a) => ({ ...a, title: renderDemoText(a.title, shift) })),
    };
  });
  await Promise.all(meetings.map((m) => repos.meetings.upsert(m)));

  // Only meetings held by today are evaluated; the latest of them has the open evaluation, all
  // earlier ones are closed, whatever week the demo lands in.
  const evaluated = DEMO_EVALUATIONS.map((demo) => {
    const meeting = meetings.find((m) => m.id === meetingIds.get(demo.meetingId));
    if (!meeting) throw new Error(`demo evaluation ${demo.id} names unknown meeting ${demo.meetingId}`);
    return { demo, meeting };
  })
    .filter(({ meeting }) => meeting.date <= today)
    .sort((a, b) => a.meeting.date.localeCompare(b.meeting.date));
  const nowInstant = DateTime.fromJSDate(clock.now());
  await Promise.all(evaluated.map(async ({ demo, meeting }, index) => {
    const open = index === evaluated.length - 1;
    const id = `eval-${meeting.id}`;
    // On the meeting's own day before its evaluation, the open one's answers are not dated after now.
    const planned = DateTime.fromISO(`${meeting.date}T11:20`, { zone: ZONE });
    const startedAt = open && planned > nowInstant ? nowInstant.minus({ minutes: 15 }) : planned;
    const evaluation: Evaluation = {
      id,
      meetingId: meeting.id,
      questions: [...DEFAULT_QUESTIONS],
      allowComment: true,
      showLiveResults: false,
      state: open ? 'open' : 'closed',
      startedAt: startedAt.toUTC().toISO()!,
      ...(open ? {} : { closedAt: startedAt.plus({ minutes: 15 }).toUTC().toISO()! }),
    };
    await repos.evaluations.create(evaluation);
    const responses: EvaluationResponse[] = demo.responses.map((r, i) => ({
      evaluationId: id,
      respondentHash: respondentHash(hashKey, id, `demo-respondent-${i}`),
      answers: r.answers,
      ...(r.comment ? { comment: renderDemoText(r.comment, shift) } : {}),
      submittedAt: startedAt.plus({ minutes: open ? Math.min(2 + (i % 10), 14) : 2 + (i % 10) }).toUTC().toISO()!,
    }));
    await repos.evaluations.saveResponses(id, responses);
  }));

  // The workshop invitation is shown at its own deck's moment, so its sign-up is open on any day.
  const events = await seedDemoEvents(repos, clock, demoShiftDays(clock, DEMO_EVENT_MOMENT));

  const summary = { seeded: true, shiftDays: shift, solutions: solutions.length, tasks: DEMO_TASKS.length, agreements: DEMO_AGREEMENTS.length, meetings: meetings.length, evaluations: evaluated.length, events };
  log.info(summary, 'demo data loaded');
  return summary;
}
