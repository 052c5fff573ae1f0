/** The Bot Connector REST routes the stand-in answers, and its bounded body reader. */
import type { IncomingMessage } from 'node:http';
import type { ConnectorOperation } from './connectorTypes.ts';
import { HttpError } from './connectorErrors.ts';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface Route {
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  query?: URLSearchParams;
  error?: HttpError;
}

const CONVERSATIONS = '/v3/conversations';

/**
 * Splits on the raw '/' before decoding each segment, because Teams ids carry ':', ';', '@' and
 * '=' that the SDK percent-encodes, and an encoded '/' must stay inside its segment.
 */
export function parseRoute(method: string, pathname: string): Route {
  const at = pathname.indexOf(CONVERSATIONS);
  const rest = at < 0 ? undefined : pathname.slice(at + CONVERSATIONS.length);
  if (rest === undefined || (rest !== '' && !rest.startsWith('/'))) {
    return { operation: 'unknown', error: new HttpError(404, 'NotFound', 'No such Bot Connector route.') };
  }
  const segments = rest.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const [conversationId, collection, itemId, ...extra] = segments;
  const notAllowed = (operation: ConnectorOperation): Route => ({
    operation,
    conversationId,
    error: new HttpError(405, 'MethodNotAllowed', `${method} is not supported on this route.`),
  });
  if (extra.length > 0) return { operation: 'unknown', error: new HttpError(404, 'NotFound', 'No such Bot Connector route.') };
  if (conversationId === undefined) {
    return method === 'POST' ? { operation: 'createConversation' } : notAllowed('unknown');
  }
  if (collection === 'activities' && itemId === undefined) {
    return method === 'POST' ? { operation: 'sendToConversation', conversationId } : notAllowed('unknown');
  }
  if (collection === 'activities') {
    if (method === 'POST') return { operation: 'replyToActivity', conversationId, activityId: itemId };
    if (method === 'PUT') return { operation: 'updateActivity', conversationId, activityId: itemId };
    if (method === 'DELETE') return { operation: 'deleteActivity', conversationId, activityId: itemId };
    return notAllowed('unknown');
  }
  if (collection === 'members' && itemId === undefined) {
    return method === 'GET' ? { operation: 'getConversationMembers', conversationId } : notAllowed('unknown');
  }
  if (collection === 'members') {
    return method === 'GET' ? { operation: 'getConversationMember', conversationId, memberId: itemId } : notAllowed('unknown');
  }
  if (collection === 'pagedmembers' && itemId === undefined) {
    return method === 'GET' ? { operation: 'getConversationPagedMembers', conversationId } : notAllowed('unknown');
  }
  return { operation: 'unknown', error: new HttpError(404, 'NotFound', 'No such Bot Connector route.') };
}

export function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining past the cap so the handler can still answer 413, but stop buffering.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
    req.on('error', reject);
  });
}
