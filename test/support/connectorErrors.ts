/** The Bot Connector's error codes and messages as Teams documents them, and the error the stand-in answers with. */
export const MESSAGES: Record<string, string> = {
  ConversationBlockedByUser: 'User blocked the conversation with the bot.',
  BotNotInConversationRoster: 'The bot is not part of the conversation roster.',
  BotDisabledByAdmin: 'The tenant admin disabled this bot',
  ConversationNotFound: 'Conversation not found.',
  ActivityNotFoundInConversation: 'Conversation not found.',
  MemberNotFoundInConversation: 'The member was not found in the conversation.',
  Throttled: 'Too many requests.',
  ServiceError: 'Internal service error (injected by the connector stand-in).',
  BadGateway: 'Bad gateway (injected by the connector stand-in).',
  ServiceUnavailable: 'Service unavailable (injected by the connector stand-in).',
  GatewayTimeout: 'Gateway timeout (injected by the connector stand-in).',
  PreconditionFailed: 'Precondition failed, please try again.',
  MessageSizeTooBig: 'Message size too large.',
  Unauthorized: 'Authorization has been denied for this request.',
};

/** Codes for injected transient statuses, as in Teams' status code table (503/504 have none there). */
export const FAULT_CODES: Record<number, string> = {
  412: 'PreconditionFailed',
  429: 'Throttled',
  500: 'ServiceError',
  502: 'ServiceError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** Teams documents MessageWritesBlocked as a `subCode` inside a JSON-in-a-string message; keep that text so string matching works too. */
export const MESSAGE_WRITES_BLOCKED_MESSAGE = JSON.stringify({
  subCode: 'MessageWritesBlocked',
  details: 'Thread is blocked from message writes.',
  errorCode: null,
  errorSubCode: null,
});

export class HttpError extends Error {
  retryAfter?: number;
  throttledBy?: string;

  constructor(
    readonly status: number,
    readonly code: string,
    message?: string,
  ) {
    super(message ?? MESSAGES[code] ?? code);
  }
}
