import type { RouteSpec } from '../capability.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { uploadedFile } from '../http/bodies.ts';
import { municipalityCodeSchema } from '../domain/municipality.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { ImportRefused } from '../domain/errors.ts';
import { importSignatures } from './signatureImport.ts';
import { signatureList } from './signatureList.ts';
import { agreementNotificationId, signatureBodySchema, type AgreementService } from './agreementService.ts';

/**
 * Agreements: create, change, send, close, list with progress, and record a municipality's answer.
 * KOMBIT staff do everything; a program leader may only say their own municipality has signed
 * (authorised in the service). `POST /api/agreements/import` takes a sheet of signature statuses,
 * all rows or none.
 */
export function agreementRoutes(deps: { service: AgreementService; repos: Repositories; clock: Clock }): RouteSpec[] {
  const { service } = deps;
  return [
    {
      method: 'get',
      path: '/api/agreements',
      access: 'signedIn',
      handle: async () => ({ agreements: (await service.list()).map((a) => ({ ...a, notificationId: agreementNotificationId(a.id) })) }),
    },
    {
      method: 'post',
      path: '/api/agreements',
      access: 'signedIn',
      handle: async (req, res, principal) => {
        const { agreement, announced } = await service.create(req.body, principal);
        res.send(201, { agreement, announced, notificationId: agreementNotificationId(agreement.id) });
      },
    },
    {
      method: 'get',
      path: '/api/agreements/:id',
      access: 'signedIn',
      handle: async (req, res, principal) => {
        const { agreement, signatures, etag } = await service.get(req.params.id);
        res.header('ETag', etag);
        // Who has signed is KOMBIT's to share: a program leader sees their own answer, and the whole list only where KOMBIT allows it.
        const visible = principal.role === 'kombit' || agreement.showMissingList ? signatures : signatures.filter((s) => s.municipalityCode === principal.municipalityCode);
        res.send(200, { agreement, signatures: visible });
      },
    },
    {
      method: 'patch',
      path: '/api/agreements/:id',
      access: 'signedIn',
      handle: async (req, _res, principal) => {
        const agreement = await service.update(req.params.id, req.body, principal, req.header('if-match') || undefined);
        return { agreement, notificationId: agreementNotificationId(agreement.id) };
      },
    },
    {
      method: 'put',
      path: '/api/agreements/:id/signatures/:kommunekode',
      access: 'signedIn',
      handle: async (req, _res, principal) => {
        const municipalityCode = parseOrThrow(municipalityCodeSchema, req.params.kommunekode);
        const body = parseOrThrow(signatureBodySchema, req.body ?? {});
        const { agreement, changed } = await service.setSignature(req.params.id, { municipalityCode, ...body }, principal);
        return { agreement, changed };
      },
    },
    { method: 'get', path: '/api/agreements/:id/signatures', access: 'signedIn', handle: async (req, _res, principal) => signatureList(deps.repos, req.params.id, principal) },
    {
      // A sheet of signature statuses: multipart field "file", or the raw body with ?filename=. All rows or none.
      method: 'post',
      path: '/api/agreements/import',
      access: 'staff',
      handle: async (req, res, principal) => {
        const result = await importSignatures(await uploadedFile(req, res), principal, { repos: deps.repos, service, clock: deps.clock });
        if (!result.ok) throw new ImportRefused(result.message, result.issues);
        return { imported: result.signatures, agreements: result.agreements };
      },
    },
    {
      method: 'post',
      path: '/api/agreements/:id/send',
      access: 'signedIn',
      handle: async (req, _res, principal) => {
        const { agreement, created } = await service.send(req.params.id, principal);
        return { agreement, sent: created, notificationId: agreementNotificationId(agreement.id) };
      },
    },
    { method: 'post', path: '/api/agreements/:id/close', access: 'signedIn', handle: async (req, _res, principal) => ({ agreement: await service.close(req.params.id, principal) }) },
  ];
}
