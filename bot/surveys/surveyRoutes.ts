import type { Response } from 'restify';
import type { RouteSpec } from '../capability.ts';
import { Conflict } from '../domain/errors.ts';
import { ValidationError } from '../domain/validation.ts';
import { MIN_RESPONSES_FOR_RESULTS } from '../domain/anonymity.ts';
import { tableCsv, tableXlsx } from '../exports/table.ts';
import { responseTable, summaryTable, surveyResults, TooFewAnswersError } from './surveyResults.ts';
import type { SurveyService } from './surveyService.ts';

function download(res: Response, body: Buffer, contentType: string, name: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-disposition': `attachment; filename="${name}"`, 'content-length': String(body.length) });
  res.end(body);
}

/**
 * Surveys are KOMBIT staff's: create, change a draft, send, close, remind, and read the results
 * (JSON, `?format=csv`, `?format=xlsx`; `&view=summary` for one row per question). Program
 * leaders answer in the card.
 */
export function surveyRoutes(service: SurveyService): RouteSpec[] {
  // Meeting evaluations of the evaluation API are read as anonymous surveys here, so their results obey the same rule.
  const results = async (id: string) => {
    const { survey, responses } = await service.withAnswers(id);
    return { survey, responses, results: surveyResults(survey, responses) };
  };
  return [
    { method: 'get', path: '/api/surveys', access: 'staff', handle: async () => ({ surveys: await service.list() }) },
    { method: 'get', path: '/api/survey-templates', access: 'staff', handle: async () => ({ templates: await service.templates() }) },
    {
      // The card as Teams will show it, from the bot's own card builder: the tab's live preview.
      method: 'post',
      path: '/api/surveys/preview',
      access: 'staff',
      handle: async (req, _res, principal) => ({ card: await service.preview(req.body, principal) }),
    },
    {
      method: 'post',
      path: '/api/surveys/:id/template',
      access: 'staff',
      handle: async (req, res, principal) => {
        res.send(201, { template: await service.saveTemplate(req.params.id, req.body, principal) });
      },
    },
    {
      method: 'post',
      path: '/api/surveys',
      access: 'staff',
      handle: async (req, res, principal) => {
        res.send(201, { survey: await service.create(req.body, principal) });
      },
    },
    {
      method: 'get',
      path: '/api/surveys/:id',
      access: 'staff',
      handle: async (req) => {
        const found = await service.find(req.params.id);
        if (found) return { survey: found, progress: await service.progress(found) };
        const { survey, responses } = await service.withAnswers(req.params.id);
        return { survey, progress: { answered: responses.length, unit: 'persons' } };
      },
    },
    { method: 'patch', path: '/api/surveys/:id', access: 'staff', handle: async (req, _res, principal) => ({ survey: await service.update(req.params.id, req.body, principal) }) },
    { method: 'post', path: '/api/surveys/:id/send', access: 'staff', handle: async (req, _res, principal) => service.send(req.params.id, principal) },
    { method: 'post', path: '/api/surveys/:id/close', access: 'staff', handle: async (req, _res, principal) => service.close(req.params.id, principal) },
    { method: 'post', path: '/api/surveys/:id/remind', access: 'staff', handle: async (req, _res, principal) => service.remindNow(req.params.id, principal) },
    {
      method: 'get',
      path: '/api/surveys/:id/results',
      access: 'staff',
      handle: async (req, res) => {
        const format = typeof req.query?.format === 'string' ? req.query.format : 'json';
        if (!['json', 'csv', 'xlsx'].includes(format)) throw new ValidationError([{ field: 'format', message: 'skal være json, csv eller xlsx' }]);
        const { survey, responses, results: summary } = await results(req.params.id);
        if (format === 'json') return summary;
        let table;
        try {
          table = req.query?.view === 'summary' ? summaryTable(summary) : responseTable(survey, responses);
        } catch (error) {
          if (!(error instanceof TooFewAnswersError)) throw error;
          throw new Conflict('TooFewResponses', `Spørgeskemaet har ${error.responseCount} svar. Svarene kan først hentes enkeltvis, når mindst ${MIN_RESPONSES_FOR_RESULTS} har svaret, så ingen kan genkendes. Hent resuméet (view=summary) for antallet.`);
        }
        const name = `spoergeskema-${survey.id}${req.query?.view === 'summary' ? '-resume' : ''}`;
        if (format === 'csv') download(res, Buffer.from(tableCsv(table), 'utf8'), 'text/csv; charset=utf-8', `${name}.csv`);
        else download(res, await tableXlsx(table), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`);
      },
    },
  ];
}
