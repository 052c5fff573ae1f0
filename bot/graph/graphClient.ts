import { Client, HTTPMessageHandler, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { Config } from '../config.ts';

/**
 * Microsoft Graph through the maintained client (`@microsoft/microsoft-graph-client`), signed in
 * as the app registration of the manifest's `webApplicationInfo` with `@azure/identity` (client
 * secret, application permissions granted by admin consent); undefined when Graph is not
 * configured. The client's retry middleware waits out 429 and 503/504 with the Retry-After Graph
 * sends. Every Graph reader of the app (the roster's reach, the meetings' attendance reports) uses it.
 */
export async function graphClient(config: Config): Promise<Client | undefined> {
  const graph = config.graph;
  if (!graph) return undefined;
  let token: () => Promise<string>;
  if (graph.standIn) {
    token = async () => 'stand-in';
  } else {
    // Loaded only when Graph is configured: @azure/identity adds most of a second to a start.
    const { ClientSecretCredential } = await import('@azure/identity');
    const credential = new ClientSecretCredential(config.entra!.tenantId, config.entra!.clientId, graph.clientSecret!);
    token = async () => (await credential.getToken('https://graph.microsoft.com/.default')).token;
  }
  // Retry (honouring Retry-After on 429/503/504), then the token, then the request. The token is
  // set by our own step because the client's attaches it to https Graph hosts only, not to the loopback stand-in.
  const retry = new RetryHandler(new RetryHandlerOptions(undefined, 5));
  const bearer: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${await token()}`);
      context.options = { ...context.options, headers };
      await bearer.next!.execute(context);
    },
    setNext(next: Middleware) {
      bearer.next = next;
    },
  };
  retry.setNext(bearer);
  bearer.setNext!(new HTTPMessageHandler());
  return Client.initWithMiddleware({ baseUrl: `${graph.baseUrl}/`, defaultVersion: 'v1.0', middleware: retry });
}
