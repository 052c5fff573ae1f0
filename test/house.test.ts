import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import restify from 'restify';
import { z } from 'zod';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { testLog } from './support/storage.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { cardAction as actionSpec, type Capability, type House } from '../bot/capability.ts';
import { mountCapabilities } from '../bot/mount.ts';
import { CardActions } from '../bot/conversation/cardActions.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clock = new ManualClock('2026-11-23T09:00:00Z');
const leader = person(71, 'Lene Programleder');

let running: RunningApp;
let connector: ConnectorStandIn;

beforeAll(async () => {
  connector = await startConnectorStandIn();
  running = await startTestApp({ clock });
  await running.app.repos.users.save(newProfile(leader.aadObjectId, { name: leader.name, municipalityCode: '751' }));
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

describe('the house: capabilities mounted by the composition root', () => {
  it('answers a click on a verb no capability knows in Danish, and logs and counts it', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, leader, 'legacyVerbFrom2024', { taskId: 'x' }));
    expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Kortet kunne ikke læses. Prøv igen, eller skriv "hjælp".' });
    expect(running.app.faults().unknownVerbs.get('legacyVerbFrom2024')).toBe(1);
  });

  it('parses card data with the verb\'s schema before the handler runs: bad data is refused in Danish and changes nothing', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, leader, 'agreementReminders', { agreementId: 'aftale-1', reminders: 'maybe' }));
    expect(res.body).toMatchObject({ value: 'Kortet kunne ikke læses. Intet er ændret.' });
    expect((await running.app.repos.users.get(leader.aadObjectId))!.value.optedOutAgreements ?? []).toEqual([]);
  });

  it('checks a staff-only route\'s access before its handler runs: a program leader is refused with 403 in Danish, staff get the report', async () => {
    const asLeader = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false' } });
    try {
      const refused = await fetch(`${asLeader.baseUrl}/api/notifications/n-1/report`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
    } finally {
      await asLeader.close();
    }
    expect((await fetch(`${running.baseUrl}/api/notifications/n-1/report`)).status).not.toBe(403);
  });

  it('refuses at start-up a verb, route, renderer or job kind that two capabilities claim', () => {
    const house = { log: testLog } as unknown as House;
    const verb = (name: string): Capability => ({ name, cardActions: [actionSpec('sameVerb', z.object({}), async () => ({ kind: 'message', text: '' }))] });
    expect(() => mountCapabilities(restify.createServer(), house, new CardActions(testLog), [verb('a'), verb('b')])).toThrow(/sameVerb is registered twice/);
    const route = (name: string): Capability => ({ name, routes: [{ method: 'get', path: '/api/same', access: 'public', handle: async () => ({}) }] });
    expect(() => mountCapabilities(restify.createServer(), house, new CardActions(testLog), [route('a'), route('b')])).toThrow(/route get \/api\/same is mounted twice/);
    expect(() => running.app.delivery.registerRenderer('klikTask', async () => undefined)).toThrow(/registered already/);
  });

  it('keeps the composition root small and each capability\'s routes in its own folder', () => {
    expect(readFileSync(path.join(ROOT, 'bot/app.ts'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(120);
    const api = readdirSync(path.join(ROOT, 'bot/api')).filter((f) => f.endsWith('.ts'));
    for (const file of api) {
      const source = readFileSync(path.join(ROOT, 'bot/api', file), 'utf8');
      expect(source, file).not.toMatch(/'\/api\/(klik-tasks|agreements|evaluations|solutions|notifications)/);
    }
  });
});
