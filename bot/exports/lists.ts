import { AGREEMENT_KIND_LABELS, PHASE_LABELS, SIGNATURE_STATE_LABELS, SOLUTION_STATUS_LABELS, TASK_STATUS_LABELS, TASK_TYPE_LABELS } from '../domain/labels.ts';
import { danishDateOf } from '../domain/time.ts';
import type { SignatureList } from '../agreements/signatureList.ts';
import type { TaskStatusList } from '../klikTasks/taskStatusList.ts';
import { isSent } from '../domain/agreement.ts';
import type { PortfolioOverview } from '../api/portfolio.ts';
import type { EvaluationResult } from '../evaluations/resultsView.ts';
import type { ExportTable } from './table.ts';

/**
 * The tab's lists as tables for CSV/XLSX: what the views show, with the labels they show (in
 * Danish, as the sheets are shared inside KOMBIT), one row per solution, task or agreement.
 */

/** Porteføljeoversigt: one row per solution. */
export function portfolioTable(overview: PortfolioOverview): ExportTable {
  const header = ['Løsning', 'Fase', 'Status', 'Næste milepæl', 'Milepælsdato', 'Åbne KLIK-opgaver', 'Aftaler til underskrift', 'Driftsbidrag (kr.)', 'Driftsbidrag pr.', 'Driftsbidrag år', 'Kontakt', 'Kontaktens e-mail'];
  const rows = overview.solutions.map(({ solution: s, nextMilestone, openTasks, agreementsAwaiting }) => [
    s.name,
    PHASE_LABELS[s.phase].da,
    SOLUTION_STATUS_LABELS[s.status].da,
    nextMilestone?.title,
    nextMilestone ? { date: nextMilestone.date } : null,
    openTasks,
    agreementsAwaiting,
    s.operatingCost ? { number: s.operatingCost.amount, decimals: 2 } : null,
    s.operatingCost?.basis,
    s.operatingCost?.year,
    s.contact?.name,
    s.contact?.email,
  ]);
  return { sheet: 'Portefølje', header, rows };
}

/** KLIK-opgaver: one row per task with the counts over the 98 municipalities, earliest deadline first. */
export function klikTasksTable(overview: PortfolioOverview): ExportTable {
  const names = new Map(overview.solutions.map((r) => [r.solution.id, r.solution.name]));
  const header = ['Løsning', 'Opgave', 'Type', 'Rolle', 'Startdato', 'Frist', 'Fuldført', 'Påbegyndt', 'Ikke påbegyndt', 'KLIK-link'];
  const rows = [...overview.tasks]
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.title.localeCompare(b.title, 'da'))
    .map((t) => [names.get(t.solutionId) ?? t.solutionId, t.title, TASK_TYPE_LABELS[t.type].da, t.responsibleRole, { date: t.startDate }, { date: t.deadline }, t.progress.done, t.progress.started, t.progress.notStarted, t.klikUrl]);
  return { sheet: 'KLIK-opgaver', header, rows };
}

/**
 * Aftaler: one row per agreement. One not yet sent asks nobody to sign, so its counts are left
 * empty and its status says so, as in the tab.
 */
export function agreementsTable(overview: PortfolioOverview): ExportTable {
  const names = new Map(overview.solutions.map((r) => [r.solution.id, r.solution.name]));
  const header = ['Løsning', 'Aftale', 'Type', 'Sendt', 'Frist', 'Underskrevet', 'Takket nej', 'Mangler', 'Status'];
  const rows = [...overview.agreements]
    .sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.title.localeCompare(b.title, 'da'))
    .map((a) => {
      const sent = isSent(a, overview.today);
      return [
        names.get(a.solutionId) ?? a.solutionId,
        a.title,
        AGREEMENT_KIND_LABELS[a.kind].da,
        a.sentDate ? { date: a.sentDate } : null,
        a.deadline ? { date: a.deadline } : 'Hurtigst muligt',
        sent ? a.progress.signed : null,
        sent ? a.progress.declined : null,
        sent ? a.progress.missing : null,
        a.closed ? 'Lukket' : sent ? 'Sendt' : 'Ikke sendt endnu',
      ];
    });
  return { sheet: 'Aftaler', header, rows };
}

/**
 * Evalueringer across meetings: one row per meeting and statement (stackable in a pivot), with
 * responses, participants and rate. Averages only where the tab shows them (the anonymity rule).
 */
export function evaluationsTable(evaluations: readonly EvaluationResult[]): ExportTable {
  const header = ['Møde', 'Dato', 'Status', 'Besvarelser', 'Deltagere', 'Svarprocent', 'Udsagn', 'Gennemsnit'];
  const rows = evaluations.flatMap((e) =>
    e.questions.map((q, i) => {
      const average = e.summary?.find((s) => s.questionId === q.id)?.average ?? null;
      return [
        e.meeting?.title ?? e.id,
        e.meeting ? { date: e.meeting.date } : null,
        e.state === 'open' ? 'Åben' : 'Lukket',
        e.responseCount,
        e.meeting?.participantCount ?? null,
        e.responseRate === null ? null : { number: e.responseRate * 100, decimals: 1 },
        `${i + 1}. ${q.text}`,
        average === null ? null : { number: average, decimals: 2 },
      ];
    }),
  );
  return { sheet: 'Evalueringer', header, rows };
}

/** One KLIK task's status in each of the 98 municipalities (the lists behind "Hvem har ikke påbegyndt?"), by name. */
export function taskStatusesTable(taskTitle: string, list: TaskStatusList): ExportTable {
  const header = ['Opgave', 'Kommune', 'Kommunekode', 'Region', 'Status', 'Ændret'];
  const rows = list.municipalities.map((m) => [taskTitle, m.name, m.code, m.region, TASK_STATUS_LABELS[m.status].da, m.updatedAt ? { date: danishDateOf(m.updatedAt) } : null]);
  return { sheet: 'Status pr. kommune', header, rows };
}

/**
 * One agreement's answer from each of the 98 municipalities (the list behind "Hvem mangler?"),
 * for staff. An agreement not yet sent asks nobody to sign, so nobody is listed as missing.
 */
export function signaturesTable(agreementTitle: string, sent: boolean, list: SignatureList): ExportTable {
  const header = ['Aftale', 'Kommune', 'Kommunekode', 'Region', 'Status', 'Selvrapporteret'];
  const rows = (list.states ?? []).map((m) => [
    agreementTitle,
    m.name,
    m.code,
    m.region,
    !sent && m.state === 'missing' ? 'Ikke sendt endnu' : SIGNATURE_STATE_LABELS[m.state].da,
    m.selfReported ? 'Ja' : '',
  ]);
  return { sheet: 'Underskrifter', header, rows };
}
