/**
 * A Microsoft Graph stand-in for the two calls reaching the roster's people takes, following
 * Graph's documented API:
 *
 * - `GET /v1.0/users?$filter=…` (List users). `otherMails/any(…)` and `startswith(userPrincipalName, …)`
 *   are advanced queries: without `ConsistencyLevel: eventual` and `$count=true` Graph answers 400
 *   `Request_UnsupportedQuery`, and so does this.
 * - `POST /v1.0/users/{id}/teamwork/installedApps` with `teamsApp@odata.bind` (Install app for user):
 *   201 when installed, 409 when the app is installed for the user already, 404 for an unknown user,
 *   403 when a policy blocks the app.
 *
 * - `GET /v1.0/users/{id}` (Get user): the user, or 404 `Request_ResourceNotFound`.
 * - `POST /v1.0/invitations` (Create invitation): `invitedUserEmailAddress` and `inviteRedirectUrl`
 *   are required (400 `BadRequest` without); 201 with the invitation, whose `invitedUser.id` is the
 *   guest user it created (`userType` Guest, `externalUserState` PendingAcceptance, UPN
 *   `addr_domain#EXT#@…`), or the user the tenant already has with that mail. With invitations
 *   turned off for the tenant it answers 403, as Graph does for app-only calls then. Graph documents
 *   150 requests per 5 seconds per tenant on /invitations; past that 429.
 *
 * - `POST /v1.0/users/{id}/teamwork/sendActivityNotification`: 204; 400 `BadRequest` for an
 *   activity type the manifest does not declare or a topic that is neither the app (`entityUrl`) nor
 *   `text` with a `webUrl`; 404 for an unknown user; 403 when the app is not installed for the
 *   user. Graph documents 5 requests per second per app per tenant for it; past that 429.
 *
 * - Online meetings and their attendance reports (Get onlineMeeting by JoinWebUrl, List
 *   meetingAttendanceReports, List attendanceRecords), under `/v1.0/users/{organizerId}/onlineMeetings`:
 *   the filter `JoinWebUrl eq '…'` answers a collection of the one meeting (empty when none has the
 *   link); an unknown meeting id answers 404; an organiser the tenant's application access policy
 *   does not cover answers 403 `No application access policy found for this app`. Records come in
 *   pages with `@odata.nextLink` when a page size is set.
 *
 * Errors have Graph's body `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 * Throttling: the documented Teams limit for POST installedApps is 30 requests per second per app
 * per tenant; past it the answer is 429 with `Retry-After` (seconds). Fault injection adds 429 and
 * 503 (both with Retry-After) at a chosen rate, before the request is processed, as a throttled or
 * failed Graph request changes nothing. When a user gets the app, the stand-in does what Teams does:
 * it posts an `installationUpdate` activity for the user's 1:1 chat to the bot.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../bot/demo/seededRandom.ts';
import { installationUpdate, type Person } from './activities.ts';

/** A user in the stand-in's directory. */
export interface GraphUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly otherMails?: readonly string[];
  readonly userPrincipalName: string;
  readonly userType: 'Member' | 'Guest';
  readonly externalUserState?: 'PendingAcceptance' | 'Accepted' | null;
  /** A Teams app permission policy blocks the app for this user: installing answers 403. */
  readonly blockedByPolicy?: boolean;
  /** Their id in Teams (29:…), for the installation activity. */
  readonly teamsId: string;
}

export interface GraphStandInOptions {
  readonly users: readonly GraphUser[];
  readonly catalogAppId: string;
  /** Share of requests answered 429 or 503 before being processed (0..1). */
  readonly faultRate?: number;
  /** Seconds sent in Retry-After. */
  readonly retryAfterSeconds?: number;
  /** POST installedApps allowed per second before 429 (Graph documents 30 per app per tenant). */
  readonly installsPerSecond?: number;
  /** Invitations allowed per 5 s before 429 (Graph documents 150 requests per 5 seconds per tenant on /invitations). */
  readonly invitationsPerWindow?: number;
  /** B2B invitations are turned off for the tenant: POST /invitations answers 403. */
  readonly invitationsDisabled?: boolean;
  /** The activity types the manifest declares (`activities.activityTypes`). */
  readonly activityTypes?: readonly string[];
  /** sendActivityNotification calls allowed per second before 429 (Graph documents 5 per app per tenant). */
  readonly feedPerSecond?: number;
  readonly seed?: number;
  /** Teams meetings with their attendance reports, by organiser. */
  readonly onlineMeetings?: readonly StandInOnlineMeeting[];
  /** Organisers the application access policy is granted for; absent: every user (granted globally). */
  readonly accessPolicyFor?: readonly string[];
  /** Attendance records per page; absent: all in one. */
  readonly attendancePageSize?: number;
}

/** A Teams meeting as Graph's onlineMeeting, with the attendance reports of its sessions. */
export interface StandInOnlineMeeting {
  readonly id: string;
  readonly organizerId: string;
  readonly joinWebUrl: string;
  readonly reports: StandInAttendanceReport[];
}

/** A meetingAttendanceReport with its attendanceRecords, in Graph's shapes. */
export interface StandInAttendanceReport {
  readonly id: string;
  readonly meetingStartDateTime: string;
  readonly meetingEndDateTime: string;
  readonly records: readonly {
    readonly emailAddress: string | null;
    readonly totalAttendanceInSeconds: number;
    readonly role: 'None' | 'Attendee' | 'Presenter' | 'Organizer';
    readonly identity: { readonly id: string; readonly displayName: string; readonly tenantId: string | null };
    readonly attendanceIntervals: readonly { readonly joinDateTime: string; readonly leaveDateTime: string; readonly durationInSeconds: number }[];
  }[];
}

/** A guest invitation the stand-in took, with its body as sent. */
export interface TakenInvitation {
  readonly email: string;
  readonly displayName?: string;
  readonly redirectUrl: string;
  readonly sendInvitationMessage: boolean;
  readonly messageBody?: string;
  readonly userId: string;
}

/** What the stand-in saw and did. */
export interface GraphStandIn {
  readonly baseUrl: string;
  /** Successful installations (201) per user id; a repeated install answered 409 is not counted. */
  readonly installs: Map<string, number>;
  readonly requests: { method: string; path: string; status: number }[];
  /** Activity-feed notifications answered 204, in order. */
  readonly feed: { userId: string; activityType: string; previewText: string; templateParameters: Record<string, string>; topic: Record<string, unknown> }[];
  /** Invitations answered 201, in order. */
  readonly invitations: TakenInvitation[];
  /** The invited guest redeems their invitation (externalUserState becomes Accepted). */
  acceptInvitation(email: string): void;
  /** Where installations are announced (the app's /api/messages) and the serviceUrl in the activity. */
  announceTo(botBaseUrl: string, serviceUrl: string): void;
  /** Installs the app for a user as if an earlier request (whose answer was lost) had done it. */
  preinstall(userId: string): void;
  /** Teams finishes a session's attendance report (they come some minutes after the meeting ends). */
  addAttendanceReport(onlineMeetingId: string, report: StandInAttendanceReport): void;
  /** The next `count` requests matching `method path` get this status (with Retry-After for 429/503). */
  failNext(method: string, pathPrefix: string, status: 429 | 503 | 500, count?: number): void;
  close(): Promise<void>;
}

function errorBody(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } };
}

/** Starts the Graph stand-in on a free loopback port. */
export async function startGraphStandIn(options: GraphStandInOptions): Promise<GraphStandIn> {
  const random = seededRandom(options.seed ?? 7);
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const limit = options.installsPerSecond ?? 30;
  const users: GraphUser[] = [...options.users];
  const invitations: TakenInvitation[] = [];
  const feed: GraphStandIn['feed'] = [];
  let feedWindow = { second: 0, count: 0 };
  let inviteWindow = { start: 0, count: 0 };
  const installs = new Map<string, number>();
  const installed = new Set<string>();
  const requests: GraphStandIn['requests'] = [];
  const forced: { method: string; prefix: string; status: number; left: number }[] = [];
  let announce: { botBaseUrl: string; serviceUrl: string } | undefined;
  let window = { second: 0, count: 0 };
  const announcements: Promise<unknown>[] = [];
  const onlineMeetings = (options.onlineMeetings ?? []).map((m) => ({ ...m, reports: [...m.reports] }));

  const send = (res: ServerResponse, req: IncomingMessage, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status });
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': randomUUID(), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname;
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return send(res, req, 401, errorBody('InvalidAuthenticationToken', 'Access token is empty.'));
    const force = forced.find((f) => f.left > 0 && f.method === req.method && path.startsWith(f.prefix));
    if (force) {
      force.left--;
      return send(res, req, force.status, errorBody(force.status === 429 ? 'TooManyRequests' : force.status === 503 ? 'ServiceUnavailable' : 'InternalServerError', 'Injected fault.'), force.status === 500 ? {} : { 'Retry-After': retryAfter });
    }
    if (options.faultRate && random() < options.faultRate) {
      return random() < 0.5
        ? send(res, req, 429, errorBody('TooManyRequests', 'Too many requests.'), { 'Retry-After': retryAfter })
        : send(res, req, 503, errorBody('ServiceUnavailable', 'The service is temporarily unavailable.'), { 'Retry-After': retryAfter });
    }

    if (req.method === 'GET' && path === '/v1.0/users') {
      const filter = url.searchParams.get('$filter') ?? '';
      const advanced = /otherMails\/any|startswith\(/i.test(filter);
      if (advanced && (req.headers.consistencylevel !== 'eventual' || url.searchParams.get('$count') !== 'true')) {
        return send(res, req, 400, errorBody('Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property \'otherMails\' of resource \'User\'.'));
      }
      const equals = [...filter.matchAll(/eq '((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").toLowerCase());
      const prefixes = [...filter.matchAll(/startswith\(userPrincipalName,\s*'((?:[^']|'')*)'\)/g)].map((m) => m[1]!.replace(/''/g, "'").toLowerCase());
      const found = users.filter((u) => {
        const names = [u.mail, u.userPrincipalName, ...(u.otherMails ?? [])].filter((x): x is string => !!x).map((x) => x.toLowerCase());
        return names.some((n) => equals.includes(n)) || prefixes.some((p) => u.userPrincipalName.toLowerCase().startsWith(p));
      });
      const select = (url.searchParams.get('$select') ?? 'id,displayName,mail,userPrincipalName').split(',');
      const value = found.map((u) => Object.fromEntries(select.map((f) => [f, (u as unknown as Record<string, unknown>)[f] ?? null])));
      return send(res, req, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', ...(advanced ? { '@odata.count': value.length } : {}), value });
    }

    const install = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    if (req.method === 'POST' && install) {
      const second = Math.floor(Date.now() / 1000);
      if (window.second !== second) window = { second, count: 0 };
      if (++window.count > limit) return send(res, req, 429, errorBody('TooManyRequests', 'Rate limit exceeded for POST installedApps.'), { 'Retry-After': retryAfter });
      const userId = decodeURIComponent(install[1]!);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(res, req, 400, errorBody('BadRequest', 'Invalid request body.'));
      }
      const bind = String(body['teamsApp@odata.bind'] ?? '');
      if (!bind.endsWith(`/appCatalogs/teamsApps/${options.catalogAppId}`)) return send(res, req, 404, errorBody('NotFound', 'The app was not found in the organization\'s app catalog.'));
      const user = users.find((u) => u.id === userId);
      if (!user) return send(res, req, 404, errorBody('NotFound', 'User not found.'));
      if (user.blockedByPolicy) return send(res, req, 403, errorBody('Forbidden', 'The app is blocked by the app permission policy for this user.'));
      if (installed.has(userId)) return send(res, req, 409, errorBody('Conflict', 'App is already installed.'));
      installed.add(userId);
      installs.set(userId, (installs.get(userId) ?? 0) + 1);
      send(res, req, 201, { '@odata.type': '#microsoft.graph.userScopeTeamsAppInstallation', id: Buffer.from(`${userId}##${options.catalogAppId}`).toString('base64url') });
      if (announce) {
        const person: Person = { id: user.teamsId, name: user.displayName, aadObjectId: user.id };
        const target = announce;
        announcements.push(fetch(`${target.botBaseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(installationUpdate(target.serviceUrl, person, 'add', 'personal')) }).catch(() => undefined));
      }
      return;
    }
    const getUser = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && getUser) {
      const id = decodeURIComponent(getUser[1]!);
      const user = users.find((u) => u.id === id);
      if (!user) return send(res, req, 404, errorBody('Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`));
      const select = (url.searchParams.get('$select') ?? 'id,displayName,mail,userPrincipalName').split(',');
      return send(res, req, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', ...Object.fromEntries(select.map((f) => [f, (user as unknown as Record<string, unknown>)[f] ?? null])) });
    }

    const notify = /^\/v1\.0\/users\/([^/]+)\/teamwork\/sendActivityNotification$/.exec(path);
    if (req.method === 'POST' && notify) {
      const second = Math.floor(Date.now() / 1000);
      if (feedWindow.second !== second) feedWindow = { second, count: 0 };
      if (++feedWindow.count > (options.feedPerSecond ?? 5)) return send(res, req, 429, errorBody('TooManyRequests', 'Too many requests.'), { 'Retry-After': retryAfter });
      let body: Record<string, any>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      } catch {
        return send(res, req, 400, errorBody('BadRequest', 'Invalid request body.'));
      }
      const userId = decodeURIComponent(notify[1]!);
      const topic = (body.topic ?? {}) as Record<string, unknown>;
      const topicOk = (topic.source === 'entityUrl' && String(topic.value ?? '').endsWith(`/appCatalogs/teamsApps/${options.catalogAppId}`)) || (topic.source === 'text' && typeof topic.value === 'string' && typeof topic.webUrl === 'string');
      if (!topicOk) return send(res, req, 400, errorBody('BadRequest', 'The topic is not valid.'));
      if (!(options.activityTypes ?? ['reminder']).includes(String(body.activityType))) return send(res, req, 400, errorBody('BadRequest', `Activity type '${String(body.activityType)}' is not declared in the app manifest.`));
      if (!users.some((u) => u.id === userId)) return send(res, req, 404, errorBody('NotFound', 'User not found.'));
      if (!installed.has(userId)) return send(res, req, 403, errorBody('Forbidden', 'The app is not installed for the recipient.'));
      const params = Object.fromEntries(((body.templateParameters ?? []) as { name: string; value: string }[]).map((p) => [p.name, p.value]));
      feed.push({ userId, activityType: String(body.activityType), previewText: String(body.previewText?.content ?? ''), templateParameters: params, topic });
      return send(res, req, 204);
    }

    if (req.method === 'POST' && path === '/v1.0/invitations') {
      const now = Date.now();
      if (now - inviteWindow.start >= 5_000) inviteWindow = { start: now, count: 0 };
      if (++inviteWindow.count > (options.invitationsPerWindow ?? 150)) return send(res, req, 429, errorBody('TooManyRequests', 'Too many requests.'), { 'Retry-After': retryAfter });
      let body: Record<string, any>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      } catch {
        return send(res, req, 400, errorBody('BadRequest', 'Invalid request body.'));
      }
      const email = typeof body.invitedUserEmailAddress === 'string' ? body.invitedUserEmailAddress.trim() : '';
      if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return send(res, req, 400, errorBody('BadRequest', 'The specified invitedUserEmailAddress is invalid.'));
      if (typeof body.inviteRedirectUrl !== 'string' || !/^https:\/\//.test(body.inviteRedirectUrl)) return send(res, req, 400, errorBody('BadRequest', 'The specified inviteRedirectUrl is invalid.'));
      if (options.invitationsDisabled) return send(res, req, 403, errorBody('Forbidden', 'Guest invitations not allowed for your company. Contact your company administrator for more details.'));
      const lower = email.toLowerCase();
      let user = users.find((u) => u.mail?.toLowerCase() === lower || (u.otherMails ?? []).some((m) => m.toLowerCase() === lower));
      if (!user) {
        const n = users.length + 1000;
        user = { id: randomUUID(), displayName: String(body.invitedUserDisplayName ?? email), mail: email, otherMails: [email], userPrincipalName: `${lower.replace('@', '_')}#EXT#@kombit.onmicrosoft.com`, userType: 'Guest', externalUserState: 'PendingAcceptance', teamsId: `29:1guest${n}` };
        users.push(user);
      }
      const info = (body.invitedUserMessageInfo ?? {}) as Record<string, unknown>;
      invitations.push({ email, displayName: body.invitedUserDisplayName, redirectUrl: body.inviteRedirectUrl, sendInvitationMessage: body.sendInvitationMessage === true, messageBody: typeof info.customizedMessageBody === 'string' ? info.customizedMessageBody : undefined, userId: user.id });
      return send(res, req, 201, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#invitations/$entity',
        id: randomUUID(),
        inviteRedeemUrl: `https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3fuser%3d${user.id}`,
        invitedUserDisplayName: body.invitedUserDisplayName ?? null,
        invitedUserType: 'Guest',
        invitedUserEmailAddress: email,
        sendInvitationMessage: body.sendInvitationMessage === true,
        resetRedemption: false,
        inviteRedirectUrl: body.inviteRedirectUrl,
        status: user.externalUserState === 'Accepted' ? 'Completed' : 'PendingAcceptance',
        invitedUserMessageInfo: { messageLanguage: info.messageLanguage ?? null, customizedMessageBody: info.customizedMessageBody ?? null, ccRecipients: [] },
        invitedUser: { id: user.id },
      });
    }
    const meetings = /^\/v1\.0\/users\/([^/]+)\/onlineMeetings(?:\/([^/]+)(?:\/attendanceReports(?:\/([^/]+)\/attendanceRecords)?)?)?$/.exec(path);
    if (req.method === 'GET' && meetings) {
      const organizerId = decodeURIComponent(meetings[1]!);
      if (options.accessPolicyFor && !options.accessPolicyFor.includes(organizerId)) return send(res, req, 403, errorBody('Forbidden', 'No application access policy found for this app.'));
      const own = onlineMeetings.filter((m) => m.organizerId === organizerId);
      if (meetings[2] === undefined) {
        const joinWebUrl = /^JoinWebUrl eq '((?:[^']|'')*)'$/.exec(url.searchParams.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
        if (joinWebUrl === undefined) return send(res, req, 400, errorBody('BadRequest', 'Filter is required: JoinWebUrl, VideoTeleconferenceId or joinMeetingIdSettings/joinMeetingId.'));
        const value = own.filter((m) => m.joinWebUrl === joinWebUrl).map((m) => ({ id: m.id, joinWebUrl: m.joinWebUrl, participants: { organizer: { identity: { user: { id: m.organizerId } } } } }));
        return send(res, req, 200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${organizerId}')/onlineMeetings`, value });
      }
      const meeting = own.find((m) => m.id === decodeURIComponent(meetings[2]!));
      if (!meeting) return send(res, req, 404, errorBody('NotFound', 'The specified meeting could not be found.'));
      if (meetings[3] === undefined) {
        const value = meeting.reports.map(({ records, ...report }) => ({ ...report, totalParticipantCount: records.length }));
        return send(res, req, 200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${organizerId}')/onlineMeetings('${meeting.id}')/attendanceReports`, value });
      }
      const report = meeting.reports.find((r) => r.id === decodeURIComponent(meetings[3]!));
      if (!report) return send(res, req, 404, errorBody('NotFound', 'The specified attendance report could not be found.'));
      const size = options.attendancePageSize ?? report.records.length;
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const value = report.records.slice(skip, skip + size);
      const next = skip + size < report.records.length ? `http://${req.headers.host}${path}?$skiptoken=${skip + size}` : undefined;
      return send(res, req, 200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${organizerId}')/onlineMeetings('${meeting.id}')/attendanceReports('${report.id}')/attendanceRecords`, value, ...(next ? { '@odata.nextLink': next } : {}) });
    }
    return send(res, req, 404, errorBody('Request_ResourceNotFound', `Resource '${path}' does not exist.`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    installs,
    requests,
    invitations,
    feed,
    acceptInvitation(email) {
      const i = users.findIndex((u) => u.mail?.toLowerCase() === email.toLowerCase());
      if (i >= 0) users[i] = { ...users[i]!, externalUserState: 'Accepted' };
    },
    announceTo(botBaseUrl, serviceUrl) {
      announce = { botBaseUrl, serviceUrl };
    },
    addAttendanceReport(onlineMeetingId, report) {
      onlineMeetings.find((m) => m.id === onlineMeetingId)?.reports.push(report);
    },
    preinstall(userId) {
      installed.add(userId);
    },
    failNext(method, prefix, status, count = 1) {
      forced.push({ method, prefix, status, left: count });
    },
    async close() {
      await Promise.all(announcements);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
