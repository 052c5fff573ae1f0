import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorClient } from 'botframework-connector';
import {
  ConnectorStandIn,
  TEAMS_RATE_LIMITS,
  type BlockedCode,
  type ConnectorStandInOptions,
} from './support/connectorStandIn.ts';

// A hand-driven clock: rate-limit windows move only when a test says so, never with wall time.
let clock = 0;
const now = (): number => clock;
const standIns: ConnectorStandIn[] = [];

async function startStandIn(options: ConnectorStandInOptions = {}): Promise<ConnectorStandIn> {
  const standIn = new ConnectorStandIn({ now, ...options });
  standIns.push(standIn);
  await standIn.start();
  return standIn;
}

interface Answer {
  status: number;
  headers: Headers;
  json: any;
}

async function call(
  standIn: ConnectorStandIn,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(new URL(path, standIn.serviceUrl), {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer test-token', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

const enc = encodeURIComponent;

function message(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', text, from: { id: '28:bot-a' }, ...extra };
}

function send(standIn: ConnectorStandIn, conversationId: string, activity = message('hi')): Promise<Answer> {
  return call(standIn, 'POST', `v3/conversations/${enc(conversationId)}/activities`, activity);
}

beforeEach(() => {
  clock = 1_000_000;
});

afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});

describe('Bot Connector routes', () => {
  it('sends, replies and updates, recording each call with its activity and auth header', async () => {
    const standIn = await startStandIn();
    expect(standIn.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const conv = 'a:1personal-chat';

    const sent = await send(standIn, conv, message('first'));
    expect(sent.status).toBe(201);
    expect(typeof sent.json.id).toBe('string');

    const reply = await call(standIn, 'POST', `v3/conversations/${enc(conv)}/activities/${enc('user-msg-1')}`, message('re'));
    expect(reply.status).toBe(201);
    expect(reply.json.id).not.toBe(sent.json.id);

    const update = await call(standIn, 'PUT', `v3/conversations/${enc(conv)}/activities/${sent.json.id}`, message('edited'));
    expect(update.status).toBe(200);
    expect(update.json).toEqual({ id: sent.json.id });

    expect(standIn.sent.map((c) => [c.operation, c.activity.text, c.activityId, c.replyToId])).toEqual([
      ['sendToConversation', 'first', sent.json.id, undefined],
      ['replyToActivity', 're', reply.json.id, 'user-msg-1'],
    ]);
    expect(standIn.updates).toHaveLength(1);
    expect(standIn.updates[0]).toMatchObject({ method: 'PUT', conversationId: conv, activityId: sent.json.id, at: clock });
    expect(standIn.updates[0]!.activity.text).toBe('edited');
    expect(standIn.getActivity(conv, sent.json.id).text).toBe('edited');
    expect(standIn.calls.every((c) => c.authorization === 'Bearer test-token')).toBe(true);
    expect(standIn.activitiesFor(conv)).toHaveLength(2);
    expect(standIn.activitiesFor('a:1someone-else')).toHaveLength(0);
  });

  it('decodes URL-encoded Teams ids (":", ";", "@", "=")', async () => {
    const standIn = await startStandIn();
    const channelThread = '19:abcDEF123@thread.tacv2;messageid=1700000000999';
    const res = await send(standIn, channelThread);
    expect(res.status).toBe(201);
    const [recorded] = standIn.calls;
    expect(recorded!.path).toContain('19%3AabcDEF123%40thread.tacv2%3Bmessageid%3D1700000000999');
    expect(recorded!.conversationId).toBe(channelThread);
    expect(standIn.activitiesFor(channelThread)).toHaveLength(1);
  });

  it('answers 404 ActivityNotFoundInConversation when updating an activity that was never sent or was deleted', async () => {
    const standIn = await startStandIn();
    const conv = 'a:1chat';
    const unknown = await call(standIn, 'PUT', `v3/conversations/${enc(conv)}/activities/999`, message('x'));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error: { code: 'ActivityNotFoundInConversation', message: expect.any(String) },
    });

    const { json } = await send(standIn, conv);
    const del = await call(standIn, 'DELETE', `v3/conversations/${enc(conv)}/activities/${json.id}`);
    expect(del.status).toBe(200);
    expect(standIn.deletes.map((c) => c.activityId)).toEqual([json.id]);
    const afterDelete = await call(standIn, 'PUT', `v3/conversations/${enc(conv)}/activities/${json.id}`, message('x'));
    expect(afterDelete.status).toBe(404);
    expect(standIn.updates).toHaveLength(0);
  });

  it('creates a conversation and answers { id, activityId, serviceUrl }; the same 1:1 gets the same id', async () => {
    const standIn = await startStandIn();
    const params = {
      bot: { id: '28:bot-a' },
      members: [{ id: '29:user-1', name: 'Ulla' }],
      isGroup: false,
      channelData: { tenant: { id: 'tenant-kombit' } },
      activity: { type: 'message', text: 'Welcome' },
    };
    const first = await call(standIn, 'POST', 'v3/conversations', params);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id: expect.stringMatching(/^a:/), activityId: expect.any(String), serviceUrl: standIn.serviceUrl });

    const again = await call(standIn, 'POST', 'v3/conversations', { ...params, activity: undefined });
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.activityId).toBeUndefined();

    // Only the call that carried an activity counts as a sent message.
    expect(standIn.sent).toHaveLength(1);
    expect(standIn.sent[0]).toMatchObject({ operation: 'createConversation', conversationId: first.json.id, tenantId: 'tenant-kombit' });
    expect(standIn.sent[0]!.activity.text).toBe('Welcome');

    // The conversation remembers its tenant and roster for calls with no body.
    const members = await call(standIn, 'GET', `v3/conversations/${enc(first.json.id)}/members`);
    expect(members.json).toEqual([{ id: '29:user-1', name: 'Ulla' }]);
    expect(standIn.calls.at(-1)!.tenantId).toBe('tenant-kombit');

    const noMembers = await call(standIn, 'POST', 'v3/conversations', { bot: { id: '28:bot-a' }, members: [] });
    expect(noMembers.status).toBe(400);
    expect(noMembers.json.error.code).toBe('BadArgument');
  });

  it('returns configured members, 404 MemberNotFoundInConversation for strangers, and pages', async () => {
    const roster = [
      { id: '29:u1', name: 'One', aadObjectId: 'aad-1' },
      { id: '29:u2', name: 'Two', aadObjectId: 'aad-2' },
      { id: '29:u3', name: 'Three', aadObjectId: 'aad-3' },
    ];
    const standIn = await startStandIn({ members: roster });
    const conv = '19:team@thread.tacv2';

    expect((await call(standIn, 'GET', `v3/conversations/${enc(conv)}/members`)).json).toEqual(roster);
    const one = await call(standIn, 'GET', `v3/conversations/${enc(conv)}/members/${enc('29:u2')}`);
    expect(one.json).toEqual(roster[1]);
    const byAad = await call(standIn, 'GET', `v3/conversations/${enc(conv)}/members/aad-3`);
    expect(byAad.json.id).toBe('29:u3');
    const stranger = await call(standIn, 'GET', `v3/conversations/${enc(conv)}/members/${enc('29:nobody')}`);
    expect(stranger.status).toBe(404);
    expect(stranger.json.error.code).toBe('MemberNotFoundInConversation');

    const page1 = await call(standIn, 'GET', `v3/conversations/${enc(conv)}/pagedmembers?pageSize=2`);
    expect(page1.json.members.map((m: { id: string }) => m.id)).toEqual(['29:u1', '29:u2']);
    expect(page1.json.continuationToken).toEqual(expect.any(String));
    const page2 = await call(
      standIn,
      'GET',
      `v3/conversations/${enc(conv)}/pagedmembers?pageSize=2&continuationToken=${enc(page1.json.continuationToken)}`,
    );
    expect(page2.json.members.map((m: { id: string }) => m.id)).toEqual(['29:u3']);
    expect(page2.json.continuationToken).toBeUndefined();

    standIn.setMembers('a:1private', [{ id: '29:solo' }]);
    expect((await call(standIn, 'GET', `v3/conversations/${enc('a:1private')}/members`)).json).toEqual([{ id: '29:solo' }]);
  });

  it('rejects messages over the documented ~100 KB (UTF-16) with 413 MessageSizeTooBig', async () => {
    const standIn = await startStandIn();
    const big = await send(standIn, 'a:1chat', message('x'.repeat(60_000)));
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('MessageSizeTooBig');
    expect((await send(standIn, 'a:1chat', message('x'.repeat(40_000)))).status).toBe(201);
    expect(standIn.sent).toHaveLength(1);
  });
});

describe('permanent per-conversation failures', () => {
  const codes: BlockedCode[] = ['ConversationBlockedByUser', 'BotNotInConversationRoster', 'BotDisabledByAdmin', 'MessageWritesBlocked'];

  it.each(codes)('blockConversation(%s) answers 403 with that code, for the channel and its reply chains', async (code) => {
    const standIn = await startStandIn();
    const channel = '19:general@thread.tacv2';
    standIn.blockConversation(channel, code);

    const direct = await send(standIn, channel);
    expect(direct.status).toBe(403);
    expect(direct.json.error.code).toBe(code);
    const inThread = await send(standIn, `${channel};messageid=42`);
    expect(inThread.status).toBe(403);
    // Other conversations are untouched.
    expect((await send(standIn, '19:other@thread.tacv2')).status).toBe(201);
    expect(standIn.sent.map((c) => c.conversationId)).toEqual(['19:other@thread.tacv2']);
    expect(standIn.calls.filter((c) => c.status === 403)).toHaveLength(2);
  });

  it('MessageWritesBlocked carries the documented subCode text', async () => {
    const standIn = await startStandIn();
    standIn.blockConversation('a:1chat', 'MessageWritesBlocked');
    const res = await send(standIn, 'a:1chat');
    expect(JSON.parse(res.json.error.message)).toMatchObject({ subCode: 'MessageWritesBlocked' });
  });

  it('removeConversation answers 404 ConversationNotFound until restored', async () => {
    const standIn = await startStandIn();
    standIn.removeConversation('a:1gone');
    const res = await send(standIn, 'a:1gone');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('ConversationNotFound');
    const members = await call(standIn, 'GET', `v3/conversations/${enc('a:1gone')}/members`);
    expect(members.json.error.code).toBe('ConversationNotFound');
    expect(standIn.sent).toHaveLength(0);

    standIn.restoreConversation('a:1gone');
    expect((await send(standIn, 'a:1gone')).status).toBe(201);
  });
});

describe('Teams rate limits', () => {
  it('allows 7 sends per second per bot per thread; the 8th gets 429 Throttled with Retry-After', async () => {
    const standIn = await startStandIn();
    for (let i = 0; i < 7; i++) expect((await send(standIn, 'a:1chat')).status).toBe(201);

    const eighth = await send(standIn, 'a:1chat');
    expect(eighth.status).toBe(429);
    expect(eighth.headers.get('retry-after')).toBe('1');
    expect(eighth.json.error.code).toBe('Throttled');
    expect(standIn.sent).toHaveLength(7);
    expect(standIn.calls.at(-1)).toMatchObject({ status: 429, retryAfter: 1, throttledBy: 'perBotPerThread 7/1000ms' });

    // A second later the 1 s window is free, but the 2 s window (8 per 2 s) now binds.
    clock += 1_000;
    expect((await send(standIn, 'a:1chat')).status).toBe(201);
    const ninth = await send(standIn, 'a:1chat');
    expect(ninth.status).toBe(429);
    expect(standIn.calls.at(-1)!.throttledBy).toBe('perBotPerThread 8/2000ms');

    // Another thread of the same bot is not affected.
    expect((await send(standIn, 'a:1other')).status).toBe(201);
  });

  it('enforces 60 per 30 s and 1800 per hour with sliding windows and a matching Retry-After', async () => {
    const standIn = await startStandIn({ rateLimits: { perAppPerTenant: [] } });
    const start = clock;
    // One send every 300 ms stays under 7/1 s and 8/2 s, so only the 30 s window can bind.
    for (let i = 0; i < 60; i++) {
      clock = start + i * 300;
      expect((await send(standIn, 'a:1chat')).status).toBe(201);
    }
    clock = start + 60 * 300;
    const over = await send(standIn, 'a:1chat');
    expect(over.status).toBe(429);
    expect(standIn.calls.at(-1)!.throttledBy).toBe('perBotPerThread 60/30000ms');
    // The first send (at `start`) leaves the window at start + 30 s: 12 s from now.
    expect(over.headers.get('retry-after')).toBe('12');
    clock = start + 30_000;
    expect((await send(standIn, 'a:1chat')).status).toBe(201);

    // One send every 600 ms stays under 60/30 s, so only the hour window can bind.
    const hourly = await startStandIn({ rateLimits: { perAppPerTenant: [] } });
    const hourStart = clock;
    for (let i = 0; i < 1800; i++) {
      clock = hourStart + i * 600;
      const res = await send(hourly, 'a:1chat');
      if (res.status !== 201) throw new Error(`send ${i} answered ${res.status}`);
    }
    clock = hourStart + 1800 * 600;
    const overHour = await send(hourly, 'a:1chat');
    expect(overHour.status).toBe(429);
    expect(hourly.calls.at(-1)!.throttledBy).toBe('perBotPerThread 1800/3600000ms');
    expect(overHour.headers.get('retry-after')).toBe(String((3_600_000 - 1800 * 600) / 1000));
  });

  it('allows 14 per second per thread across all bots', async () => {
    const standIn = await startStandIn();
    const conv = '19:shared@thread.v2';
    for (const bot of ['28:bot-a', '28:bot-b']) {
      for (let i = 0; i < 7; i++) {
        expect((await send(standIn, conv, message('m', { from: { id: bot } }))).status).toBe(201);
      }
    }
    const third = await send(standIn, conv, message('m', { from: { id: '28:bot-c' } }));
    expect(third.status).toBe(429);
    expect(standIn.calls.at(-1)!.throttledBy).toBe('perThreadAllBots 14/1000ms');
    expect(standIn.sent).toHaveLength(14);
  });

  it('allows 50 requests per second per app per tenant across many conversations', async () => {
    const standIn = await startStandIn();
    const tenantA = { channelData: { tenant: { id: 'tenant-a' } } };
    for (let i = 0; i < 50; i++) {
      expect((await send(standIn, `a:1user-${i}`, message('m', tenantA))).status).toBe(201);
    }
    const fiftyFirst = await send(standIn, 'a:1user-50', message('m', tenantA));
    expect(fiftyFirst.status).toBe(429);
    expect(fiftyFirst.headers.get('retry-after')).toBe('1');
    expect(standIn.calls.at(-1)!.throttledBy).toBe('perAppPerTenant 50/1000ms');

    // Another tenant has its own budget; the conversation's learned tenant counts for body-less reads.
    expect((await send(standIn, 'a:1user-x', message('m', { channelData: { tenant: { id: 'tenant-b' } } }))).status).toBe(201);
    const read = await call(standIn, 'GET', `v3/conversations/${enc('a:1user-3')}/members`);
    expect(read.status).toBe(429);

    clock += 1_000;
    expect((await send(standIn, 'a:1user-50', message('m', tenantA))).status).toBe(201);
  });

  it('can be switched off or replaced, at construction or while running', async () => {
    const standIn = await startStandIn({ rateLimits: false });
    for (let i = 0; i < 20; i++) expect((await send(standIn, 'a:1chat')).status).toBe(201);

    standIn.setRateLimits({ perBotPerThread: [{ windowMs: 1_000, max: 2 }] });
    clock += 10_000;
    expect((await send(standIn, 'a:1chat')).status).toBe(201);
    expect((await send(standIn, 'a:1chat')).status).toBe(201);
    expect((await send(standIn, 'a:1chat')).status).toBe(429);
    expect(TEAMS_RATE_LIMITS.perBotPerThread[0]).toEqual({ windowMs: 1_000, max: 7 });
  });
});

describe('fault injection', () => {
  async function statuses(standIn: ConnectorStandIn, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await send(standIn, `a:1chat-${i % 10}`)).status);
    return out;
  }

  it('injects 5xx and 429 at roughly faultRate, repeatably for a seed', async () => {
    const options = { seed: 42, faultRate: 0.3, rateLimits: false as const };
    const standIn = await startStandIn(options);
    const got = await statuses(standIn, 400);
    const failed = got.filter((s) => s !== 201);
    expect(failed.length / got.length).toBeGreaterThan(0.24);
    expect(failed.length / got.length).toBeLessThan(0.36);
    expect(new Set(failed)).toEqual(new Set([429, 500, 502, 503, 504]));
    expect(standIn.sent).toHaveLength(got.length - failed.length);

    const injected = standIn.calls.filter((c) => c.status !== 201);
    expect(new Set(injected.map((c) => c.errorCode))).toEqual(
      new Set(['Throttled', 'ServiceError', 'ServiceUnavailable', 'GatewayTimeout']),
    );
    expect(injected.filter((c) => c.status === 429).every((c) => c.retryAfter === 1)).toBe(true);

    // Same seed and same requests: the same answers. Another seed: different ones.
    expect(await statuses(await startStandIn(options), 400)).toEqual(got);
    expect(await statuses(await startStandIn({ ...options, seed: 7 }), 400)).not.toEqual(got);

    // reset() restarts the RNG, so a test can replay the sequence on the same instance.
    standIn.reset();
    expect(standIn.calls).toHaveLength(0);
    expect(await statuses(standIn, 400)).toEqual(got);
  });

  it('can be changed while running', async () => {
    const standIn = await startStandIn({ faultRate: 1, faultStatuses: [502], rateLimits: false });
    const bad = await send(standIn, 'a:1chat');
    expect(bad.status).toBe(502);
    expect(bad.json.error.code).toBe('ServiceError');
    standIn.setFaults({ faultRate: 0 });
    expect((await send(standIn, 'a:1chat')).status).toBe(201);
    expect(standIn.getFaults().faultRate).toBe(0);
  });

  it('makes a share of requests hang for timeoutMs and then drops the connection', async () => {
    const standIn = await startStandIn({ timeouts: 1, timeoutMs: 60 });
    const started = performance.now();
    await expect(send(standIn, 'a:1chat')).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(standIn.calls.map((c) => c.status)).toEqual(['timeout']);
    expect(standIn.sent).toHaveLength(0);

    standIn.setFaults({ timeouts: 0 });
    expect((await send(standIn, 'a:1chat')).status).toBe(201);
  });

  it('close() does not wait for hanging requests', async () => {
    const standIn = await startStandIn({ timeouts: 1, timeoutMs: 60_000 });
    const pending = send(standIn, 'a:1chat').catch((err: unknown) => err);
    await standIn.waitFor((c) => c.status === 'timeout');
    const started = performance.now();
    await standIn.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('waitFor', () => {
  it('resolves when a matching call arrives, and at once for calls already recorded', async () => {
    const standIn = await startStandIn();
    const waiting = standIn.waitFor((c) => c.operation === 'replyToActivity' && c.activity?.text === 'done');
    let settled = false;
    void waiting.then(() => (settled = true));

    await send(standIn, 'a:1chat', message('not yet'));
    expect(settled).toBe(false);

    void call(standIn, 'POST', `v3/conversations/${enc('a:1chat')}/activities/7`, message('done'));
    const hit = await waiting;
    expect(hit).toMatchObject({ replyToId: '7', conversationId: 'a:1chat' });

    const again = await standIn.waitFor((c) => c.activity?.text === 'not yet', 1);
    expect(again.operation).toBe('sendToConversation');
  });

  it('rejects when nothing matches in time', async () => {
    const standIn = await startStandIn();
    await send(standIn, 'a:1chat');
    await expect(standIn.waitFor((c) => c.conversationId === 'a:1never', 20)).rejects.toThrow(/no matching call/);
  });
});

describe('compatibility with the Bot Framework SDK client', () => {
  it("botframework-connector's ConnectorClient reads the answers and error codes", async () => {
    const standIn = await startStandIn();
    const credentials = {
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
        request.headers.set('Authorization', 'Bearer sdk-token');
        return request;
      },
    };
    const client = new ConnectorClient(credentials as never, { baseUri: standIn.serviceUrl });
    const conv = '19:abc@thread.tacv2;messageid=123';

    const sent = await client.conversations.sendToConversation(conv, { type: 'message', text: 'hi' } as never);
    expect(sent.id).toBe(standIn.sent[0]!.activityId);
    expect(standIn.sent[0]).toMatchObject({ conversationId: conv, authorization: 'Bearer sdk-token' });

    await expect(
      client.conversations.updateActivity(conv, 'missing', { type: 'message', text: 'x' } as never),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ActivityNotFoundInConversation' });

    standIn.blockConversation('a:1blocked', 'BotDisabledByAdmin');
    await expect(
      client.conversations.sendToConversation('a:1blocked', { type: 'message', text: 'x' } as never),
    ).rejects.toMatchObject({ statusCode: 403, code: 'BotDisabledByAdmin' });
  });
});
