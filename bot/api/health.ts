import type { Server } from 'restify';
import type { Storage } from '../storage/storage.ts';
import { route } from '../http/routes.ts';

/**
 * `/healthz`: 200 `{"status":"ok"}` while storage answers, else 503. `/readyz` also turns 503
 * while the app is shutting down, so a load balancer stops sending work first.
 */
export function registerHealthRoutes(server: Server, storage: Storage, isShuttingDown: () => boolean): void {
  server.get('/healthz', route(async (_req, res) => {
    const ok = await storage.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'storage unavailable' });
  }));
  server.get('/readyz', route(async (_req, res) => {
    if (isShuttingDown()) return res.send(503, { status: 'shutting down' });
    const ok = await storage.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'storage unavailable' });
  }));
}
