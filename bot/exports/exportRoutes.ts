import type { Response } from 'restify';
import type { House, RouteSpec } from '../capability.ts';
import { todayIn } from '../domain/time.ts';
import { Conflict, NotFound, ValidationError } from '../domain/errors.ts';
import { isSent } from '../domain/agreement.ts';
import type { AppRequest } from '../http/routes.ts';
import { portfolioOverview } from '../api/portfolio.ts';
import { evaluationResults as resultsForTab } from '../evaluations/resultsView.ts';
import { evaluationResults, responsesTable, summaryTable, TooFewResponsesError } from '../evaluations/evaluationResults.ts';
import { MIN_RESPONSES_FOR_RESULTS } from '../evaluations/anonymity.ts';
import { taskStatusList } from '../klikTasks/taskStatusList.ts';
import { signatureList } from '../agreements/signatureList.ts';
import { agreementsTable, evaluationsTable, klikTasksTable, portfolioTable, signaturesTable, taskStatusesTable } from './lists.ts';
import { EXPORT_FORMATS, tableCsv, tableXlsx, type ExportFormat, type ExportTable } from './table.ts';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function formatOf(req: AppRequest): ExportFormat {
  const asked = req.query?.format ?? 'csv';
  if (typeof asked === 'string' && (EXPORT_FORMATS as readonly string[]).includes(asked)) return asked as ExportFormat;
  throw new ValidationError([{ field: 'format', message: 'skal være csv eller xlsx' }]);
}

async function sendTable(res: Response, table: ExportTable, format: ExportFormat, baseName: string): Promise<void> {
  const body = format === 'csv' ? Buffer.from(tableCsv(table), 'utf8') : await tableXlsx(table);
  // An ASCII name: the header cannot carry æ, ø, å without RFC 5987 encoding, and Excel shows it as is.
  const name = `${baseName.replace(/[^a-zA-Z0-9-]/g, '')}.${format}`;
  res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${name}"`, 'content-length': String(body.length) });
  res.end(body);
}

const param = (req: AppRequest, name: string): string => String((req.params as Record<string, unknown> | undefined)?.[name] ?? '');

/**
 * Downloads for KOMBIT staff of what the tab shows, as CSV for Danish Excel or as XLSX:
 * `GET /api/exports/{portfolio|klik-tasks|agreements|evaluations}?format=csv|xlsx`; one task's
 * status in each municipality (`/api/exports/klik-tasks/{id}`), one agreement's signatures
 * (`/api/exports/agreements/{id}`), and one evaluation's results
 * (`/api/exports/evaluations/{id}?view=responses|summary`). The tab fetches them with the person's
 * Teams SSO token, as every API call, and saves the answer as a file; a plain link could not carry
 * the token.
 */
export function exportRoutes(house: House): RouteSpec[] {
  const { repos, clock } = house;
  // Each list with the start of its file name.
  const lists: Record<string, { file: string; build(): Promise<ExportTable> }> = {
    portfolio: { file: 'portefolje', build: async () => portfolioTable(await portfolioOverview(repos, clock)) },
    'klik-tasks': { file: 'klik-opgaver', build: async () => klikTasksTable(await portfolioOverview(repos, clock)) },
    agreements: { file: 'aftaler', build: async () => agreementsTable(await portfolioOverview(repos, clock)) },
    evaluations: { file: 'evalueringer', build: async () => evaluationsTable((await resultsForTab(repos, { role: 'kombit' })).evaluations) },
  };
  return [
    {
      method: 'get',
      path: '/api/exports/:list',
      access: 'staff',
      handle: async (req, res) => {
        const format = formatOf(req);
        const name = param(req, 'list');
        const list = Object.hasOwn(lists, name) ? lists[name] : undefined;
        if (!list) throw new NotFound('Listen');
        await sendTable(res, await list.build(), format, `${list.file}-${todayIn(clock)}`);
      },
    },
    {
      method: 'get',
      path: '/api/exports/klik-tasks/:id',
      access: 'staff',
      handle: async (req, res) => {
        const format = formatOf(req);
        const id = param(req, 'id');
        const list = await taskStatusList(repos, id);
        const task = (await repos.klikTasks.get(id))!.value;
        await sendTable(res, taskStatusesTable(task.title, list), format, `klik-opgave-${id}-status`);
      },
    },
    {
      method: 'get',
      path: '/api/exports/agreements/:id',
      access: 'staff',
      handle: async (req, res, principal) => {
        const format = formatOf(req);
        const id = param(req, 'id');
        const list = await signatureList(repos, id, principal);
        const agreement = (await repos.agreements.get(id))!.value;
        await sendTable(res, signaturesTable(agreement.title, isSent(agreement, todayIn(clock)), list), format, `aftale-${id}-underskrifter`);
      },
    },
    {
      method: 'get',
      path: '/api/exports/evaluations/:id',
      access: 'staff',
      handle: async (req, res) => {
        const format = formatOf(req);
        const view = req.query?.view ?? 'responses';
        if (view !== 'responses' && view !== 'summary') throw new ValidationError([{ field: 'view', message: 'skal være responses eller summary' }]);
        const evaluation = (await repos.evaluations.get(param(req, 'id')))?.value;
        if (!evaluation) throw new NotFound('Evalueringen');
        const [meeting, responses] = await Promise.all([repos.meetings.get(evaluation.meetingId), repos.evaluations.responses(evaluation.id)]);
        let table: ExportTable;
        try {
          table = view === 'summary' ? summaryTable(evaluationResults(evaluation, meeting?.value, responses, { reveal: true })) : responsesTable(evaluation, meeting?.value, responses);
        } catch (error) {
          if (!(error instanceof TooFewResponsesError)) throw error;
          throw new Conflict('TooFewResponses', `Evalueringen har ${error.responseCount} svar. Svarene kan først hentes enkeltvis, når mindst ${MIN_RESPONSES_FOR_RESULTS} har svaret, så ingen kan genkendes. Hent resuméet i stedet.`);
        }
        await sendTable(res, table, format, `evaluering-${evaluation.meetingId}${view === 'summary' ? '-resume' : ''}`);
      },
    },
  ];
}
