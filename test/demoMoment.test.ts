import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { startTabApp, type TabApp } from './support/tabServer.ts';
import type { PortfolioOverview } from '../bot/api/portfolio.ts';
import type { EvaluationResult } from '../bot/evaluations/resultsView.ts';
import type { Meeting } from '../bot/domain/meeting.ts';
import type { Evaluation } from '../bot/domain/evaluation.ts';
import type { EventView } from '../bot/events/eventService.ts';

// Two years after the last deck (October 2025), and 53 weeks later again: every date the app shows
// in a demo text must have moved by exactly those 371 days, as the data's own dates have.
const AT_A = '2027-10-28T12:00:00+01:00';
const AT_B = '2028-11-02T12:00:00+01:00';
const APART = 371;

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const M = MONTHS.join('|');

type DateRef =
  | { kind: 'date'; date: string }
  | { kind: 'dayMonth'; month: number; day: number }
  | { kind: 'monthYear'; month: number; year: number }
  | { kind: 'month'; month: number }
  | { kind: 'week'; week: number }
  | { kind: 'year'; year: number; document: boolean }
  | { kind: 'slash'; text: string }
  | { kind: 'shortYear'; text: string };

/** Every date a Dane could read in a text, in order: "18. november 2027", "18-11-2027", "november 2027", "18. november", "uge 44", "2027", "7/5", "'24". */
function dateRefs(text: string): DateRef[] {
  const pattern = new RegExp(
    `(\\d{1,2})\\. (${M}) (\\d{4})|(\\d{2})-(\\d{2})-(\\d{4})|(\\d{1,2})\\. (${M})|\\b(${M}) (\\d{4})|\\b(${M})\\b|\\buge (\\d{1,2})\\b|\\b((?:19|20)\\d{2})\\b|\\b(\\d{1,2}/\\d{1,2})\\b|('\\d{2})\\b`,
    'gi',
  );
  const refs: DateRef[] = [];
  for (const m of text.matchAll(pattern)) {
    const month = (name: string) => MONTHS.indexOf(name.toLowerCase()) + 1;
    if (m[1]) refs.push({ kind: 'date', date: `${m[3]}-${String(month(m[2]!)).padStart(2, '0')}-${m[1].padStart(2, '0')}` });
    else if (m[4]) refs.push({ kind: 'date', date: `${m[6]}-${m[5]}-${m[4]}` });
    else if (m[7]) refs.push({ kind: 'dayMonth', month: month(m[8]!), day: Number(m[7]) });
    else if (m[9]) refs.push({ kind: 'monthYear', month: month(m[9]), year: Number(m[10]) });
    else if (m[11]) refs.push({ kind: 'month', month: month(m[11]) });
    else if (m[12]) refs.push({ kind: 'week', week: Number(m[12]) });
    // "Budgetvejledning 2022" and "SKI 02.19 fra 2019" name documents (the source of the driftsbidrag, a
    // framework contract), not days of the demo.
    else if (m[13]) refs.push({ kind: 'year', year: Number(m[13]), document: /(budget\S*|SKI 02\.19 fra) $/i.test(text.slice(0, m.index)) });
    else if (m[14] && m[14] !== '24/7') refs.push({ kind: 'slash', text: m[14] });
    else if (m[15]) refs.push({ kind: 'shortYear', text: m[15] });
  }
  return refs;
}

const plus = (date: string, days: number) => DateTime.fromISO(date).plus({ days }).toISODate()!;
const daysOfMonth = (year: number, month: number) => Array.from({ length: DateTime.local(year, month).daysInMonth! }, (_, i) => DateTime.local(year, month, i + 1).toISODate()!);

/** Whether `later` is what `earlier` says once every date has moved by `APART` days. */
function movedTogether(earlier: DateRef, later: DateRef): boolean {
  if (earlier.kind !== later.kind) return false;
  switch (earlier.kind) {
    case 'date':
      return plus(earlier.date, APART) === (later as typeof earlier).date;
    case 'monthYear': {
      const l = later as typeof earlier;
      return daysOfMonth(earlier.year, earlier.month).some((d) => plus(d, APART).startsWith(`${l.year}-${String(l.month).padStart(2, '0')}`));
    }
    case 'dayMonth': {
      const l = later as typeof earlier;
      return [2023, 2024].some((y) => {
        const moved = DateTime.local(y, earlier.month, earlier.day).plus({ days: APART });
        return moved.month === l.month && moved.day === l.day;
      });
    }
    case 'month': {
      const l = later as typeof earlier;
      return [2023, 2024].some((y) => daysOfMonth(y, earlier.month).some((d) => DateTime.fromISO(plus(d, APART)).month === l.month));
    }
    case 'week':
      return true; // checked against the milestone's own date below
    case 'year': {
      const l = later as typeof earlier;
      return earlier.document ? l.year === earlier.year : l.year === earlier.year + 1 || l.year === earlier.year + 2;
    }
    case 'slash':
    case 'shortYear':
      return false; // "7/5" and "'24" cannot be told apart from an unmoved date
  }
}

interface Shown {
  readonly portfolio: PortfolioOverview;
  readonly meetings: Meeting[];
  readonly evaluations: (Evaluation & { result: EvaluationResult })[];
  readonly events: EventView[];
  readonly today: string;
}

/** Every text the app shows for the demo data, keyed by where it is shown (meetings by order, as their ids name their day). */
function texts(shown: Shown): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of shown.portfolio.solutions) {
    out.set(`solution ${row.solution.id} description`, row.solution.description);
    for (const m of row.solution.milestones) out.set(`solution ${row.solution.id} milestone ${m.id}`, m.title);
  }
  for (const t of shown.portfolio.tasks) {
    out.set(`task ${t.id} title`, t.title);
    out.set(`task ${t.id} description`, t.description);
  }
  for (const a of shown.portfolio.agreements) out.set(`agreement ${a.id} title`, a.title);
  for (const e of shown.events) {
    out.set(`event ${e.id} title`, e.title);
    out.set(`event ${e.id} description`, e.description ?? '');
  }
  shown.meetings.forEach((m, i) => {
    out.set(`meeting #${i} title`, m.title);
    m.agenda.forEach((a, j) => out.set(`meeting #${i} agenda ${j}`, a.title));
  });
  // Comments come in alphabetical order, which a moved date can change: they are keyed by their words.
  const words = (c: string) => c.replace(new RegExp(`\\d+|\\b(${M})\\b`, 'gi'), '');
  shown.evaluations.forEach((e, i) => e.result.comments.forEach((c) => out.set(`evaluation #${i} comment "${words(c)}"`, c)));
  return out;
}

async function read(app: TabApp): Promise<Shown> {
  const get = async <T,>(path: string): Promise<T> => {
    const res = await fetch(`${app.baseUrl}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const portfolio = await get<PortfolioOverview>('/api/portfolio');
  const { meetings, today } = await get<{ meetings: Meeting[]; today: string }>('/api/meetings');
  const { evaluations } = await get<{ evaluations: Evaluation[] }>('/api/evaluations');
  const withResults = await Promise.all(evaluations.map(async (e) => ({ ...e, result: await get<EvaluationResult>(`/api/evaluations/${e.id}/results`) })));
  const byMeeting = (x: { meetingId: string }) => meetings.findIndex((m) => m.id === x.meetingId);
  const { events } = await get<{ events: EventView[] }>('/api/events');
  return { portfolio, today, events, meetings: [...meetings].sort((a, b) => a.date.localeCompare(b.date)), evaluations: withResults.sort((a, b) => byMeeting(a) - byMeeting(b)) };
}

let a: TabApp;
let b: TabApp;
let shownA: Shown;
let shownB: Shown;

beforeAll(async () => {
  a = await startTabApp({ now: AT_A });
  b = await startTabApp({ now: AT_B });
  [shownA, shownB] = await Promise.all([read(a), read(b)]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('one demo moment: the dates in demo texts move with the data', () => {
  it('shows the same texts at both moments, every date in them moved by the same 371 days as the data', () => {
    const [textsA, textsB] = [texts(shownA), texts(shownB)];
    expect([...textsB.keys()].sort()).toEqual([...textsA.keys()].sort());
    const wrong: string[] = [];
    let dated = 0;
    for (const [where, textA] of textsA) {
      const textB = textsB.get(where)!;
      const [refsA, refsB] = [dateRefs(textA), dateRefs(textB)];
      dated += refsA.length;
      if (refsA.length !== refsB.length || refsA.some((r, i) => !movedTogether(r, refsB[i]!))) wrong.push(`${where}: "${textA}" / "${textB}"`);
    }
    expect(wrong).toEqual([]);
    expect(dated).toBeGreaterThan(60);
    // A season with a year ("efteråret 2023") cannot move by whole weeks and stay true.
    expect([...textsA.values()].filter((text) => /\b(forår|sommer|efterår|vinter)\w* \d{4}/i.test(text))).toEqual([]);
  });

  it('says the data\'s own dates: meeting titles name the meeting\'s month, VALG\'s election day is its milestone, a week is its milestone\'s week', () => {
    for (const m of shownA.meetings) {
      const month = `${MONTHS[Number(m.date.slice(5, 7)) - 1]} ${m.date.slice(0, 4)}`;
      expect(m.title, m.id).toMatch(new RegExp(`^Programledermøde ${month}( \\(gentagelse\\))?$`));
      expect(m.id).toBe(`pl-${m.date}`);
    }
    const valg = shownA.portfolio.solutions.find((r) => r.solution.id === 'valg')!.solution;
    const electionDay = valg.milestones.find((m) => m.id === 'valgdag')!.date;
    const general = valg.milestones.find((m) => m.id === 'folketingsvalg')!.date;
    const named = dateRefs(valg.description).filter((r) => r.kind === 'date').map((r) => (r as { date: string }).date);
    expect(named).toEqual([electionDay, general]);
    // The election is 19 days after the October 2025 deck, which is the demo's today for VALG.
    expect(DateTime.fromISO(electionDay).diff(DateTime.fromISO(shownA.today), 'days').days).toBe(19);
    for (const row of shownA.portfolio.solutions) {
      for (const m of row.solution.milestones) {
        for (const ref of dateRefs(m.title)) if (ref.kind === 'week') expect(ref.week, m.title).toBe(DateTime.fromISO(m.date).weekNumber);
      }
    }
    const kle = shownA.portfolio.tasks.find((t) => t.id === 'task-dubu-kle-dataafgraensning')!;
    expect(dateRefs(kle.description)).toEqual([{ kind: 'date', date: kle.deadline }]);
  });

  it('gives the open evaluation to the latest meeting held by today, and evaluates no meeting still to come', () => {
    const held = shownA.meetings.filter((m) => m.date <= shownA.today);
    const open = shownA.evaluations.filter((e) => e.state === 'open');
    expect(open.map((e) => e.meetingId)).toEqual([held.at(-1)!.id]);
    expect(open[0]!.result.responseCount).toBe(27);
    expect(shownA.evaluations.every((e) => held.some((m) => m.id === e.meetingId))).toBe(true);
    expect(shownA.evaluations.every((e) => e.startedAt <= new Date(AT_A).toISOString())).toBe(true);
    const upcoming = shownA.meetings.filter((m) => m.date > shownA.today);
    expect(upcoming.map((m) => m.title)).toEqual([`Programledermøde ${MONTHS[Number(upcoming[0]!.date.slice(5, 7)) - 1]} ${upcoming[0]!.date.slice(0, 4)}`]);
  });

  it('marks estimated status splits "ca." and older statuses "pr. <dato>" for the user', () => {
    const task = (id: string) => shownA.portfolio.tasks.find((t) => t.id === id)!;
    expect(task('task-dubu-hypercare').description).toContain('Demo: fordelingen (ca. 52 fuldført, 38 påbegyndt, 8 ikke påbegyndt) er anslået til demoen; decket giver ingen tal.');
    const gdprDay = DateTime.fromISO('2021-04-27').plus({ days: DateTime.fromISO(task('task-gdpr-revisionserklaeringer').deadline).diff(DateTime.fromISO('2021-04-29'), 'days').days });
    expect(task('task-gdpr-revisionserklaeringer').description).toContain(`Status pr. ${gdprDay.toFormat('dd-MM-yyyy')} (programledermødet): 58 fuldført, 5 påbegyndt, 35 ikke påbegyndt.`);
    // Counts from the solution's own moment need no date: they are today's; its start date is the demo's guess.
    expect(task('task-sundhedsagent-forvaltningsansvar').description).not.toMatch(/Status pr\.|fordelingen/);
    expect(task('task-sundhedsagent-forvaltningsansvar').description).toMatch(/Demo: startdatoen står ikke i decket og er anslået\.$/);
    expect(task('task-valg-ean-nummer').description).toMatch(/Demo: startdatoen og fristen står ikke i decket og er anslået\.$/);
    expect(task('task-dubu-evaluer-arbejdsgange').description).toMatch(/Demo: typen står ikke i decket og er anslået\.$/);
    const description = (id: string) => shownA.portfolio.solutions.find((r) => r.solution.id === id)!.solution.description;
    expect(description('sundhedsagenten')).toContain('ca. 65 kommuner mangler at underskrive');
    expect(description('eessi')).toContain('ca. 18 kommuner');
    // A status the decks do not give is the demo's, and says so; one they give does not.
    expect(description('kp')).toMatch(/Demo: status \(Følger planen\) er illustrativ; decket angiver ingen\.$/);
    expect(description('valg')).not.toContain('illustrativ');
    expect(description('flis')).toMatch(/Tilslutningsaftalen pr\. \d{1,2}\. \S+ \d{4}: 72 ja, 8 nej tak, 3 ja med forbehold/);
  });
});

describe('the program-leader workshop from the June 2023 deck', () => {
  it('names its own day and sign-up deadline, keeps its weekday, and is open for sign-up at the demo moment', () => {
    const [workshop] = shownA.events;
    expect(shownA.events).toHaveLength(1);
    expect(workshop).toMatchObject({ kind: 'workshop', title: 'Programleder-workshop: Den nye programlederrolle', capacity: 20, state: 'announced', confirmed: 0 });
    const day = DateTime.fromISO(workshop!.startsAt, { zone: 'Europe/Copenhagen' });
    const deadline = DateTime.fromISO(workshop!.signupDeadline, { zone: 'Europe/Copenhagen' });
    // 19 September 2023 was a Tuesday, 30 June 2023 a Friday; both moved by whole weeks from the deck's 22 June.
    expect([day.weekdayLong, day.toFormat('HH:mm'), deadline.weekdayLong, deadline.toFormat('HH:mm')]).toEqual(['Tuesday', '09:30', 'Friday', '23:59']);
    expect(dateRefs(workshop!.description!)).toEqual([
      { kind: 'dayMonth', month: day.month, day: day.day },
      { kind: 'dayMonth', month: deadline.month, day: deadline.day },
    ]);
    expect(workshop!.description).toContain('15–20 programledere');
    expect(workshop!.description).toContain('Skriv til programleder@kombit.dk inden');
    expect(deadline.diff(DateTime.fromISO(shownA.today), 'days').days).toBeGreaterThan(0);
  });
});

describe('the budget line as the April 2021 deck shows it', () => {
  it('gives the guide\'s total 174,84 kr. pr. borger for 2022 with its source, several prices per solution, the knækmodel and CRP', () => {
    expect(shownA.portfolio.budget).toEqual({
      year: 2022,
      totalPerCitizen: 174.84,
      buffer: 10,
      otherTotals: [
        { amount: 2.2, basis: 'kr. pr. bygning på over 10 m² og boligenhed' },
        { amount: 0.41, basis: 'kr. pr. adresse' },
        { amount: 86, basis: 'kr. pr. skolebarn' },
        { amount: 46, basis: 'kr. pr. barn i daginstitution' },
      ],
      source: 'Budgetvejledning 2022: 6-1 sektorskrivelse vedr. administration og IT',
    });
    const cost = (id: string) => shownA.portfolio.solutions.find((r) => r.solution.id === id)!.solution.operatingCost;
    expect(cost('aula')).toEqual({ label: 'skole', amount: 86, basis: 'kr. pr. skolebarn', year: 2022, more: [{ label: 'dagtilbud', amount: 46, basis: 'kr. pr. barn i daginstitution' }] });
    expect(cost('fki')).toEqual({ label: 'grundbetaling', amount: 25, basis: 'kr. pr. borger', year: 2022, kneeModel: true, more: [{ label: 'buffetpris', amount: 4.93, basis: 'kr. pr. borger' }] });
    expect(cost('crp')).toEqual({ amount: 0.48, basis: 'kr. pr. borger', year: 2022 });
    expect(cost('sapa')).toMatchObject({ amount: 15.58, kneeModel: true });
    expect(cost('flis')).not.toHaveProperty('kneeModel');
    // The deck says "pr. borger"; "indbygger" is nowhere.
    expect(JSON.stringify(shownA.portfolio)).not.toContain('indbygger');
    // The deck's per-borger items do not add up to its total (see DEMO_BUDGET_LINE): the total is shown as published.
    const perBorger = shownA.portfolio.solutions.flatMap((r) => (r.solution.operatingCost ? [r.solution.operatingCost, ...(r.solution.operatingCost.more ?? [])] : [])).filter((p) => p.basis === 'kr. pr. borger');
    expect(Math.round(perBorger.reduce((sum, p) => sum + p.amount, 0) * 100) / 100).toBe(151.33);
  });
});

describe('agreements the deck gives no deadline', () => {
  it('are "ingen frist", not "hurtigst muligt": only the deck\'s "ASAP" ones are due now', () => {
    const byId = new Map(shownA.portfolio.agreements.map((x) => [x.id, x]));
    for (const id of ['agr-eessi-tilslutning-opdateret', 'agr-dubu-databehandleraftale-instruks']) expect(byId.get(id)).toMatchObject({ deadline: null, daysLeft: null });
    for (const id of ['agr-eessi-tilslutning-opdateret', 'agr-dubu-databehandleraftale-instruks']) expect(byId.get(id)).not.toHaveProperty('noDeadline');
    for (const id of ['agr-flis-tilslutning-2024', 'agr-aula-databehandleraftale-bilag-a', 'agr-fbs-databehandleraftale', 'agr-fbs-allonge-tilslutning']) expect(byId.get(id)).toMatchObject({ deadline: null, noDeadline: true });
  });
});
