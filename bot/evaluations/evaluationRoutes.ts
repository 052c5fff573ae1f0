import type { RouteSpec } from '../capability.ts';
import type { Repositories } from '../storage/repositories.ts';
import { Conflict } from '../domain/errors.ts';
import { evaluationNotificationId, type EvaluationService } from './evaluationService.ts';
import { responsesCsv, summaryCsv, TooFewResponsesError } from './evaluationResults.ts';
import { evaluationResults } from './resultsView.ts';
import { MIN_RESPONSES_FOR_RESULTS } from './anonymity.ts';

/**
 * Meeting evaluations: start and close (KOMBIT staff, authorised in the service), list, results as
 * JSON (anyone signed in; averages and comments of an open evaluation only for staff or with live
 * results) and as CSV for Excel (staff).
 */
export function evaluationRoutes(service: EvaluationService, repos: Repositories): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/evaluations',
      access: 'signedIn',
      handle: async (req) => {
        const meetingId = typeof req.query?.meetingId === 'string' ? req.query.meetingId : undefined;
        return { evaluations: (await service.list(meetingId)).map((e) => ({ ...e, notificationId: evaluationNotificationId(e.id) })) };
      },
    },
    {
      method: 'post',
      path: '/api/evaluations',
      access: 'signedIn',
      handle: async (req, res, principal) => {
        const { evaluation, targets } = await service.start(req.body ?? {}, principal);
        res.send(201, { evaluation, notificationId: evaluationNotificationId(evaluation.id), targets });
      },
    },
    { method: 'get', path: '/api/evaluations/:id', access: 'signedIn', handle: async (req) => ({ evaluation: await service.get(req.params.id) }) },
    {
      method: 'post',
      path: '/api/evaluations/:id/close',
      access: 'signedIn',
      handle: async (req, _res, principal) => {
        const { evaluation, closedNow } = await service.close(req.params.id, principal);
        return { evaluation, closedNow };
      },
    },
    {
      method: 'get',
      path: '/api/evaluations/:id/results',
      access: 'signedIn',
      handle: async (req, _res, principal) => (await service.results(req.params.id, principal.role === 'kombit')).results,
    },
    {
      // One row per response (default), or `?view=summary` for one row per statement with averages.
      method: 'get',
      path: '/api/evaluations/:id/results.csv',
      access: 'staff',
      handle: async (req, res) => {
        const { evaluation, meeting, responses, results } = await service.results(req.params.id, true);
        const summary = req.query?.view === 'summary';
        let csv: string;
        try {
          csv = summary ? summaryCsv(results) : responsesCsv(evaluation, meeting, responses);
        } catch (error) {
          if (!(error instanceof TooFewResponsesError)) throw error;
          throw new Conflict('TooFewResponses', `Evalueringen har ${error.responseCount} svar. Svarene kan først hentes enkeltvis, når mindst ${MIN_RESPONSES_FOR_RESULTS} har svaret, så ingen kan genkendes. Hent resuméet (?view=summary) for antallet.`);
        }
        const body = Buffer.from(csv, 'utf8');
        const name = `evaluering-${evaluation.meetingId.replace(/[^a-zA-Z0-9-]/g, '')}${summary ? '-resume' : ''}.csv`;
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'content-length': String(body.length) });
        res.end(body);
      },
    },
    // Every evaluation with what the caller may see of it, for the tab's results view.
    { method: 'get', path: '/api/evaluation-results', access: 'signedIn', handle: async (_req, _res, principal) => evaluationResults(repos, principal) },
  ];
}
