import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_ENV, startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { person, personalMessage, post } from './support/activities.ts';


describe('with bot credentials configured', () => {
  let running: RunningApp;
  let connector: ConnectorStandIn;
  beforeAll(async () => {
    connector = await startConnectorStandIn({ rateLimits: false });
    running = await startTestApp({ env: PRODUCTION_ENV });
  });
  afterAll(async () => {
    await running.close();
    await connector.close();
  });

  it('refuses an unauthenticated activity with 401 and sends nothing', async () => {
    const res = await post(running.baseUrl, personalMessage(connector.serviceUrl, person(1), 'hjælp'));
    expect(res.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses a bearer token from an issuer other than the Bot Framework with 401', async () => {
    const forged = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ aud: PRODUCTION_ENV.BOT_ID, iss: 'https://issuer.example.org/' })).toString('base64url')}.c2lnbmF0dXJl`;
    const res = await post(running.baseUrl, personalMessage(connector.serviceUrl, person(1), 'hjælp'), { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses an empty activity, or one without sender or conversation, with 400 in Danish', async () => {
    for (const body of [{}, { type: 'message', text: 'hej' }, { type: 'message', from: { id: '29:x' } }]) {
      const res = await post(running.baseUrl, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ error: { code: 'InvalidActivity', message: 'Aktiviteten mangler type, afsender eller samtale.' } });
    }
    expect(connector.calls).toHaveLength(0);
  });

  it('answers 503 with a neutral body, never the SDK\'s error text, when the Bot Framework\'s keys cannot be reached', async () => {
    // A token that claims to be from the Bot Framework makes the SDK fetch its signing keys from login.botframework.com, which cannot be reached here.
    const claims = { iss: 'https://api.botframework.com', aud: PRODUCTION_ENV.BOT_ID, exp: Math.floor(Date.now() / 1000) + 600, serviceurl: connector.serviceUrl };
    const token = `${Buffer.from('{"alg":"RS256","typ":"JWT","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;
    const res = await post(running.baseUrl, personalMessage(connector.serviceUrl, person(1), 'hjælp'), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'BotFrameworkUnavailable', message: 'Beskeden kan ikke behandles lige nu. Prøv igen om lidt.' } });
    expect(JSON.stringify(res.body)).not.toMatch(/botframework|ENOTFOUND|getaddrinfo|request to|Error/);
    expect(connector.calls).toHaveLength(0);
  }, 30_000);
});

describe('the bot\'s error boundary', () => {
  it('answers a turn that cannot reach storage with a short Danish message, never the error text', async () => {
    const connector = await startConnectorStandIn({ rateLimits: false });
    const running = await startTestApp();
    try {
      await running.storage.close();
      const res = await post(running.baseUrl, personalMessage(connector.serviceUrl, person(2), 'opgaver'));
      expect(res.status).toBe(200);
      const reply = await connector.waitFor((c) => c.operation === 'replyToActivity' || c.operation === 'sendToConversation');
      // Storage that does not answer is an outage the person can wait out, not a fault of the bot.
      expect((reply.activity as { text?: string }).text).toBe('Det kan ikke lade sig gøre lige nu. Intet er ændret – prøv igen om lidt.');
      expect(JSON.stringify(connector.sent)).not.toMatch(/ECONNREFUSED|RestError|at .*\.ts/);
    } finally {
      await running.app.stop();
      await connector.close();
    }
  });
});
