import { describe, expect, it } from 'vitest';
import { parseOrThrow, ValidationError } from '../bot/domain/validation.ts';
import { newKlikTaskSchema, statusChangeSchema, taskProgress, klikTaskPatchSchema } from '../bot/domain/klikTask.ts';
import { newAgreementSchema, signatureProgress } from '../bot/domain/agreement.ts';
import { solutionSchema } from '../bot/domain/solution.ts';
import { MUNICIPALITIES, matchMunicipality, municipalityByEmail, officialName, REGIONS } from '../bot/domain/municipality.ts';
import { answersSchema, DEFAULT_QUESTIONS, summarise } from '../bot/domain/evaluation.ts';
import { daysUntil, instantAt, ManualClock, todayIn } from '../bot/domain/time.ts';
import { formatDate, formatDaysLeft, formatKroner, formatLongDate } from '../bot/domain/language.ts';

const validTask = {
  solutionId: 'sygesikring',
  title: 'Indmeld modtager/-e af GDPR-revisionserklæringer',
  type: 'Obligatorisk',
  startDate: '2024-02-01',
  deadline: '2024-03-01',
  responsibleRole: 'programleder',
};

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('domain validation names the bad field', () => {
  it('accepts a task with the Danish type label and stores the id', () => {
    expect(parseOrThrow(newKlikTaskSchema, validTask).type).toBe('mandatory');
    expect(parseOrThrow(newKlikTaskSchema, { ...validTask, type: 'obligatorisk pa kritisk vej' }).type).toBe('criticalPath');
  });

  it('refuses a deadline before the start date', () => {
    const issues = issuesOf(() => parseOrThrow(newKlikTaskSchema, { ...validTask, deadline: '2024-01-15' }));
    expect(issues).toEqual([{ field: 'deadline', message: 'fristen må ikke ligge før startdatoen' }]);
  });

  it('refuses an unknown task type', () => {
    const issues = issuesOf(() => parseOrThrow(newKlikTaskSchema, { ...validTask, type: 'Valgfri' }));
    expect(issues).toEqual([{ field: 'type', message: 'skal være Obligatorisk på kritisk vej, Obligatorisk eller Anbefalet' }]);
  });

  it('refuses a municipality code that does not exist', () => {
    const issues = issuesOf(() => parseOrThrow(statusChangeSchema, { municipalityCode: '999', status: 'Fuldført' }));
    expect(issues).toEqual([{ field: 'municipalityCode', message: 'er ikke en kendt kommunekode' }]);
  });

  it('reports every bad field at once, in Danish', () => {
    const issues = issuesOf(() => parseOrThrow(newKlikTaskSchema, { solutionId: 'aula', type: 'x', startDate: '2024-02-30', deadline: 'i morgen' }));
    const fields = issues.map((i) => i.field).sort();
    expect(fields).toEqual(['deadline', 'responsibleRole', 'startDate', 'title', 'type']);
    expect(issues.find((i) => i.field === 'title')?.message).toBe('skal udfyldes');
    expect(issues.find((i) => i.field === 'startDate')?.message).toBe('er ikke en gyldig dato');
  });

  it('takes a date typed as dd-mm-åååå and stores it as yyyy-mm-dd; a day that does not exist is named a wrong date', () => {
    expect(parseOrThrow(newKlikTaskSchema, { ...validTask, startDate: '01-02-2024', deadline: '1.3.2024' })).toMatchObject({ startDate: '2024-02-01', deadline: '2024-03-01' });
    expect(issuesOf(() => parseOrThrow(newKlikTaskSchema, { ...validTask, deadline: '31-02-2026' }))).toEqual([{ field: 'deadline', message: 'er ikke en gyldig dato' }]);
    expect(issuesOf(() => parseOrThrow(newKlikTaskSchema, { ...validTask, deadline: '02/31/2026' }))).toEqual([{ field: 'deadline', message: 'skal være en dato på formen dd-mm-åååå, fx 31-03-2026' }]);
  });

  it('refuses unknown fields in a change', () => {
    const issues = issuesOf(() => parseOrThrow(klikTaskPatchSchema, { deadlin: '2024-03-01' }));
    expect(issues[0]?.message).toContain('ukendte felter');
  });

  it('refuses an agreement deadline before it was sent, and accepts "hurtigst muligt" as null', () => {
    const base = { solutionId: 'gateway', kind: 'connection', title: 'Tilslutningsaftale', sentDate: '2023-03-01' };
    expect(parseOrThrow(newAgreementSchema, { ...base, deadline: null }).deadline).toBeNull();
    expect(issuesOf(() => parseOrThrow(newAgreementSchema, { ...base, deadline: '2023-02-01' }))[0]?.field).toBe('deadline');
  });

  it('refuses evaluation answers off the scale or missing', () => {
    const schema = answersSchema(DEFAULT_QUESTIONS);
    const issues = issuesOf(() => parseOrThrow(schema, { q1: 4, q2: 6, q3: 0 }));
    expect(issues.map((i) => i.field).sort()).toEqual(['q2', 'q3', 'q4']);
  });
});

describe('municipalities', () => {
  it('has all 98 with unique 3-digit codes in the five regions', () => {
    expect(MUNICIPALITIES).toHaveLength(98);
    expect(new Set(MUNICIPALITIES.map((m) => m.code)).size).toBe(98);
    expect(MUNICIPALITIES.every((m) => /^\d{3}$/.test(m.code) && REGIONS.includes(m.region))).toBe(true);
  });

  it('finds a municipality by name without accents, by code, and asks when ambiguous', () => {
    expect(matchMunicipality('lyngby taarbaek')).toMatchObject({ kind: 'exact', municipality: { code: '173' } });
    expect(matchMunicipality('Kommune Lyngby-Taarbæk')).toMatchObject({ kind: 'exact', municipality: { name: 'Lyngby-Taarbæk' } });
    expect(matchMunicipality('751')).toMatchObject({ kind: 'exact', municipality: { name: 'Aarhus' } });
    expect(matchMunicipality('Hedenstd')).toMatchObject({ kind: 'exact', municipality: { name: 'Hedensted' } });
    const ambiguous = matchMunicipality('Frederiks');
    expect(ambiguous.kind).toBe('ambiguous');
    expect(matchMunicipality('Atlantis').kind).toBe('none');
  });

  it('takes the Danish words for closed lists as well as the ids, and names the Danish words when refusing', () => {
    expect(parseOrThrow(solutionSchema, { id: 'ny', name: 'Ny', phase: 'Drift', status: 'Forsinket' })).toMatchObject({ phase: 'operation', status: 'delayed' });
    expect(parseOrThrow(newAgreementSchema, { solutionId: 'gateway', kind: 'databehandleraftale', title: 'T', deadline: null, signingChannel: 'Underskrives i Addo' })).toMatchObject({ kind: 'dataProcessing', signingChannel: 'addo' });
    try {
      parseOrThrow(solutionSchema, { id: 'ny', name: 'Ny', phase: 'i drift', status: 'onTrack' });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([{ field: 'phase', message: 'skal være Analyse, Udbud, Udvikling, Udrulning og ibrugtagning, Drift eller Udfasning' }]);
    }
  });

  it('knows the official names, as KOMBIT writes them, and finds a municipality by them', () => {
    const name = (code: string) => officialName(MUNICIPALITIES.find((m) => m.code === code)!);
    expect(['101', '400', '751', '173'].map(name)).toEqual(['Københavns Kommune', 'Bornholms Regionskommune', 'Aarhus Kommune', 'Lyngby-Taarbæk Kommune']);
    expect(matchMunicipality('Københavns Kommune')).toMatchObject({ kind: 'exact', municipality: { code: '101' } });
    expect(matchMunicipality('bornholms regionskommune')).toMatchObject({ kind: 'exact', municipality: { code: '400' } });
    expect(matchMunicipality('Bornholm Kommune')).toMatchObject({ kind: 'exact', municipality: { code: '400' } });
  });

  it('proposes a municipality from an e-mail domain', () => {
    expect(municipalityByEmail('anna@kk.dk')?.name).toBe('København');
    expect(municipalityByEmail('bo@aarhus.dk')?.name).toBe('Aarhus');
    expect(municipalityByEmail('c@kombit.dk')).toBeUndefined();
  });
});

describe('Danish time and formatting', () => {
  it('reckons today in Copenhagen, not UTC', () => {
    expect(todayIn(new ManualClock('2024-03-31T22:30:00Z'))).toBe('2024-04-01');
    expect(todayIn(new ManualClock('2024-01-31T22:30:00Z'))).toBe('2024-01-31');
  });

  it('counts calendar days across a daylight-saving change', () => {
    expect(daysUntil('2024-04-02', new ManualClock('2024-03-30T12:00:00Z'))).toBe(3);
    expect(daysUntil('2024-03-28', new ManualClock('2024-03-30T12:00:00Z'))).toBe(-2);
    expect(instantAt('2024-03-31', '08:00').toISOString()).toBe('2024-03-31T06:00:00.000Z');
    expect(instantAt('2024-03-30', '08:00').toISOString()).toBe('2024-03-30T07:00:00.000Z');
  });

  it('formats dates, money and days left as Danish users read them', () => {
    expect(formatDate('2023-11-28')).toBe('28-11-2023');
    expect(formatLongDate('2023-11-28')).toBe('28. november 2023');
    expect(formatKroner(4.7)).toBe('4,70 kr.');
    expect(formatDaysLeft(5)).toBe('om 5 dage');
    expect(formatDaysLeft(-3)).toBe('overskredet med 3 dage');
    expect(formatDaysLeft(5, 'en')).toBe('in 5 days');
  });

  it('shows an instant on its Danish calendar day, with the same formatter the tab bundles', async () => {
    // 00:46 in Copenhagen on 23 November is still 22 November in UTC.
    expect(formatDate('2026-11-22T23:46:00.000Z')).toBe('23-11-2026');
    expect(formatDate('2026-07-01T22:30:00.000Z', 'en')).toBe('02/07/2026');
    const tab = await import('../tabs/src/format.ts');
    expect(tab.formatDate).toBe(formatDate);
    expect(tab.formatKroner(174.84, 'da')).toBe('174,84 kr.');
  });
});

describe('progress over the 98', () => {
  it('counts municipalities without a status as not started', () => {
    const statuses = [
      { taskId: 't', municipalityCode: '101', status: 'done' as const },
      { taskId: 't', municipalityCode: '147', status: 'started' as const },
    ];
    expect(taskProgress(statuses)).toEqual({ done: 1, started: 1, notStarted: 96, total: 98 });
  });

  it('counts signed with reservations as signed', () => {
    const s = (code: string, state: 'signed' | 'signedWithReservations' | 'declined') => ({ agreementId: 'a', municipalityCode: code, state, selfReported: false });
    expect(signatureProgress([s('101', 'signed'), s('147', 'signedWithReservations'), s('151', 'declined')])).toEqual({ signed: 2, declined: 1, missing: 95, total: 98 });
  });

  it('summarises answers per statement without naming anyone', () => {
    const r = (a: number) => ({ evaluationId: 'e', respondentHash: String(a), answers: { q1: a, q2: a, q3: a, q4: a }, submittedAt: '' });
    const [first] = summarise(DEFAULT_QUESTIONS, [r(4), r(5), r(3)]);
    expect(first).toEqual({ questionId: 'q1', text: 'Dagens oplæg var relevante for mig', average: 4, distribution: [0, 0, 1, 1, 1] });
  });
});
