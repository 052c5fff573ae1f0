import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import type { UserProfile } from '../domain/user.ts';
import { DomainError } from '../domain/errors.ts';
import { isAnswerable, type Survey } from '../domain/survey.ts';
import { principalOf } from '../auth/principal.ts';
import { cardAction, type CardActionSpec } from '../capability.ts';
import { isStaff } from '../conversation/people.ts';
import { profileIdOf, type ActionResult, type TurnInfo } from '../conversation/turn.ts';
import { inputsOf, parseSurveyAnswer } from './surveyAnswers.ts';
import { surveyAnsweredCard, surveyClosedCard, surveyFormCard, surveyNotOpenCard, VERBS } from './surveyCards.ts';
import { personalView } from './surveyRenderer.ts';
import { SurveyClosedError, SurveyService } from './surveyService.ts';

// The card's inputs arrive beside the envelope (q_… and o_… per question, `fallback` from Action.Submit): parseSurveyAnswer reads them.
const envelope = z.looseObject({ surveyId: z.string().min(1).max(120) });
const UNREADABLE = { da: 'Kortet kunne ikke læses, så dit svar er ikke gemt. Svar i kortet, og prøv igen.', en: 'The card could not be read, so your answer was not saved.' };
const GONE = 'Spørgeskemaet findes ikke længere.';

const message = (text: string): ActionResult => ({ kind: 'message', text });
const card = (c: ActionResult & { kind: 'card' }) => c;

/** Who clicked, as the survey needs them. */
interface Viewer {
  readonly userId: string;
  readonly name?: string;
  readonly municipalityCode?: string;
  readonly staff: boolean;
  readonly profile?: UserProfile;
}

/**
 * The survey card's actions: "Send", "Ret mit svar", the refresh into a person's own view,
 * "Påmind de manglende nu" and "Luk spørgeskemaet" (staff). An Action.Submit from an old client
 * posts its answer as a message in the conversation, so those get plain text, never answers.
 * Nothing is stored unless the answer is complete.
 */
export function surveyActions(deps: { repos: Repositories; config: Config; clock: Clock; log: Logger; service: SurveyService }): CardActionSpec[] {
  const { repos, config, clock, log, service } = deps;

  const viewerFrom = (turn: TurnInfo, userId: string, profile: UserProfile | undefined): Viewer => ({
    userId,
    name: profile?.name ?? turn.user.name,
    ...(profile?.municipalityCode ? { municipalityCode: profile.municipalityCode } : {}),
    // The stored role counts because Teams sends no e-mail with a card action.
    staff: isStaff(config, turn.user) || profile?.role === 'kombit',
    profile,
  });
  const viewerOf = async (turn: TurnInfo): Promise<Viewer> => viewerFrom(turn, profileIdOf(turn), (await repos.users.get(profileIdOf(turn)))?.value);
  // "Send" takes the profile from the service's shared snapshot: no read per answer while a thousand people answer.
  const answeringViewerOf = async (turn: TurnInfo): Promise<Viewer> => viewerFrom(turn, profileIdOf(turn), await service.profileForAnswer(profileIdOf(turn)));

  const closedCard = async (survey: Survey, viewer: Viewer, note?: string): Promise<ActionResult> =>
    card({ kind: 'card', card: surveyClosedCard({ survey, progress: await service.progress(survey), response: await service.responseOf(survey, viewer), note }) });

  const answer = cardAction(
    VERBS.answer,
    envelope,
    async (turn, data) => {
      // "Later" means received later by us: the time is taken before any storage call.
      const receivedAt = clock.now().toISOString();
      const viaSubmit = data.fallback === true;
      const [survey, viewer] = await Promise.all([service.findForAnswer(data.surveyId), answeringViewerOf(turn)]);
      if (!survey) return message(`${GONE} Dit svar er ikke gemt.`);
      if (survey.state === 'draft' || survey.state === 'scheduled') {
        return viaSubmit ? message('Spørgeskemaet er ikke åbnet endnu, så dit svar er ikke gemt.') : card({ kind: 'card', card: surveyNotOpenCard(survey, await service.progress(survey)) });
      }
      const closedText = 'Spørgeskemaet er lukket, så dit svar er ikke gemt.';
      if (!isAnswerable(survey, new Date(receivedAt))) return viaSubmit ? message(closedText) : closedCard(survey, viewer, closedText);
      if (survey.perMunicipality && !viewer.municipalityCode) {
        return message('Dit svar er ikke gemt: spørgeskemaet tager ét svar pr. kommune, og jeg ved ikke, hvilken kommune du er fra. Skriv »kommune« og navnet på din kommune til mig, og send igen.');
      }

      const parsed = parseSurveyAnswer(survey, data);
      if (parsed.kind === 'tampered') {
        log.warn({ surveyId: survey.id, reason: parsed.reason, correlationId: turn.correlationId }, 'survey answer refused: the card data was not what the card sends');
        return message(UNREADABLE.da);
      }
      if (parsed.kind === 'incomplete') {
        if (viaSubmit) return message(`Dit svar er ikke gemt. ${parsed.problems.join(' ')} Svar i kortet, og send igen.`);
        const municipalityAnswer = survey.perMunicipality ? await service.responseOf(survey, viewer) : undefined;
        return card({ kind: 'card', card: surveyFormCard({ survey, progress: await service.progress(survey), viewer, problems: parsed.problems, kept: parsed.kept, municipalityAnswer }) });
      }

      let outcome;
      try {
        outcome = await service.submit(survey, SurveyService.respondentOf(viewer.userId, viewer.profile, turn.user.name), parsed.answers, parsed.other, receivedAt);
      } catch (error) {
        if (error instanceof SurveyClosedError) return viaSubmit ? message(closedText) : closedCard((await service.find(survey.id)) ?? survey, viewer, closedText);
        throw error;
      }
      if (viaSubmit) return message('Tak! Dit svar er gemt. Du kan rette det ved at svare igen i kortet.');
      const note = outcome.superseded
        ? 'Du sendte et nyere svar samtidig. Det er det nyeste, der er gemt – her er det.'
        : outcome.replaced
          ? survey.perMunicipality
            ? 'Kommunens tidligere svar er erstattet af dette.'
            : 'Dit tidligere svar er erstattet af dette.'
          : undefined;
      return card({ kind: 'card', card: surveyAnsweredCard({ survey, progress: await service.progress(survey), viewer, response: outcome.response, note, open: true }) });
    },
    UNREADABLE,
  );

  const edit = cardAction(
    VERBS.edit,
    envelope,
    async (turn, data) => {
      const [survey, viewer] = await Promise.all([service.find(data.surveyId), viewerOf(turn)]);
      if (!survey) return message(GONE);
      const viaSubmit = data.fallback === true;
      if (!isAnswerable(survey, clock.now())) {
        const text = 'Spørgeskemaet er lukket, så svaret kan ikke længere rettes.';
        return viaSubmit ? message(text) : closedCard(survey, viewer, text);
      }
      if (viaSubmit) return message('Ret dit svar i kortet, og tryk Send igen.');
      const response = await service.responseOf(survey, viewer);
      const kept = response ? inputsOf(survey, response.answers, response.other) : undefined;
      return card({ kind: 'card', card: surveyFormCard({ survey, progress: await service.progress(survey), viewer, kept, ...(survey.perMunicipality && response ? { municipalityAnswer: response } : {}) }) });
    },
    { da: GONE, en: 'The survey no longer exists.' },
  );

  // Teams calls this by itself (the shared card's `refresh`) in chats of up to 60 members.
  const view = cardAction(
    VERBS.view,
    envelope,
    async (turn, data) => {
      const [survey, viewer] = await Promise.all([service.find(data.surveyId), viewerOf(turn)]);
      if (!survey) return message(GONE);
      return card({ kind: 'card', card: await personalView(service, survey, viewer, clock.now()) });
    },
    { da: GONE, en: 'The survey no longer exists.' },
  );

  const staffOnly = 'Kun KOMBIT-medarbejdere kan gøre dette. Du kan stadig svare eller rette dit svar.';

  const remind = cardAction(
    VERBS.remind,
    envelope,
    async (turn, data) => {
      const viewer = await viewerOf(turn);
      if (!viewer.staff) return message(staffOnly);
      try {
        const { reminded, municipalities } = await service.remindNow(data.surveyId, staffPrincipal(viewer));
        if (!reminded) return message('Alle har svaret, eller de manglende er allerede påmindet i dette minut. Der er ikke sendt flere påmindelser.');
        const leaders = `${reminded} ${reminded === 1 ? 'programleder' : 'programledere'}`;
        return message(municipalities ? `Påmindelsen er sendt til ${leaders} i ${municipalities} ${municipalities === 1 ? 'kommune' : 'kommuner'}, der ikke har svaret.` : `Påmindelsen er sendt til ${leaders}, der ikke har svaret.`);
      } catch (error) {
        if (error instanceof DomainError) return message(error.message);
        throw error;
      }
    },
    { da: GONE, en: 'The survey no longer exists.' },
  );

  const close = cardAction(
    VERBS.close,
    envelope,
    async (turn, data) => {
      const viewer = await viewerOf(turn);
      if (!viewer.staff) return message(staffOnly);
      try {
        const { survey, closedNow } = await service.close(data.surveyId, staffPrincipal(viewer));
        const text = closedNow ? 'Spørgeskemaet er lukket. Alle kort viser nu, at det er lukket.' : 'Spørgeskemaet var allerede lukket.';
        return data.fallback === true ? message(text) : closedCard(survey, viewer, text);
      } catch (error) {
        if (error instanceof DomainError) return message(error.message);
        throw error;
      }
    },
    { da: GONE, en: 'The survey no longer exists.' },
  );

  return [answer, edit, view, remind, close];
}

/** The clicker as a staff principal: their stored profile when there is one, else their Teams identity. */
function staffPrincipal(viewer: Viewer) {
  return { ...principalOf(viewer.profile ?? { userId: viewer.userId, role: 'kombit', name: viewer.name }), role: 'kombit' as const };
}
