import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import type { Language } from '../domain/language.ts';
import type { Evaluation } from '../domain/evaluation.ts';
import type { UserProfile } from '../domain/user.ts';
import { cardAction, type CardActionSpec } from '../capability.ts';
import { isStaff } from '../conversation/people.ts';
import { profileIdOf, type ActionResult, type TurnInfo } from '../conversation/turn.ts';
import { t } from '../cards/strings.ts';
import { parseAnswer } from './evaluationAnswers.ts';
import { evaluationFormCard, evaluationResultsCard, evaluationThanksCard, VIEW_VERB } from './evaluationCards.ts';
import { sharedEvaluationCard } from './evaluationRenderer.ts';
import { EvaluationClosedError, type EvaluationService } from './evaluationService.ts';

// The card's inputs arrive beside the envelope (one per statement, the comment, `fallback` from Action.Submit): parseAnswer reads them.
const envelope = z.looseObject({ evaluationId: z.string().min(1).max(120) });
const GONE = { da: 'Evalueringen findes ikke længere.', en: 'The evaluation no longer exists.' };

/** Who clicked: their profile id (what the respondent hash is made from), language and whether they are staff. */
interface Viewer {
  readonly userId: string;
  readonly lang: Language;
  readonly staff: boolean;
  readonly name?: string;
}

const message = (text: string): ActionResult => ({ kind: 'message', text });

/**
 * The evaluation card's actions: "Send" (answer), "Ret mit svar" (the form with the stored
 * answer), the refresh into a person's own view, and "Luk evaluering" (staff). Every handler
 * answers, never throws for bad input, and writes nothing unless the answer is complete.
 */
export function evaluationActions(deps: { repos: Repositories; config: Config; clock: Clock; log: Logger; service: EvaluationService }): CardActionSpec[] {
  const { repos, config, clock, log, service } = deps;

  // Language and staff role come from the profile; the stored role counts because Teams sends no
  // e-mail with a card action. Reading a profile never writes it.
  const viewerFrom = (turn: TurnInfo, profile: UserProfile | undefined): Viewer => ({
    userId: profileIdOf(turn),
    lang: profile?.language ?? (turn.locale?.toLowerCase().startsWith('en') ? 'en' : 'da'),
    staff: isStaff(config, turn.user) || profile?.role === 'kombit',
    name: turn.user.name,
  });
  const viewerOf = async (turn: TurnInfo): Promise<Viewer> => viewerFrom(turn, (await repos.users.get(profileIdOf(turn)))?.value);

  // "Send" takes the profile from the service's shared snapshot: no read per answer while a hundred people answer at once.
  const answeringViewerOf = async (turn: TurnInfo): Promise<Viewer> => viewerFrom(turn, await service.profileForAnswer(profileIdOf(turn)));

  /** The results card, for someone holding a card of an evaluation that has closed. */
  const closedCard = async (evaluation: Evaluation, viewer: Viewer, note?: { text: string; tone: 'attention' | 'good' }): Promise<ActionResult> => {
    const { meeting, results } = await service.results(evaluation.id, viewer.staff);
    return { kind: 'card', card: evaluationResultsCard({ evaluation, meeting, results, lang: viewer.lang, now: clock.now(), note }) };
  };

  /**
   * Reads the envelope and the evaluation. An Action.Submit (old clients) posts its answer as a
   * new message in the conversation, visible to everyone: those answers get plain text, never
   * the person's answers or form.
   */
  const prepare = async (turn: TurnInfo, data: z.infer<typeof envelope>) => {
    const [viewer, evaluation] = await Promise.all([viewerOf(turn), service.find(data.evaluationId)]);
    return { viewer, evaluation, viaSubmit: data.fallback === true };
  };

  const answer = cardAction('evaluationAnswer', envelope, async (turn, data) => {
    // "Later" means received later by us: the time is taken before any storage call.
    const receivedAt = clock.now().toISOString();
    const viaSubmit = data.fallback === true;
    // The profile (language, staff) is read beside the answer's own work, not before it: it is only
    // needed for the reply, and this path must stay short when a hundred people press Send at once.
    const viewerRead = answeringViewerOf(turn);
    viewerRead.catch(() => undefined); // awaited below on every path; this keeps an early throw from leaving it unobserved
    const unreadable = (lang: Language) => message(t(lang, 'Kortet kunne ikke læses, så dit svar er ikke gemt. Svar i kortet i kanalen, og prøv igen.', 'The card could not be read, so your answer was not saved. Answer in the card in the channel and try again.'));

    const evaluation = await service.findForAnswer(data.evaluationId);
    if (!evaluation) return message(t((await viewerRead).lang, 'Evalueringen findes ikke længere, så dit svar er ikke gemt.', 'The evaluation no longer exists, so your answer was not saved.'));
    const refuseAsClosed = async (closed: Evaluation): Promise<ActionResult> => {
      const viewer = await viewerRead;
      const closedText = t(viewer.lang, 'Evalueringen er lukket, så dit svar er ikke gemt. Her er resultatet.', 'The evaluation is closed, so your answer was not saved. Here are the results.');
      return viaSubmit ? message(closedText) : closedCard(closed, viewer, { text: closedText, tone: 'attention' });
    };
    if (evaluation.state === 'closed') return refuseAsClosed(evaluation);

    const parsed = parseAnswer(evaluation, data);
    if (parsed.kind === 'tampered') {
      log.warn({ evaluationId: evaluation.id, reason: parsed.reason, correlationId: turn.correlationId }, 'evaluation answer refused: the card data was not what the card sends');
      return unreadable((await viewerRead).lang);
    }
    if (parsed.kind === 'incomplete') {
      const viewer = await viewerRead;
      if (viaSubmit) return message(t(viewer.lang, 'Dit svar er ikke gemt: vælg et svar ved hvert udsagn, og tryk Send igen.', 'Your answer was not saved: choose an answer for every statement and press Send again.'));
      const meeting = await service.meeting(evaluation.meetingId);
      return { kind: 'card', card: evaluationFormCard({ evaluation, meeting, lang: viewer.lang, now: clock.now(), canClose: viewer.staff, shared: false, problems: parsed.problems, kept: parsed.kept }) };
    }

    let stored;
    try {
      stored = await Promise.all([service.submit(evaluation, profileIdOf(turn), parsed.answers, parsed.comment, receivedAt), viewerRead, service.meeting(evaluation.meetingId)]);
    } catch (error) {
      // Closed after this instance last read it (by anyone, anywhere): nothing was stored.
      if (error instanceof EvaluationClosedError) return refuseAsClosed((await service.find(evaluation.id)) ?? evaluation);
      throw error;
    }
    const [outcome, viewer, meeting] = stored;
    const { lang } = viewer;
    if (viaSubmit) return message(t(lang, 'Tak! Dit svar er gemt. Du kan rette det ved at svare igen i kortet.', 'Thank you! Your answer has been saved. You can change it by answering again in the card.'));
    const note = outcome.superseded
      ? t(lang, 'Du sendte et nyere svar samtidig. Det er det nyeste, der er gemt – her er det.', 'You sent a newer answer at the same time. The newest one is saved – here it is.')
      : outcome.replaced
        ? t(lang, 'Dit tidligere svar er erstattet af dette.', 'Your earlier answer has been replaced by this one.')
        : undefined;
    return { kind: 'card', card: evaluationThanksCard({ evaluation, meeting, lang, response: outcome.response, note, canClose: viewer.staff }) };
  }, { da: 'Kortet kunne ikke læses, så dit svar er ikke gemt. Svar i kortet i kanalen, og prøv igen.', en: 'The card could not be read, so your answer was not saved. Answer in the card in the channel and try again.' });

  const edit = cardAction('evaluationEdit', envelope, async (turn, data) => {
    const { viewer, evaluation, viaSubmit } = await prepare(turn, data);
    const { lang } = viewer;
    if (!evaluation) return message(t(lang, 'Evalueringen findes ikke længere.', 'The evaluation no longer exists.'));
    if (evaluation.state === 'closed') {
      const text = t(lang, 'Evalueringen er lukket, så svaret kan ikke længere rettes.', 'The evaluation is closed, so answers can no longer be changed.');
      return viaSubmit ? message(text) : closedCard(evaluation, viewer, { text, tone: 'attention' });
    }
    if (viaSubmit) return message(t(lang, 'Ret dit svar i kortet i kanalen, og tryk Send igen.', 'Change your answer in the card in the channel and press Send again.'));
    const [meeting, response] = await Promise.all([service.meeting(evaluation.meetingId), service.responseOf(evaluation.id, viewer.userId)]);
    const kept = response ? { values: Object.fromEntries(Object.entries(response.answers).map(([id, v]) => [id, String(v)])), comment: response.comment ?? '' } : undefined;
    // The shared card offers "Ret mit svar" to everybody, so someone who has not answered can press it too.
    const note = response ? undefined : t(lang, 'Du har ikke svaret endnu. Vælg et svar ved hvert udsagn, og tryk Send.', 'You have not answered yet. Choose an answer for every statement and press Send.');
    return { kind: 'card', card: evaluationFormCard({ evaluation, meeting, lang, now: clock.now(), canClose: viewer.staff, shared: false, kept, note }) };
  }, GONE);

  // Teams calls this by itself (the shared card's `refresh`) in chats of up to 60 members, and
  // when someone refreshes the card: the person sees their own answer, or the form, or the result.
  const view = cardAction(VIEW_VERB, envelope, async (turn, data) => {
    const { viewer, evaluation } = await prepare(turn, data);
    if (!evaluation) return message(t(viewer.lang, 'Evalueringen findes ikke længere.', 'The evaluation no longer exists.'));
    if (evaluation.state === 'closed') return closedCard(evaluation, viewer);
    const response = await service.responseOf(evaluation.id, viewer.userId);
    const meeting = await service.meeting(evaluation.meetingId);
    if (response) return { kind: 'card', card: evaluationThanksCard({ evaluation, meeting, lang: viewer.lang, response, canClose: viewer.staff }) };
    const responses = await repos.evaluations.responses(evaluation.id);
    return { kind: 'card', card: sharedEvaluationCard(evaluation, meeting, responses, clock.now(), { refresh: false }) };
  }, GONE);

  const close = cardAction('evaluationClose', envelope, async (turn, data) => {
    const { viewer, evaluation, viaSubmit } = await prepare(turn, data);
    const { lang } = viewer;
    if (!viewer.staff) return message(t(lang, 'Kun KOMBIT-medarbejdere kan lukke evalueringen. Du kan stadig svare eller rette dit svar.', 'Only KOMBIT staff can close the evaluation. You can still answer or change your answer.'));
    if (!evaluation) return message(t(lang, 'Evalueringen findes ikke længere.', 'The evaluation no longer exists.'));
    const { evaluation: closed, closedNow } = await service.close(evaluation.id, { userId: viewer.userId, name: viewer.name, role: 'kombit', demo: false });
    const text = closedNow
      ? t(lang, 'Evalueringen er lukket. Kortet i kanalen viser nu resultatet for alle.', 'The evaluation is closed. The card in the channel now shows the results to everyone.')
      : t(lang, 'Evalueringen var allerede lukket.', 'The evaluation was already closed.');
    return viaSubmit ? message(text) : closedCard(closed, viewer, { text, tone: 'good' });
  }, GONE);

  return [answer, edit, view, close];
}
