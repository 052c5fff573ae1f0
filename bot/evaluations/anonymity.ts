import type { Evaluation } from '../domain/evaluation.ts';

/**
 * The anonymity rule, in one place for every way results leave the app (API, tab, cards, CSV,
 * meeting view): below this many answers no averages, distributions or comments are shown, to
 * anyone, so one person's answers cannot be singled out; only the counts are.
 */
export const MIN_RESPONSES_FOR_RESULTS = 3;

/** Why results are withheld: still open (and neither live nor read by staff), or too few answers. */
export type HiddenReason = 'open' | 'tooFew';

/**
 * Why an evaluation's averages, distributions and comments are withheld from a reader, or
 * undefined when they may be shown. `reveal` is KOMBIT staff reading an open evaluation; it never
 * lifts the three-answer rule.
 */
export function withheldBecause(evaluation: Pick<Evaluation, 'state' | 'showLiveResults'>, responseCount: number, options: { reveal: boolean }): HiddenReason | undefined {
  if (!(options.reveal || evaluation.state === 'closed' || evaluation.showLiveResults)) return 'open';
  return responseCount < MIN_RESPONSES_FOR_RESULTS ? 'tooFew' : undefined;
}

/**
 * Whether comments may be shown: as results, and besides only once closed or to staff, since live
 * results of an open evaluation show averages but not what people wrote while it runs.
 */
export function commentsShown(evaluation: Pick<Evaluation, 'state'>, hidden: HiddenReason | undefined, options: { reveal: boolean }): boolean {
  return hidden === undefined && (options.reveal || evaluation.state === 'closed');
}
