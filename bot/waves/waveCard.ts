import type { Language } from '../domain/language.ts';
import type { Wave } from '../domain/wave.ts';
import { formatDate } from '../domain/language.ts';
import { t } from '../cards/strings.ts';

/** The verb of the "Vi kan ikke rulle i denne bølge" form. */
export const WAVE_MOVE_VERB = 'waveMoveRequest';

/**
 * The card action that lets a program leader ask KOMBIT to move their municipality to another
 * wave of the solution: the waves to choose from (with go-live), and a reason. Added to a card of
 * a task published to waves; the handler works out the clicker's municipality and current wave.
 */
export function waveMoveAction(options: { solutionId: string; taskId?: string; waves: readonly Wave[]; currentWaveId?: string; lang: Language }): Record<string, unknown> {
  const { lang } = options;
  const choices = options.waves
    .filter((w) => w.id !== options.currentWaveId)
    .map((w) => ({ title: t(lang, `${w.name} (kick-off ${formatDate(w.startDate, lang)}, idriftsættelse ${formatDate(w.deadline, lang)})`, `${w.name} (kick-off ${formatDate(w.startDate, lang)}, go-live ${formatDate(w.deadline, lang)})`), value: w.id }));
  const data = { verb: WAVE_MOVE_VERB, solutionId: options.solutionId, ...(options.taskId ? { taskId: options.taskId } : {}) };
  const title = t(lang, 'Send til KOMBIT', 'Send to KOMBIT');
  return {
    type: 'Action.ShowCard',
    title: t(lang, 'Vi kan ikke rulle i denne bølge', 'We cannot roll out in this wave'),
    card: {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', wrap: true, text: t(lang, 'Giv KOMBIT besked, hvis kommunen ikke kan rulle i den fastlagte bølge. KOMBIT svarer dig her i chatten.', 'Tell KOMBIT if your municipality cannot roll out in the planned wave. KOMBIT answers you here in the chat.') },
        { type: 'Input.ChoiceSet', id: 'toWaveId', label: t(lang, 'Hvilken bølge kan I rulle i?', 'Which wave can you roll out in?'), isRequired: true, errorMessage: t(lang, 'Vælg en bølge', 'Choose a wave'), choices },
        { type: 'Input.Text', id: 'reason', label: t(lang, 'Hvorfor kan I ikke rulle i denne bølge?', 'Why can you not roll out in this wave?'), isMultiline: true, maxLength: 1000, isRequired: true, errorMessage: t(lang, 'Skriv en begrundelse', 'Write a reason') },
      ],
      actions: [{ type: 'Action.Execute', title, verb: WAVE_MOVE_VERB, data, fallback: { type: 'Action.Submit', title, data } }],
    },
  };
}
