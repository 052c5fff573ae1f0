/**
 * A local stand-in for the Teams Bot Connector service (the REST API a bot calls at the
 * `serviceUrl` of an incoming activity). The real service cannot be reached from test and
 * benchmark machines, so this one answers the same routes with the same shapes, status codes,
 * error codes and rate limits that Microsoft documents:
 *
 * - Bot Connector REST API reference:
 *   https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 * - Teams status codes from bot conversational APIs:
 *   https://learn.microsoft.com/en-us/microsoftteams/platform/bots/build-conversational-capability
 * - Teams rate limits: https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
 * - Proactive messages (403 `MessageWritesBlocked`):
 *   https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 *
 * Only `node:` built-ins are used so the stand-in adds no dependency to the project.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../bot/demo/seededRandom.ts';

export * from './connectorTypes.ts';
import type { BlockedCode, ChannelAccountLike, ConnectorErrorBody, ConnectorOperation, ConnectorStandInOptions, FaultSettings, RateLimitRule, RateLimits, RecordedCall } from './connectorTypes.ts';
import { TEAMS_RATE_LIMITS } from './connectorTypes.ts';
import { FAULT_CODES, HttpError, MESSAGE_WRITES_BLOCKED_MESSAGE } from './connectorErrors.ts';
import { parseRoute, readBody, type Route } from './connectorRoutes.ts';

interface ConversationState {
  tenantId?: string;
  botId?: string;
  members?: ChannelAccountLike[];
  activities: Map<string, any>;
}

type RateScope = keyof RateLimits;


/** Replies in a channel address `19:…@thread.tacv2;messageid=…`; Teams limits and blocks the channel, not the reply chain. */
function threadOf(conversationId: string): string {
  const i = conversationId.indexOf(';messageid=');
  return i < 0 ? conversationId : conversationId.slice(0, i);
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The stand-in server. Typical use:
 *
 * ```ts
 * const connector = new ConnectorStandIn({ now: () => clock });
 * const serviceUrl = await connector.start();   // http://127.0.0.1:PORT/
 * // … point the bot's activity.serviceUrl at it, run the scenario …
 * expect(connector.activitiesFor(conversationId)).toHaveLength(1);
 * await connector.close();
 * ```
 */
export class ConnectorStandIn {
  /** `http://127.0.0.1:PORT/` (plus `pathPrefix`) once {@link start} resolved; '' before. */
  serviceUrl = '';

  private server: Server | undefined;
  private readonly emitter = new EventEmitter();
  private readonly now: () => number;
  private readonly defaultTenantId: string;
  private readonly defaultBotId: string;
  private readonly maxMessageBytes: number | false;
  private readonly requireAuthorization: boolean;
  private readonly pathPrefix: string;
  private defaultMembers: ChannelAccountLike[];
  private limits: RateLimits | false;
  private faults: FaultSettings;
  private seed: number;
  private random: () => number;

  private readonly callLog: RecordedCall[] = [];
  private readonly sentLog: RecordedCall[] = [];
  private readonly updateLog: RecordedCall[] = [];
  private readonly deleteLog: RecordedCall[] = [];
  private readonly windows = new Map<string, number[]>();
  private readonly conversations = new Map<string, ConversationState>();
  private readonly blocked = new Map<string, BlockedCode>();
  private readonly removed = new Set<string>();
  private readonly hanging = new Set<NodeJS.Timeout>();
  private seq = 0;
  private activitySeq = 0;
  private groupSeq = 0;

  constructor(options: ConnectorStandInOptions = {}) {
    this.now = options.now ?? Date.now;
    this.seed = options.seed ?? 1;
    this.random = seededRandom(this.seed);
    this.defaultTenantId = options.defaultTenantId ?? 'tenant-default';
    this.defaultBotId = options.defaultBotId ?? 'bot-default';
    this.maxMessageBytes = options.maxMessageBytes ?? 100 * 1024;
    this.requireAuthorization = options.requireAuthorization ?? false;
    this.pathPrefix = (options.pathPrefix ?? '').replace(/^\/+/, '');
    this.defaultMembers = options.members ?? [];
    this.limits = ConnectorStandIn.mergeLimits(options.rateLimits);
    this.faults = {
      faultRate: options.faultRate ?? 0,
      faultStatuses: options.faultStatuses ?? [429, 500, 502, 503, 504],
      faultRetryAfterSeconds: options.faultRetryAfterSeconds ?? 1,
      timeouts: options.timeouts ?? 0,
      timeoutMs: options.timeoutMs ?? 30_000,
    };
    // Emitters warn past 10 listeners; many concurrent waitFor calls are normal in tests.
    this.emitter.setMaxListeners(0);
  }

  private static mergeLimits(limits: Partial<RateLimits> | false | undefined): RateLimits | false {
    if (limits === false) return false;
    return { ...TEAMS_RATE_LIMITS, ...(limits ?? {}) };
  }

  /** Listens on 127.0.0.1 on a free port; resolves with (and sets) {@link serviceUrl}. */
  async start(): Promise<string> {
    if (this.server) return this.serviceUrl;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A bug in the stand-in must surface as a 500 the test can see, not as a hung request.
        if (!res.headersSent) {
          this.writeJson(res, 500, {
            error: { code: 'ServiceError', message: `connector stand-in failed: ${String(err)}` },
          });
        } else {
          res.destroy();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.serviceUrl = `http://127.0.0.1:${port}/${this.pathPrefix}`;
    return this.serviceUrl;
  }

  /** Stops listening, drops open (including hanging) connections and resolves when the port is free. */
  async close(): Promise<void> {
    for (const timer of this.hanging) clearTimeout(timer);
    this.hanging.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Keep-alive sockets from fetch would otherwise hold close() open until they idle out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.serviceUrl = '';
  }

  /**
   * Clears recordings and rate-limit history and restarts the fault RNG from its seed, so each
   * test sees the same sequence. Configuration (faults, blocked/removed conversations, members)
   * and activities already sent (so they can still be updated) stay.
   */
  reset(): void {
    this.callLog.length = 0;
    this.sentLog.length = 0;
    this.updateLog.length = 0;
    this.deleteLog.length = 0;
    this.windows.clear();
    this.random = seededRandom(this.seed);
  }

  /** Every request received, accepted or rejected, in arrival order. */
  get calls(): readonly RecordedCall[] {
    return this.callLog;
  }

  /** Accepted sends, replies and create-conversation calls that carried an activity. */
  get sent(): readonly RecordedCall[] {
    return this.sentLog;
  }

  /** Accepted activity updates (PUT). */
  get updates(): readonly RecordedCall[] {
    return this.updateLog;
  }

  /** Accepted activity deletes. */
  get deletes(): readonly RecordedCall[] {
    return this.deleteLog;
  }

  /** Accepted sends and replies to one conversation (exact id, decoded), in order. */
  activitiesFor(conversationId: string): RecordedCall[] {
    return this.sentLog.filter((c) => c.conversationId === conversationId);
  }

  /** The activity as it stands now (after updates), or undefined if never sent or deleted. */
  getActivity(conversationId: string, activityId: string): any {
    return this.conversations.get(conversationId)?.activities.get(activityId);
  }

  /** Subscribes to every recorded call; returns the unsubscribe function. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.emitter.on('call', listener);
    return () => this.emitter.off('call', listener);
  }

  /**
   * Resolves with the first recorded call (already recorded or future) that matches, so a test
   * can wait for the bot's asynchronous work without sleeping. Rejects after `timeoutMs`.
   */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    const existing = this.callLog.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise<RecordedCall>((resolve, reject) => {
      const listener = (call: RecordedCall): void => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.emitter.off('call', listener);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.emitter.off('call', listener);
        reject(
          new Error(
            `connector stand-in: no matching call within ${timeoutMs} ms (${this.callLog.length} calls recorded)`,
          ),
        );
      }, timeoutMs);
      this.emitter.on('call', listener);
    });
  }

  /** Changes fault injection while running; `seed` restarts the RNG. */
  setFaults(settings: Partial<FaultSettings> & { seed?: number }): void {
    const { seed, ...rest } = settings;
    this.faults = { ...this.faults, ...rest };
    if (seed !== undefined) {
      this.seed = seed;
      this.random = seededRandom(seed);
    }
  }

  /** Current fault injection settings (a copy). */
  getFaults(): FaultSettings {
    return { ...this.faults, faultStatuses: [...this.faults.faultStatuses] };
  }

  /** Replaces the rate limits while running (`false` turns them off); history is kept. */
  setRateLimits(limits: Partial<RateLimits> | false): void {
    this.limits = ConnectorStandIn.mergeLimits(limits);
  }

  /** From now on, every call on this conversation (and its reply chains) answers 403 with `code`. */
  blockConversation(conversationId: string, code: BlockedCode): void {
    this.blocked.set(threadOf(conversationId), code);
  }

  /** From now on, every call on this conversation answers 404 `ConversationNotFound`. */
  removeConversation(conversationId: string): void {
    this.removed.add(threadOf(conversationId));
  }

  /** Undoes {@link blockConversation} and {@link removeConversation}. */
  restoreConversation(conversationId: string): void {
    this.blocked.delete(threadOf(conversationId));
    this.removed.delete(threadOf(conversationId));
  }

  /** Sets the roster the members APIs return for one conversation. */
  setMembers(conversationId: string, members: ChannelAccountLike[]): void {
    this.conversation(conversationId).members = members;
  }

  /** Sets the roster for conversations without their own. */
  setDefaultMembers(members: ChannelAccountLike[]): void {
    this.defaultMembers = members;
  }

  private conversation(conversationId: string): ConversationState {
    let state = this.conversations.get(conversationId);
    if (!state) {
      state = { activities: new Map() };
      this.conversations.set(conversationId, state);
    }
    return state;
  }

  private nextActivityId(): string {
    // Teams message ids are millisecond timestamps as strings; a counter keeps ids unique and stable.
    this.activitySeq += 1;
    return String(1_700_000_000_000 + this.activitySeq);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body: rawBody, tooLarge } = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    const auth = req.headers.authorization;
    const at = this.now();

    // Draw the same number of values per request whatever the rates are, so changing one rate
    // does not shift the sequence another depends on.
    const rollTimeout = this.random();
    const rollFault = this.random();
    const rollPick = this.random();

    let route: Route;
    try {
      route = parseRoute(method, url.pathname);
    } catch {
      route = { operation: 'unknown', error: new HttpError(400, 'BadArgument', 'Malformed URL encoding.') };
    }
    route.query = url.searchParams;
    let body: any;
    let bodyError: HttpError | undefined;
    if (tooLarge) {
      bodyError = new HttpError(413, 'MessageSizeTooBig');
    } else if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        bodyError = new HttpError(400, 'BadArgument', 'The request body is not valid JSON.');
      }
    }

    const call: RecordedCall = {
      seq: ++this.seq,
      operation: route.operation,
      method,
      path: url.pathname + url.search,
      conversationId: route.conversationId,
      at,
      status: 0,
      botId: this.defaultBotId,
      tenantId: this.defaultTenantId,
    };
    if (auth !== undefined) call.authorization = auth;
    if (body !== undefined) {
      call.body = body;
      call.activity = route.operation === 'createConversation' ? (isObject(body) ? body.activity : undefined) : body;
    }
    if (route.activityId !== undefined) {
      if (route.operation === 'replyToActivity') call.replyToId = route.activityId;
      else call.activityId = route.activityId;
    }
    if (route.memberId !== undefined) call.memberId = route.memberId;
    if (route.operation === 'createConversation' && isObject(body)) {
      call.conversationId = this.newConversationId(body);
    }
    this.identify(call, body);

    if (rollTimeout < this.faults.timeouts) {
      call.status = 'timeout';
      this.record(call);
      // Hold the socket open with no answer, as a stuck gateway would, then drop it.
      const timer = setTimeout(() => {
        this.hanging.delete(timer);
        req.socket.destroy();
      }, this.faults.timeoutMs);
      this.hanging.add(timer);
      return;
    }

    try {
      if (rollFault < this.faults.faultRate && this.faults.faultStatuses.length > 0) {
        const statuses = this.faults.faultStatuses;
        const status = statuses[Math.min(statuses.length - 1, Math.floor(rollPick * statuses.length))]!;
        const error = new HttpError(status, FAULT_CODES[status] ?? 'ServiceError');
        if (status === 429) error.retryAfter = this.faults.faultRetryAfterSeconds;
        throw error;
      }
      if (route.error) throw route.error;
      if (this.requireAuthorization && !auth) throw new HttpError(401, 'Unauthorized');
      if (bodyError) throw bodyError;
      if (call.conversationId !== undefined) this.checkPermanent(call.conversationId);
      this.checkRequestShape(route.operation, body);
      this.checkRateLimits(call);
      const { status, response } = this.execute(route, call, body);
      call.status = status;
      if (response !== undefined) call.response = response;
      this.record(call);
      this.writeJson(res, status, response);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const response: ConnectorErrorBody = { error: { code: err.code, message: err.message } };
      call.status = err.status;
      call.errorCode = err.code;
      call.response = response;
      const headers: Record<string, string> = {};
      if (err.retryAfter !== undefined) {
        call.retryAfter = err.retryAfter;
        headers['Retry-After'] = String(err.retryAfter);
      }
      if (err.throttledBy !== undefined) call.throttledBy = err.throttledBy;
      this.record(call);
      this.writeJson(res, err.status, response, headers);
    }
  }

  /** Works out which bot and tenant a call is charged to, for the per-bot and per-tenant limits. */
  private identify(call: RecordedCall, body: any): void {
    const known = call.conversationId !== undefined ? this.conversations.get(call.conversationId) : undefined;
    const bodyBot = isObject(body) ? (call.operation === 'createConversation' ? body.bot?.id : body.from?.id) : undefined;
    const bodyTenant = isObject(body) ? (body.channelData?.tenant?.id ?? body.conversation?.tenantId ?? body.tenantId) : undefined;
    call.botId = typeof bodyBot === 'string' && bodyBot ? bodyBot : (known?.botId ?? this.defaultBotId);
    call.tenantId = typeof bodyTenant === 'string' && bodyTenant ? bodyTenant : (known?.tenantId ?? this.defaultTenantId);
  }

  /**
   * Teams answers creating a 1:1 chat with the same user with the same conversation id, so the id
   * is derived from bot, user and tenant; group conversations get a fresh id each time.
   */
  private newConversationId(body: Record<string, any>): string {
    const members: unknown[] = Array.isArray(body.members) ? body.members : [];
    const tenant = body.channelData?.tenant?.id ?? body.tenantId ?? this.defaultTenantId;
    if (!body.isGroup && members.length === 1) {
      const member = members[0] as { id?: string } | undefined;
      // Addressed by Entra object id, as a bot does for someone who never wrote to it: the chat
      // Teams would announce for that person (activities.ts names it a:1personal-<object id>).
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(member?.id))) return `a:1personal-${member!.id}`;
      const digest = createHash('sha256')
        .update(`${String(body.bot?.id)}|${String(member?.id)}|${String(tenant)}`)
        .digest('base64url');
      return `a:1${digest.slice(0, 40)}`;
    }
    this.groupSeq += 1;
    const digest = createHash('sha256').update(`group|${this.groupSeq}`).digest('hex');
    return `19:${digest.slice(0, 32)}@thread.v2`;
  }

  private checkPermanent(conversationId: string): void {
    const thread = threadOf(conversationId);
    if (this.removed.has(thread)) throw new HttpError(404, 'ConversationNotFound');
    const code = this.blocked.get(thread);
    if (code === 'MessageWritesBlocked') throw new HttpError(403, code, MESSAGE_WRITES_BLOCKED_MESSAGE);
    if (code) throw new HttpError(403, code);
  }

  private checkRequestShape(operation: ConnectorOperation, body: any): void {
    switch (operation) {
      case 'createConversation': {
        if (!isObject(body)) throw new HttpError(400, 'BadArgument', 'Conversation parameters are required.');
        if (!Array.isArray(body.members) || body.members.length === 0) {
          throw new HttpError(400, 'BadArgument', 'At least one member is required to create a conversation.');
        }
        if (body.activity !== undefined) this.checkMessageSize(body.activity);
        return;
      }
      case 'sendToConversation':
      case 'replyToActivity':
      case 'updateActivity': {
        if (!isObject(body)) throw new HttpError(400, 'BadArgument', 'An activity is required.');
        if (typeof body.type !== 'string' || !body.type) {
          throw new HttpError(400, 'BadArgument', 'The activity type is required.');
        }
        this.checkMessageSize(body);
        return;
      }
      default:
        return;
    }
  }

  private checkMessageSize(activity: unknown): void {
    if (this.maxMessageBytes === false || !isObject(activity)) return;
    // Teams counts the message content (text, cards, mentions) as UTF-16, not the routing envelope.
    const content = JSON.stringify([activity.text ?? '', activity.attachments ?? [], activity.entities ?? []]);
    if (content.length * 2 > this.maxMessageBytes) throw new HttpError(413, 'MessageSizeTooBig');
  }

  private checkRateLimits(call: RecordedCall): void {
    const limits = this.limits;
    if (!limits) return;
    const isRead = call.operation.startsWith('getConversation');
    const checks: Array<{ key: string; scope: RateScope }> = [];
    if (call.conversationId !== undefined) {
      const thread = threadOf(call.conversationId);
      checks.push({ key: `bt|${isRead ? 'r' : 'w'}|${call.botId}|${thread}`, scope: isRead ? 'perBotPerThreadReads' : 'perBotPerThread' });
      checks.push({ key: `t|${isRead ? 'r' : 'w'}|${thread}`, scope: isRead ? 'perThreadAllBotsReads' : 'perThreadAllBots' });
    }
    checks.push({ key: `app|${call.botId}|${call.tenantId}`, scope: 'perAppPerTenant' });

    const now = call.at;
    let retryAfterMs = 0;
    let throttledBy: string | undefined;
    for (const { key, scope } of checks) {
      const stamps = this.windows.get(key) ?? [];
      for (const rule of limits[scope]) {
        const inWindow = stamps.filter((t) => t > now - rule.windowMs);
        if (inWindow.length < rule.max) continue;
        // The window frees a slot when its (length - max + 1)th oldest entry ages out.
        const freeing = inWindow[inWindow.length - rule.max]!;
        const wait = freeing + rule.windowMs - now;
        if (wait > retryAfterMs || throttledBy === undefined) {
          retryAfterMs = Math.max(retryAfterMs, wait);
          throttledBy = `${scope} ${rule.max}/${rule.windowMs}ms`;
        }
      }
    }
    if (throttledBy !== undefined) {
      const error = new HttpError(429, 'Throttled');
      error.retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
      error.throttledBy = throttledBy;
      throw error;
    }
    // Only calls that get past the limiter use up budget; throttled retries must not starve themselves.
    const horizon = Math.max(0, ...Object.values(limits).flat().map((r: RateLimitRule) => r.windowMs));
    for (const { key } of checks) {
      const stamps = (this.windows.get(key) ?? []).filter((t) => t > now - horizon);
      stamps.push(now);
      this.windows.set(key, stamps);
    }
  }

  private execute(route: Route, call: RecordedCall, body: any): { status: number; response?: unknown } {
    const conversationId = call.conversationId!;
    switch (route.operation) {
      case 'createConversation': {
        const state = this.conversation(conversationId);
        state.tenantId = call.tenantId;
        state.botId = call.botId;
        state.members = body.members as ChannelAccountLike[];
        const response: Record<string, unknown> = { id: conversationId, serviceUrl: this.serviceUrl };
        if (isObject(body.activity)) {
          const activityId = this.nextActivityId();
          call.activityId = activityId;
          state.activities.set(activityId, { ...body.activity, id: activityId });
          response.activityId = activityId;
          this.sentLog.push(call);
        }
        return { status: 201, response };
      }
      case 'sendToConversation':
      case 'replyToActivity': {
        const state = this.learn(conversationId, call);
        const activityId = this.nextActivityId();
        call.activityId = activityId;
        state.activities.set(activityId, { ...body, id: activityId });
        this.sentLog.push(call);
        return { status: 201, response: { id: activityId } };
      }
      case 'updateActivity': {
        const state = this.conversations.get(conversationId);
        const activityId = route.activityId!;
        if (!state?.activities.has(activityId)) throw new HttpError(404, 'ActivityNotFoundInConversation');
        state.activities.set(activityId, { ...body, id: activityId });
        this.updateLog.push(call);
        return { status: 200, response: { id: activityId } };
      }
      case 'deleteActivity': {
        const state = this.conversations.get(conversationId);
        const activityId = route.activityId!;
        if (!state?.activities.has(activityId)) throw new HttpError(404, 'ActivityNotFoundInConversation');
        state.activities.delete(activityId);
        this.deleteLog.push(call);
        return { status: 200 };
      }
      case 'getConversationMembers':
        return { status: 200, response: this.membersOf(conversationId) };
      case 'getConversationMember': {
        const member = this.membersOf(conversationId).find(
          (m) => m.id === route.memberId || m.aadObjectId === route.memberId,
        );
        if (!member) throw new HttpError(404, 'MemberNotFoundInConversation');
        return { status: 200, response: member };
      }
      case 'getConversationPagedMembers': {
        const members = this.membersOf(conversationId);
        const requested = Number(route.query?.get('pageSize'));
        const pageSize = Number.isInteger(requested) && requested > 0 ? requested : 200;
        const token = route.query?.get('continuationToken');
        const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
        if (!Number.isInteger(start) || start < 0) throw new HttpError(400, 'BadArgument', 'Invalid continuation token.');
        const page = members.slice(start, start + pageSize);
        const response: Record<string, unknown> = { members: page };
        if (start + pageSize < members.length) {
          response.continuationToken = Buffer.from(String(start + pageSize), 'utf8').toString('base64url');
        }
        return { status: 200, response };
      }
      default:
        throw new HttpError(404, 'NotFound', 'No such Bot Connector route.');
    }
  }

  /** Conversations the bot learned about from inbound traffic are unknown here; adopt them on first use. */
  private learn(conversationId: string, call: RecordedCall): ConversationState {
    const state = this.conversation(conversationId);
    state.tenantId ??= call.tenantId;
    state.botId ??= call.botId;
    return state;
  }

  private membersOf(conversationId: string): ChannelAccountLike[] {
    return (
      this.conversations.get(conversationId)?.members ??
      this.conversations.get(threadOf(conversationId))?.members ??
      this.defaultMembers
    );
  }

  private record(call: RecordedCall): void {
    this.callLog.push(call);
    this.emitter.emit('call', call);
  }

  private writeJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    if (payload === undefined) {
      res.writeHead(status, { ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
}

/** Creates a stand-in and starts it; resolves once {@link ConnectorStandIn.serviceUrl} is set. */
export async function startConnectorStandIn(options: ConnectorStandInOptions = {}): Promise<ConnectorStandIn> {
  const standIn = new ConnectorStandIn(options);
  await standIn.start();
  return standIn;
}
