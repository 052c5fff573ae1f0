import type { Capability, House } from '../capability.ts';
import { municipalityByCode, officialName } from '../domain/municipality.ts';
import { TtlCache } from '../domain/ttlCache.ts';
import type { SurveyResponse } from '../domain/survey.ts';
import { t } from '../cards/strings.ts';
import { portfolioTabUrl } from '../conversation/conversation.ts';
import { municipalityStatus } from '../conversation/municipalityStatus.ts';
import { digestCard, digestContent, isQuiet, WeeklyDigest } from './weeklyDigest.ts';

/**
 * The Monday overview: in the channels, agreements and tasks due soon or overdue and the next
 * meeting; in each program leader's 1:1 chat, what their own municipality still owes.
 */
export function weeklyDigestCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log, config } = house;
  const digest = new WeeklyDigest({ repos, delivery, scheduler, clock, log });
  // One read of a survey's answers serves the whole Monday round of 1:1 messages.
  const surveyAnswers = new TtlCache<SurveyResponse[]>({ ttlMs: 60_000, maxEntries: 200 });
  const responsesOf = (surveyId: string) => surveyAnswers.get(surveyId, () => repos.surveys.responses(surveyId));
  return {
    name: 'weeklyDigest',
    renderers: {
      // A week that turned quiet between the job and the send posts nothing.
      weeklyDigest: async ({ notification }) => {
        const content = await digestContent(repos, String(notification.payload.date));
        return isQuiet(content) ? undefined : { kind: 'card', card: digestCard(content, 'da') };
      },
      // Read when sent, for the person's municipality then; one that owes nothing gets no message.
      municipalityWeek: async ({ profile, notification }) => {
        const municipality = profile?.municipalityCode && !profile.remindersOptOut ? municipalityByCode(profile.municipalityCode) : undefined;
        if (!municipality) return undefined;
        const lang = profile!.language;
        const week = Number(String(notification.payload.week).split('-W')[1]);
        const title = t(lang, `Uge ${week}: det mangler ${officialName(municipality)}`, `Week ${week}: what ${officialName(municipality)} still owes`);
        const { card, owed } = await municipalityStatus({ repos, clock, lang, tabUrl: portfolioTabUrl(config), title, responsesOf }, municipality);
        return owed === 0 ? undefined : { kind: 'card', card };
      },
    },
    jobs: [digest.job],
    start: async () => void (await digest.start()),
  };
}
