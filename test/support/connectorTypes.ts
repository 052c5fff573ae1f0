/** The Bot Connector stand-in's public shapes: its operations, recorded calls, Teams' documented rate limits and the fault settings. */
/** The Bot Connector operations the stand-in understands (names follow the REST reference). */
export type ConnectorOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'getConversationPagedMembers'
  | 'unknown';

/** Teams' 403 codes that mean "never deliver to this conversation again" (until something changes). */
export type BlockedCode =
  | 'ConversationBlockedByUser'
  | 'BotNotInConversationRoster'
  | 'BotDisabledByAdmin'
  | 'MessageWritesBlocked';

/** Bot Framework's error body: `{ error: { code, message } }`. */
export interface ConnectorErrorBody {
  error: { code: string; message: string };
}

/** A conversation member as the members APIs return it (TeamsChannelAccount). */
export interface ChannelAccountLike {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: string;
  [key: string]: unknown;
}

/**
 * One request the stand-in received, accepted or not.
 *
 * `activityId` is the id the stand-in assigned for sends, replies and create-with-activity, and
 * the id from the URL for updates and deletes. `replyToId` is the activity a reply answers (from
 * the URL). `activity` is the parsed body, except for `createConversation`, where it is the
 * body's `activity` (the whole body is always in `body`).
 */
export interface RecordedCall {
  /** Arrival order, starting at 1; not reset by {@link ConnectorStandIn.reset}. */
  seq: number;
  operation: ConnectorOperation;
  method: string;
  /** Raw request path (still URL-encoded). */
  path: string;
  /** Decoded conversation id (for createConversation: the id it created or would create). */
  conversationId?: string;
  activityId?: string;
  replyToId?: string;
  memberId?: string;
  activity?: any;
  body?: any;
  /** The injected clock's time when the stand-in decided the answer. */
  at: number;
  /** HTTP status answered, or `'timeout'` when the request was made to hang and then dropped. */
  status: number | 'timeout';
  /** Bot Framework error code of a rejected call. */
  errorCode?: string;
  /** For 429 from a rate limit: which limit, e.g. `perBotPerThread 7/1000ms`. */
  throttledBy?: string;
  /** `Retry-After` seconds sent with a 429. */
  retryAfter?: number;
  /** The Authorization header as received: accepted, never checked, kept so tests can assert it. */
  authorization?: string;
  botId: string;
  tenantId: string;
  /** JSON the stand-in answered with (undefined for empty bodies and timeouts). */
  response?: unknown;
}

/** A sliding-window limit: at most `max` accepted requests in any `windowMs`. */
export interface RateLimitRule {
  windowMs: number;
  max: number;
}

/**
 * Rate limits by scope. "Writes" are create/send/reply/update/delete; "reads" are the member
 * roster calls, which Teams allows twice as often.
 */
export interface RateLimits {
  perBotPerThread: RateLimitRule[];
  perBotPerThreadReads: RateLimitRule[];
  perThreadAllBots: RateLimitRule[];
  perThreadAllBotsReads: RateLimitRule[];
  perAppPerTenant: RateLimitRule[];
}

/**
 * Teams' documented limits (rate-limit page, "Per bot per thread limit", "Per thread limit for
 * all bots", and the global 50 RPS per app per tenant). Teams says the values may change, which
 * is why they are options rather than constants baked into the handler.
 */
export const TEAMS_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  perBotPerThread: [
    { windowMs: 1_000, max: 7 },
    { windowMs: 2_000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1800 },
  ],
  perBotPerThreadReads: [
    { windowMs: 1_000, max: 14 },
    { windowMs: 2_000, max: 16 },
    { windowMs: 30_000, max: 120 },
    { windowMs: 3_600_000, max: 3600 },
  ],
  perThreadAllBots: [
    { windowMs: 1_000, max: 14 },
    { windowMs: 2_000, max: 16 },
  ],
  perThreadAllBotsReads: [
    { windowMs: 1_000, max: 28 },
    { windowMs: 2_000, max: 32 },
  ],
  perAppPerTenant: [{ windowMs: 1_000, max: 50 }],
});

/** Fault injection settings; all can be changed while the stand-in runs. */
export interface FaultSettings {
  /** Share (0..1) of requests answered with an injected transient error. */
  faultRate: number;
  /** Statuses an injected error picks from, uniformly. Default 429, 500, 502, 503, 504. */
  faultStatuses: number[];
  /** `Retry-After` seconds on an injected 429. Default 1. */
  faultRetryAfterSeconds: number;
  /** Share (0..1) of requests that hang for `timeoutMs` and then have their socket destroyed. */
  timeouts: number;
  /** How long a "timeout" request hangs, in real milliseconds. Default 30000. */
  timeoutMs: number;
}

/** Constructor options for {@link ConnectorStandIn}. */
export interface ConnectorStandInOptions extends Partial<FaultSettings> {
  /**
   * Clock in milliseconds used for rate-limit windows and `at`. Inject one to move time in tests
   * without sleeping. Default `Date.now`.
   */
  now?: () => number;
  /** Seed of the fault-injection RNG, so a run with the same requests in the same order repeats. Default 1. */
  seed?: number;
  /** Rate limits; `false` switches them all off; a partial object overrides scopes of {@link TEAMS_RATE_LIMITS}. */
  rateLimits?: Partial<RateLimits> | false;
  /** Members returned for conversations that have no members of their own. Default none. */
  members?: ChannelAccountLike[];
  /** Tenant used when neither the body nor the conversation names one. Default `'tenant-default'`. */
  defaultTenantId?: string;
  /** Bot id used when neither the body nor the conversation names one. Default `'bot-default'`. */
  defaultBotId?: string;
  /**
   * Largest message (text + attachments + entities, measured as UTF-16 like Teams does) before
   * 413 `MessageSizeTooBig`. Teams documents about 100 KB. `false` disables. Default 102400.
   */
  maxMessageBytes?: number | false;
  /** Answer 401 when no Authorization header is sent (the real service always would). Default false. */
  requireAuthorization?: boolean;
  /** Path appended to the serviceUrl, like Teams' `teams/`; routes are matched with or without it. Default ''. */
  pathPrefix?: string;
}
