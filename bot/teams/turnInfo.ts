import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Logger } from '../log.ts';
import type { TurnInfo } from '../conversation/turn.ts';

const EMAIL_TTL_MS = 10 * 60 * 1000;
const emails = new Map<string, { email?: string; at: number }>();

/** The person's e-mail from Teams' roster (activities do not carry it); cached for a few minutes, undefined if Teams will not say. */
async function emailOf(context: TurnContext, log: Logger): Promise<string | undefined> {
  const userId = context.activity.from?.id;
  if (!userId) return undefined;
  const cached = emails.get(userId);
  if (cached && Date.now() - cached.at < EMAIL_TTL_MS) return cached.email;
  let email: string | undefined;
  try {
    const member = await TeamsInfo.getMember(context, userId);
    email = member.email ?? member.userPrincipalName ?? undefined;
  } catch (error) {
    log.debug({ err: error, correlationId: context.activity.id }, 'could not read the member from the roster');
  }
  emails.set(userId, { email, at: Date.now() });
  return email;
}

/** Turns an activity into what the conversation logic needs, free of botbuilder types. */
export async function turnInfoOf(context: TurnContext, log: Logger, options: { lookUpEmail: boolean }): Promise<TurnInfo> {
  const a = context.activity;
  const type = a.conversation?.conversationType === 'personal' || a.conversation?.conversationType === 'groupChat' ? a.conversation.conversationType : 'channel';
  const channelData = a.channelData as { team?: { id?: string }; tenant?: { id?: string } } | undefined;
  return {
    user: {
      id: a.from?.id ?? 'unknown',
      aadObjectId: a.from?.aadObjectId,
      name: a.from?.name,
      email: options.lookUpEmail ? await emailOf(context, log) : undefined,
    },
    conversation: {
      id: a.conversation?.id ?? '',
      type,
      tenantId: a.conversation?.tenantId ?? channelData?.tenant?.id,
      teamId: channelData?.team?.id,
    },
    locale: a.locale,
    correlationId: a.id ?? 'no-activity-id',
  };
}

/** The text of a message with the bot's @mention removed. */
export function messageText(context: TurnContext): string {
  return TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
}
