import type { Renderer } from '../notifications/delivery.ts';
import type { AdaptiveCard } from '../conversation/turn.ts';
import type { Clock } from '../domain/time.ts';
import { isAnswerable, type Survey } from '../domain/survey.ts';
import { municipalityByCode, officialName } from '../domain/municipality.ts';
import { danishTime, surveyAnsweredCard, surveyClosedCard, surveyFormCard, surveyNotOpenCard, withRefresh, type CardViewer } from './surveyCards.ts';
import type { Respondent, SurveyService } from './surveyService.ts';

/**
 * What one person sees of a survey: before the opening, the opening time; while open, their (or
 * their municipality's) answer with "Ret mit svar", else the form; once closed, the closed state
 * with their answer.
 */
export async function personalView(service: SurveyService, survey: Survey, who: Pick<Respondent, 'userId' | 'municipalityCode'> & CardViewer, now: Date, note?: string): Promise<AdaptiveCard> {
  const [progress, response] = await Promise.all([service.progress(survey), survey.state === 'draft' || survey.state === 'scheduled' ? undefined : service.responseOf(survey, who)]);
  if (survey.state === 'draft' || survey.state === 'scheduled') return surveyNotOpenCard(survey, progress);
  if (!isAnswerable(survey, now)) return surveyClosedCard({ survey, progress, response, note });
  if (response) return surveyAnsweredCard({ survey, progress, viewer: who, response, note, open: true });
  return surveyFormCard({ survey, progress, viewer: who, note });
}

/**
 * The card in a channel or meeting chat: the form with the count for everyone (Teams refreshes it
 * into each person's own view in chats of up to 60 members), or the closed state.
 */
export async function sharedView(service: SurveyService, survey: Survey, now: Date): Promise<AdaptiveCard> {
  const progress = await service.progress(survey);
  if (survey.state === 'draft' || survey.state === 'scheduled') return surveyNotOpenCard(survey, progress);
  if (!isAnswerable(survey, now)) return surveyClosedCard({ survey, progress });
  const card = surveyFormCard({ survey, progress, viewer: { staff: true }, note: 'Har du svaret, kan du rette dit svar ved at sende igen.' });
  return withRefresh(card, survey.id);
}

/** The survey's cards for the delivery engine: a person's own view in a 1:1 chat, the shared card in a channel. */
export function surveyRenderer(service: SurveyService, clock: Clock): Renderer {
  return async ({ notification, target, profile }) => {
    const survey = await service.find(notification.subjectId);
    if (!survey) return undefined;
    if (target.conversationType !== 'personal') return { kind: 'card', card: await sharedView(service, survey, clock.now()) };
    const userId = profile?.userId ?? target.userId;
    if (!userId) return undefined;
    const card = await personalView(service, survey, { userId, municipalityCode: profile?.municipalityCode, staff: profile?.role === 'kombit' }, clock.now());
    return { kind: 'card', card };
  };
}

/**
 * A reminder: the form again, in the person's 1:1 chat, with what is missing named; nothing when
 * they (or their municipality) answered since the round was published, or the survey closed.
 */
export function surveyReminderRenderer(service: SurveyService, clock: Clock): Renderer {
  return async ({ notification, target, profile }) => {
    const survey = await service.find(notification.subjectId);
    const userId = profile?.userId ?? target.userId;
    if (!survey || !userId || !isAnswerable(survey, clock.now())) return undefined;
    const who = { userId, municipalityCode: profile?.municipalityCode, staff: profile?.role === 'kombit' };
    if (await service.responseOf(survey, who)) return undefined;
    const m = survey.perMunicipality && who.municipalityCode ? municipalityByCode(who.municipalityCode) : undefined;
    const note = m
      ? `Påmindelse: ${officialName(m)} har ikke svaret endnu. Svarfristen er ${danishTime(survey.closesAt)}.`
      : `Påmindelse: du har ikke svaret endnu. Svarfristen er ${danishTime(survey.closesAt)}.`;
    return { kind: 'card', card: await personalView(service, survey, who, clock.now(), note) };
  };
}
