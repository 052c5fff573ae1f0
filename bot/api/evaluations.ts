import type { Server } from 'restify';
import type { Authenticator } from '../auth/principal.ts';
import { requireStaff } from '../auth/principal.ts';
import { route, type AppRequest } from '../http/routes.ts';
import { evaluationNotificationId, type EvaluationService } from '../evaluations/evaluationService.ts';
import { responsesCsv, summaryCsv, TooFewResponsesError } from '../evaluations/evaluationResults.ts';
import { MIN_RESPONSES_FOR_RESULTS } from '../evaluations/anonymity.ts';
import { AppError } from '../http/errors.ts';

/**
 * Meeting evaluations: start and close (KOMBIT staff), list, results as JSON (anyone signed in;
 * averages and comments of an open evaluation only for staff or with live results) and as CSV
 * for Excel (staff).
 */
export function registerEvaluationRoutes(server: Server, deps: { service: EvaluationService; authenticator: Authenticator }): void {
  const { service, authenticator } = deps;
  const who = (req: AppRequest) => authenticator.authenticate(req);

  server.get('/api/evaluations', route(async (req) => {
    await who(req);
    const meetingId = typeof req.query?.meetingId === 'string' ? req.query.meetingId : undefined;
    return { evaluations: (await service.list(meetingId)).map((e) => ({ ...e, notificationId: evaluationNotificationId(e.id) })) };
  }));

  server.post('/api/evaluations', route(async (req, res) => {
    const { evaluation, targets } = await service.start(req.body ?? {}, await who(req));
    res.send(201, { evaluation, notificationId: evaluationNotificationId(evaluation.id), targets });
  }));

  server.get('/api/evaluations/:id', route(async (req) => {
    await who(req);
    return { evaluation: await service.get(req.params.id) };
  }));

  server.post('/api/evaluations/:id/close', route(async (req) => {
    const { evaluation, closedNow } = await service.close(req.params.id, await who(req));
    return { evaluation, closedNow };
  }));

  server.get('/api/evaluations/:id/results', route(async (req) => {
    const principal = await who(req);
    return (await service.results(req.params.id, principal.role === 'kombit')).results;
  }));

  // One row per response (default), or `?view=summary` for one row per statement with averages.
  server.get('/api/evaluations/:id/results.csv', route(async (req, res) => {
    requireStaff(await who(req));
    const { evaluation, meeting, responses, results } = await service.results(req.params.id, true);
    const summary = req.query?.view === 'summary';
    let csv: string;
    try {
      csv = summary ? summaryCsv(results) : responsesCsv(evaluation, meeting, responses);
    } catch (error) {
      if (!(error instanceof TooFewResponsesError)) throw error;
      throw new AppError(409, 'TooFewResponses', `Evalueringen har ${error.responseCount} svar. Svarene kan først hentes enkeltvis, når mindst ${MIN_RESPONSES_FOR_RESULTS} har svaret, så ingen kan genkendes. Hent resuméet (?view=summary) for antallet.`);
    }
    const body = Buffer.from(csv, 'utf8');
    const name = `evaluering-${evaluation.meetingId.replace(/[^a-zA-Z0-9-]/g, '')}${summary ? '-resume' : ''}.csv`;
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'content-length': String(body.length) });
    res.end(body);
  }));
}
