import type { Server } from 'restify';
import type { Storage } from '../storage/storage.ts';
import { route } from '../http/routes.ts';
import type { BotFrameworkStatus } from '../botFrameworkStatus.ts';

/**
 * `/healthz`: 200 `{"status":"ok"}` while storage answers, else 503. `/readyz` also turns 503
 * while the app is shutting down, so a load balancer stops sending work first, and while the Bot
 * Framework's token metadata cannot be reached (no activity from Teams can be accepted then; it
 * says since when). `/healthz` does not, so a Bot Framework outage never restarts the app.
 */
export function registerHealthRoutes(server: Server, storage: Storage, isShuttingDown: () => boolean, botFramework?: BotFrameworkStatus): void {
  server.get('/healthz', route(async (_req, res) => {
    const ok = await storage.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'storage unavailable' });
  }));
  server.get('/readyz', route(async (_req, res) => {
    if (isShuttingDown()) return res.send(503, { status: 'shutting down' });
    const ok = await storage.ping();
    if (!ok) return res.send(503, { status: 'storage unavailable' });
    const since = botFramework?.unreachable;
    if (since) return res.send(503, { status: 'bot framework unreachable', since: since.toISOString() });
    res.send(200, { status: 'ready' });
  }));
}
