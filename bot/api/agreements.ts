import type { Server } from 'restify';
import { requireStaff, type Authenticator } from '../auth/principal.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { uploadedFile } from '../http/bodies.ts';
import { importSignatures } from '../agreements/signatureImport.ts';
import { municipalityCodeSchema } from '../domain/municipality.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { route, type AppRequest } from '../http/routes.ts';
import { ImportRefused } from '../domain/errors.ts';
import { agreementNotificationId, signatureBodySchema, type AgreementService } from '../agreements/agreementService.ts';

/**
 * Agreements: create, change, send, close, list with progress, and record a municipality's answer.
 * KOMBIT staff do everything; a program leader may only say their own municipality has signed.
 * `POST /api/agreements/import` takes a sheet of signature statuses, all rows or none.
 * Delivery reports are at `GET /api/notifications/{id}/report` (registered with the KLIK routes).
 */
export function registerAgreementRoutes(server: Server, deps: { service: AgreementService; authenticator: Authenticator; repos: Repositories; clock: Clock }): void {
  const { service, authenticator } = deps;
  const who = (req: AppRequest) => authenticator.authenticate(req);

  server.get('/api/agreements', route(async (req) => {
    await who(req);
    return { agreements: (await service.list()).map((a) => ({ ...a, notificationId: agreementNotificationId(a.id) })) };
  }));

  server.post('/api/agreements', route(async (req, res) => {
    const { agreement, announced } = await service.create(req.body, await who(req));
    res.send(201, { agreement, announced, notificationId: agreementNotificationId(agreement.id) });
  }));

  server.get('/api/agreements/:id', route(async (req, res) => {
    const principal = await who(req);
    const { agreement, signatures, etag } = await service.get(req.params.id);
    res.header('ETag', etag);
    // Who has signed is KOMBIT's to share: a program leader sees their own answer, and the whole list only where KOMBIT allows it.
    const visible = principal.role === 'kombit' || agreement.showMissingList ? signatures : signatures.filter((s) => s.municipalityCode === principal.municipalityCode);
    res.send(200, { agreement, signatures: visible });
  }));

  server.patch('/api/agreements/:id', route(async (req) => {
    const principal = await who(req);
    const ifMatch = req.header('if-match') || undefined;
    const agreement = await service.update(req.params.id, req.body, principal, ifMatch);
    return { agreement, notificationId: agreementNotificationId(agreement.id) };
  }));

  server.put('/api/agreements/:id/signatures/:kommunekode', route(async (req) => {
    const principal = await who(req);
    const municipalityCode = parseOrThrow(municipalityCodeSchema, req.params.kommunekode);
    const body = parseOrThrow(signatureBodySchema, req.body ?? {});
    const { agreement, changed } = await service.setSignature(req.params.id, { municipalityCode, ...body }, principal);
    return { agreement, changed };
  }));

  // A sheet of signature statuses: multipart field "file", or the raw body with ?filename=. All rows or none.
  server.post('/api/agreements/import', route(async (req, res) => {
    const principal = await who(req);
    requireStaff(principal);
    const result = await importSignatures(await uploadedFile(req, res), principal, { repos: deps.repos, service, clock: deps.clock });
    if (!result.ok) throw new ImportRefused(result.message, result.issues);
    return { imported: result.signatures, agreements: result.agreements };
  }));

  server.post('/api/agreements/:id/send', route(async (req) => {
    const { agreement, created } = await service.send(req.params.id, await who(req));
    return { agreement, sent: created, notificationId: agreementNotificationId(agreement.id) };
  }));

  server.post('/api/agreements/:id/close', route(async (req) => {
    return { agreement: await service.close(req.params.id, await who(req)) };
  }));
}
