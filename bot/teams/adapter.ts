import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { BotCredentials } from '../config.ts';
import type { Logger } from '../log.ts';
import { apologyFor } from './replies.ts';

/**
 * The Bot Framework adapter. With credentials it validates every inbound JWT and signs every
 * outbound call; without (development mode, loopback only) it does neither. Replies in a turn use
 * the SDK's retries; proactive sends (`sdkRetries: false`) leave retrying to the delivery engine.
 */
export function createAdapter(credentials: BotCredentials | undefined, log: Logger, options: { sdkRetries?: boolean } = {}): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    credentials
      ? {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppType: credentials.appType,
          MicrosoftAppPassword: credentials.password ?? '',
          MicrosoftAppTenantId: credentials.tenantId ?? '',
        }
      : {},
    undefined,
    undefined,
    undefined,
    // The delivery engine retries itself, within its rate budget; the SDK's own retries would bypass it.
    options.sdkRetries === false ? { noRetryPolicy: true } : undefined,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const activity = context.activity;
    log.error(
      { err: error, correlationId: activity.id, activityType: activity.type, name: activity.name, conversationId: activity.conversation?.id },
      'unhandled error in bot turn',
    );
    try {
      await apologyFor(context);
    } catch (sendError) {
      log.error({ err: sendError, correlationId: activity.id }, 'could not send the apology');
    }
  };
  return adapter;
}
