import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { loadConfig, ConfigError } from '../bot/config.ts';

let running: RunningApp;
beforeAll(async () => {
  running = await startTestApp();
});
afterAll(() => running.close());

describe('the HTTP server', () => {
  it('answers /healthz with 200 {"status":"ok"} while storage is reachable', async () => {
    const res = await fetch(`${running.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the tab page in Danish at /tab/', async () => {
    const res = await fetch(`${running.baseUrl}/tab/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Porteføljeoversigt');
  });

  it('echoes a correlation id, and answers unknown routes without a stack trace', async () => {
    const res = await fetch(`${running.baseUrl}/api/nope`, { headers: { 'x-correlation-id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('listens on loopback only in development mode', () => {
    expect(running.config.devMode).toBe(true);
    expect(running.baseUrl.startsWith('http://127.0.0.1:')).toBe(true);
  });

  it('answers 503 on /healthz when storage is gone', async () => {
    const other = await startTestApp();
    await other.storage.close();
    try {
      const res = await fetch(`${other.baseUrl}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'storage unavailable' });
    } finally {
      await other.app.stop();
    }
  });
});

describe('configuration', () => {
  it('refuses to listen beyond loopback without credentials', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/loopback/);
  });

  it('takes loopback addresses only as addresses, never names that look like them', () => {
    for (const host of ['127.evil.example', '127.0.0.1.nip.io', 'localhost', '127.0.0.1x', '::ffff:10.0.0.1']) expect(() => loadConfig({ HOST: host }), host).toThrow(/loopback/);
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', '::ffff:127.0.0.1']) expect(loadConfig({ HOST: host }).devMode, host).toBe(true);
    const prod = { BOT_ID: 'id', BOT_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: 't', AAD_APP_CLIENT_ID: 'c', AAD_APP_TENANT_ID: 't', HOST: '0.0.0.0', EVALUATION_HASH_KEY: 'a-long-random-secret-value', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
    expect(() => loadConfig({ ...prod, AUTH_JWKS_URL: 'http://127.evil.example/keys' })).toThrow(/AUTH_JWKS_URL/);
    expect(loadConfig({ ...prod, AUTH_JWKS_URL: 'http://127.0.0.1:9/keys' }).auth.jwksUrl).toBe('http://127.0.0.1:9/keys');
  });

  it('uses embedded storage by default and real storage when configured', () => {
    expect(loadConfig({}).storage.kind).toBe('embedded');
    expect(loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage.kind).toBe('connectionString');
    expect(loadConfig({ STORAGE_TABLE_ENDPOINT: 'https://x.table.core.windows.net', STORAGE_QUEUE_ENDPOINT: 'https://x.queue.core.windows.net' }).storage).toMatchObject({ kind: 'managedIdentity' });
    expect(() => loadConfig({ STORAGE_TABLE_ENDPOINT: 'https://x.table.core.windows.net' })).toThrow(/STORAGE_QUEUE_ENDPOINT/);
  });

  it('is in production mode with bot credentials and an Entra app, and then needs a hash key and storage of its own', () => {
    const prod = { BOT_ID: 'id', BOT_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: 't', AAD_APP_CLIENT_ID: 'c', AAD_APP_TENANT_ID: 't', HOST: '0.0.0.0' };
    expect(() => loadConfig(prod)).toThrow(/EVALUATION_HASH_KEY/);
    expect(() => loadConfig({ ...prod, EVALUATION_HASH_KEY: 'a-long-random-secret-value' })).toThrow(/STORAGE_TABLE_ENDPOINT and STORAGE_QUEUE_ENDPOINT .*STORAGE_CONNECTION_STRING/);
    const config = loadConfig({ ...prod, EVALUATION_HASH_KEY: 'a-long-random-secret-value', STORAGE_TABLE_ENDPOINT: 'https://x.table.core.windows.net', STORAGE_QUEUE_ENDPOINT: 'https://x.queue.core.windows.net' });
    expect(config.devMode).toBe(false);
    expect(config.playground.enabled).toBe(false);
  });

  it('names the variable when a value is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ BOT_ID: 'x', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: 't' })).toThrow(/BOT_PASSWORD/);
  });
});
