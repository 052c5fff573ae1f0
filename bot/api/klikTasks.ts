import type { Server } from 'restify';
import { z } from 'zod';
import type { Authenticator } from '../auth/principal.ts';
import { requireStaff } from '../auth/principal.ts';
import type { Delivery } from '../notifications/delivery.ts';
import type { KlikTaskService } from '../klikTasks/klikTaskService.ts';
import { taskNotificationId } from '../klikTasks/klikTaskService.ts';
import { municipalityCodeSchema } from '../domain/municipality.ts';
import { taskStatusSchema } from '../domain/klikTask.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { ValidationError } from '../domain/errors.ts';
import { route, type AppRequest } from '../http/routes.ts';
import { uploadedFile } from '../http/bodies.ts';

const statusBody = z.object({ status: taskStatusSchema });
const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'skal være 1-200 synlige ASCII-tegn');

/** The client's `Idempotency-Key` header, if it sent one: the same key on a retry means the same publish. */
function idempotencyKey(req: AppRequest): string | undefined {
  const header = req.header('idempotency-key');
  if (!header) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw new ValidationError([{ field: 'Idempotency-Key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/**
 * KLIK task publishing: create, change, list, set a municipality's status, delivery reports.
 * Writes are authorised here: KOMBIT staff publish; a program leader sets only their own status.
 */
export function registerKlikTaskRoutes(server: Server, deps: { service: KlikTaskService; delivery: Delivery; authenticator: Authenticator }): void {
  const { service, authenticator } = deps;
  const who = (req: AppRequest) => authenticator.authenticate(req);

  server.get('/api/klik-tasks', route(async (req) => {
    await who(req);
    // Each with the id of its card's delivery report (GET /api/notifications/{id}/report).
    return { tasks: (await service.list()).map((t) => ({ ...t, notificationId: taskNotificationId(t.id) })) };
  }));

  server.post('/api/klik-tasks', route(async (req, res) => {
    const principal = await who(req);
    const { task, replayed } = await service.create(req.body, principal, idempotencyKey(req));
    // A retry answers as the first attempt did, so a client that lost the answer can simply send again.
    if (replayed) res.header('Idempotent-Replayed', 'true');
    res.send(201, { task, notificationId: taskNotificationId(task.id) });
  }));

  server.get('/api/klik-tasks/:id', route(async (req, res) => {
    await who(req);
    const { task, etag } = await service.get(req.params.id);
    res.header('ETag', etag);
    res.send(200, { task });
  }));

  server.patch('/api/klik-tasks/:id', route(async (req) => {
    const principal = await who(req);
    const ifMatch = req.header('if-match') || undefined;
    const task = await service.update(req.params.id, req.body, principal, ifMatch);
    return { task, notificationId: taskNotificationId(task.id) };
  }));

  server.put('/api/klik-tasks/:id/statuses/:kommunekode', route(async (req) => {
    const principal = await who(req);
    const code = parseOrThrow(municipalityCodeSchema, req.params.kommunekode);
    const { status } = parseOrThrow(statusBody, req.body);
    return { task: await service.setStatus(req.params.id, code, status, principal) };
  }));

  // The file is read only once the caller is known to be staff: nobody else can make the server read (or store) an upload.
  server.post('/api/klik-tasks/import', route(async (req, res) => {
    const principal = await who(req);
    requireStaff(principal);
    return service.importSheet(await uploadedFile(req, res), principal);
  }));

  server.get('/api/notifications/:id/report', route(async (req) => {
    requireStaff(await who(req));
    return deps.delivery.report(req.params.id);
  }));
}
