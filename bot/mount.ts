import type { Server } from 'restify';
import type { Logger } from './log.ts';
import type { Capability, House, RouteSpec } from './capability.ts';
import { requireStaff } from './auth/principal.ts';
import { route } from './http/routes.ts';
import type { CardActions } from './conversation/cardActions.ts';
import { profileOf } from './conversation/people.ts';
import { t } from './cards/strings.ts';

/** Turns a route's `access` into the authentication (and staff check) that runs before its handler. */
function routeHandler(spec: RouteSpec, house: House) {
  if (spec.access === 'public') return route(spec.handle);
  const { handle, access } = spec;
  return route(async (req, res) => {
    const principal = await house.authenticator.authenticate(req);
    if (access === 'staff') requireStaff(principal);
    return handle(req, res, principal);
  });
}

/**
 * Mounts each capability's routes, card actions, chat commands, renderers, job kinds and event handlers on the
 * shared parts. A verb, renderer kind, job kind or route that two capabilities claim is a start-up
 * error; card data and job payloads are parsed with the capability's schema before its handler runs.
 */
export function mountCapabilities(server: Server, house: House, cardActions: CardActions, capabilities: readonly Capability[]): void {
  const routes = new Set<string>();
  for (const capability of capabilities) {
    for (const spec of capability.routes ?? []) {
      const key = `${spec.method} ${spec.path}`;
      if (routes.has(key)) throw new Error(`route ${key} is mounted twice (capability ${capability.name})`);
      routes.add(key);
      server[spec.method](spec.path, routeHandler(spec, house));
    }
    for (const spec of capability.cardActions ?? []) {
      cardActions.register(spec.verb, async (turn, raw) => {
        const parsed = spec.data.safeParse(raw);
        if (parsed.success) return spec.handle(turn, parsed.data);
        house.log.warn({ verb: spec.verb, issues: parsed.error.issues.map((i) => i.path.join('.')), correlationId: turn.correlationId }, 'card action data refused');
        const { profile } = await profileOf(house.repos, house.config, turn);
        const refusal = spec.refusal ?? { da: 'Kortet kunne ikke læses. Intet er ændret.', en: 'The card could not be read. Nothing was changed.' };
        return { kind: 'message', text: t(profile.language, refusal.da, refusal.en) };
      });
    }
    for (const command of capability.commands ?? []) house.conversation.addCommand(command);
    for (const [kind, renderer] of Object.entries(capability.renderers ?? {})) house.delivery.registerRenderer(kind, renderer);
    for (const [kind, renderer] of Object.entries(capability.feedRenderers ?? {})) house.delivery.registerFeedRenderer(kind, renderer);
    for (const job of capability.jobs ?? []) house.scheduler.register(job);
    for (const handler of capability.events ?? []) house.conversation.addEventHandler(handler);
  }
}

/** Runs the capabilities' start hooks in the order they are listed; a failing hook stops the start. */
export async function startCapabilities(capabilities: readonly Capability[], log: Logger): Promise<void> {
  for (const capability of capabilities) {
    if (!capability.start) continue;
    const startedAt = performance.now();
    await capability.start();
    log.debug({ capability: capability.name, ms: Math.round(performance.now() - startedAt) }, 'capability started');
  }
}

/** Runs the stop hooks, newest first; one that fails is logged and the others still run. */
export async function stopCapabilities(capabilities: readonly Capability[], log: Logger): Promise<void> {
  for (const capability of [...capabilities].reverse()) {
    try {
      await capability.stop?.();
    } catch (error) {
      log.error({ err: error, capability: capability.name }, 'capability did not stop cleanly');
    }
  }
}
