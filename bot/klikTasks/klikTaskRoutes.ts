import { z } from 'zod';
import type { RouteSpec } from '../capability.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { KlikTaskService } from './klikTaskService.ts';
import { taskStatusList } from './taskStatusList.ts';
import { statusDifferences } from './klikStatusDifferences.ts';
import { taskNotificationId } from './klikTaskService.ts';
import { municipalityCodeSchema } from '../domain/municipality.ts';
import { taskStatusSchema } from '../domain/klikTask.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { ValidationError } from '../domain/errors.ts';
import type { AppRequest } from '../http/routes.ts';
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

/** A query parameter as text, if it was sent once. */
function queryText(req: AppRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * KLIK task publishing: create, change, list, set a municipality's status, import a sheet.
 * Writes are authorised in the service: KOMBIT staff publish; a program leader sets only their own status.
 */
export function klikTaskRoutes(service: KlikTaskService, repos: Repositories): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/klik-tasks',
      access: 'signedIn',
      // Each with the id of its card's delivery report (GET /api/notifications/{id}/report).
      handle: async () => ({ tasks: (await service.list()).map((t) => ({ ...t, notificationId: taskNotificationId(t.id) })) }),
    },
    {
      method: 'post',
      path: '/api/klik-tasks',
      access: 'signedIn',
      handle: async (req, res, principal) => {
        const { task, replayed } = await service.create(req.body, principal, idempotencyKey(req));
        // A retry answers as the first attempt did, so a client that lost the answer can simply send again.
        if (replayed) res.header('Idempotent-Replayed', 'true');
        res.send(201, { task, notificationId: taskNotificationId(task.id) });
      },
    },
    {
      method: 'get',
      path: '/api/klik-tasks/:id',
      access: 'signedIn',
      handle: async (req, res) => {
        const { task, etag } = await service.get(req.params.id);
        res.header('ETag', etag);
        res.send(200, { task });
      },
    },
    {
      method: 'patch',
      path: '/api/klik-tasks/:id',
      access: 'signedIn',
      handle: async (req, _res, principal) => {
        const task = await service.update(req.params.id, req.body, principal, req.header('if-match') || undefined);
        return { task, notificationId: taskNotificationId(task.id) };
      },
    },
    {
      method: 'put',
      path: '/api/klik-tasks/:id/statuses/:kommunekode',
      access: 'signedIn',
      handle: async (req, _res, principal) => {
        const code = parseOrThrow(municipalityCodeSchema, req.params.kommunekode);
        const { status } = parseOrThrow(statusBody, req.body);
        return { task: await service.setStatus(req.params.id, code, status, principal) };
      },
    },
    // KLIK's own status export; `?eksportdato=23-11-2026` dates a file without an Eksportdato column.
    { method: 'post', path: '/api/klik-tasks/status/import', access: 'staff', handle: async (req, res, principal) => service.importKlikStatusFile(await uploadedFile(req, res), principal, queryText(req, 'eksportdato')) },
    { method: 'get', path: '/api/klik-tasks/status/differences', access: 'signedIn', handle: async (req, _res, principal) => statusDifferences(repos, principal, queryText(req, 'kommune')) },
    // The file is read only once the caller is known to be staff: nobody else can make the server read (or store) an upload.
    { method: 'post', path: '/api/klik-tasks/import', access: 'staff', handle: async (req, res, principal) => service.importSheet(await uploadedFile(req, res), principal) },
    { method: 'get', path: '/api/klik-tasks/:id/statuses', access: 'signedIn', handle: async (req) => taskStatusList(repos, req.params.id) },
  ];
}
