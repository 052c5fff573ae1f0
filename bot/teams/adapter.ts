import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, JwtTokenValidation, type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import type { BotCredentials } from '../config.ts';
import type { Logger } from '../log.ts';
import type { BotFrameworkStatus } from '../botFrameworkStatus.ts';
import { apologyFor } from './replies.ts';
import { chatReplyFor } from '../conversation/errorReplies.ts';

const MAX_REUSED_CLIENTS = 100;

/** Keeps at most {@link MAX_REUSED_CLIENTS} values; a failed creation is not kept, so the next turn tries again. */
function reuse<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    if (cache.size >= MAX_REUSED_CLIENTS) cache.clear();
    value = create();
    cache.set(key, value);
    value.catch(() => cache.delete(key));
  }
  return value;
}

/** The bot identity a connector or token client acts for: the token's audience (our app id) and caller app id. */
function identityKey(claimsIdentity: ClaimsIdentity): string {
  const claims = claimsIdentity.claims ?? [];
  const audience = claims.find((claim) => claim.type === AuthenticationConstants.AudienceClaim)?.value ?? '';
  return `${audience}|${claims.length ? (JwtTokenValidation.getAppIdFromClaims(claims) ?? '') : ''}`;
}

/**
 * Takes the connector client's own retries out. botbuilder accepts `noRetryPolicy` but its
 * core-client compatibility layer ignores it and builds the default pipeline, which retries 5xx
 * and 429 by itself: those retries would bypass the delivery engine's rate budget. The policy is
 * removed by its documented pipeline phase ("Retry") from the client botbuilder keeps inside.
 */
function withoutRetries(connector: ConnectorClient): ConnectorClient {
  const pipeline = (connector as unknown as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } }).client?.pipeline;
  if (!pipeline) throw new Error('the botbuilder connector client has no pipeline to take its retries out of');
  pipeline.removePolicy({ phase: 'Retry' });
  return connector;
}

/**
 * Bot Framework authentication that builds a connector client once per bot identity, service URL
 * and audience, and a user-token client once per identity, instead of both on every turn: building
 * them (an HTTP pipeline each) was about a tenth of the CPU of answering a card action, and they
 * keep no state of a turn (their credentials fetch and cache tokens themselves).
 */
class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  /**
   * `sdkRetries`: whether connector clients keep the SDK's own retries (replies in a turn) or not
   * (proactive sends). `status`: told whether token checks reach the Bot Framework's metadata.
   */
  constructor(
    configuration: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly sdkRetries: boolean,
    private readonly status?: BotFrameworkStatus,
  ) {
    super(configuration);
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const identity = identityKey(claimsIdentity);
    const create = async (serviceUrl: string, audience?: string) => {
      const connector = await factory.create(serviceUrl, audience);
      return this.sdkRetries ? connector : withoutRetries(connector);
    };
    return { create: (serviceUrl: string, audience?: string) => reuse(this.connectors, `${identity}|${serviceUrl}|${audience ?? ''}`, () => create(serviceUrl, audience)) };
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      // A refusal carries its HTTP status (401); anything else is the metadata or keys not reached.
      if (typeof (error as { statusCode?: unknown }).statusCode !== 'number') this.status?.noteUnreachable();
      throw error;
    }
    if (authHeader) this.status?.noteReachable();
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reuse(this.tokenClients, identityKey(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}

/**
 * The Bot Framework adapter. With credentials it validates every inbound JWT and signs every
 * outbound call; without (development mode, loopback only) it does neither. Replies in a turn use
 * the SDK's retries; proactive sends (`sdkRetries: false`) leave retrying to the delivery engine.
 */
export function createAdapter(credentials: BotCredentials | undefined, log: Logger, options: { sdkRetries?: boolean; status?: BotFrameworkStatus } = {}): CloudAdapter {
  const auth = new ReusingAuthentication(
    credentials
      ? {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppType: credentials.appType,
          MicrosoftAppPassword: credentials.password ?? '',
          MicrosoftAppTenantId: credentials.tenantId ?? '',
        }
      : {},
    // The delivery engine retries itself, within its rate budget; the SDK's own retries would bypass it.
    options.sdkRetries !== false,
    options.status,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const activity = context.activity;
    const named = chatReplyFor(error);
    log[named ? 'info' : 'error'](
      { err: error, correlationId: activity.id, activityType: activity.type, name: activity.name, conversationId: activity.conversation?.id },
      named ? 'bot turn refused' : 'unhandled error in bot turn',
    );
    try {
      await apologyFor(context, named);
    } catch (sendError) {
      log.error({ err: sendError, correlationId: activity.id }, 'could not send the apology');
    }
  };
  return adapter;
}
