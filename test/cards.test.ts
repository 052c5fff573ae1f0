import { describe, expect, it } from 'vitest';
import { expectValidTeamsCard } from './support/cards.ts';
import { chooseMunicipalityCard, helpCard, itemListCard, noticeCard, welcomeChannelCard, PAGE_SIZE } from '../bot/cards/conversationCards.ts';
import { agreementListCard, deadlineListCard, portfolioCard, taskListCard } from '../bot/conversation/lists.ts';
import { municipalityByCode } from '../bot/domain/municipality.ts';
import { newProfile } from '../bot/domain/user.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { seedDemoDataIfEmpty } from '../bot/demo/seed.ts';
import { openTestRepositories, testLog } from './support/storage.ts';

describe('every card the bot sends parses as Adaptive Card 1.5 and fits Teams', () => {
  for (const lang of ['da', 'en'] as const) {
    it(`conversation cards (${lang})`, () => {
      expectValidTeamsCard(helpCard(lang, 'https://example.org/tab/'));
      expectValidTeamsCard(welcomeChannelCard(lang, 'https://example.org/tab/'));
      expectValidTeamsCard(chooseMunicipalityCard(lang, { welcome: true, proposal: municipalityByCode('751') }));
      expectValidTeamsCard(chooseMunicipalityCard(lang, { welcome: false, current: municipalityByCode('173') }));
      expectValidTeamsCard(noticeCard({ title: 'Flere kommuner passer', choices: [{ title: 'Frederiksberg', verb: 'setMunicipality', data: { municipalityCode: '147' } }] }));
      expectValidTeamsCard(noticeCard({ title: 'Fejl', lines: ['Intet er ændret.'], tone: 'attention' }));
    });
  }

  it('list cards with demo data, every page, stay under the size limit', async () => {
    const { storage, repos } = await openTestRepositories();
    try {
      const clock = new ManualClock('2026-11-23T09:00:00Z');
      await seedDemoDataIfEmpty(repos, clock, 'k'.repeat(20), testLog);
      const ctx = { repos, clock, profile: newProfile('u', { municipalityCode: '173' }), tabUrl: 'https://example.org/tab/' };
      const tasks = await taskListCard(ctx, {});
      expectValidTeamsCard(tasks);
      const total = (await repos.klikTasks.list()).length;
      for (let page = 2; page <= Math.ceil(total / PAGE_SIZE); page++) expectValidTeamsCard(await taskListCard(ctx, { page }));
      expectValidTeamsCard(await deadlineListCard(ctx, {}));
      expectValidTeamsCard(await agreementListCard(ctx, {}));
      expectValidTeamsCard(await agreementListCard(ctx, { page: 2 }));
      expectValidTeamsCard(await portfolioCard(ctx));
    } finally {
      await storage.close();
    }
  });

  it('the checker itself catches a broken card', () => {
    expect(() => expectValidTeamsCard({ type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.Execute', title: 'x' }] })).toThrow();
    expect(() => expectValidTeamsCard(itemListCard({ lang: 'da', list: 'tasks', title: 'x'.repeat(30_000), empty: '', items: [] }))).toThrow();
  });
});
