import type { Evaluation } from '../domain/evaluation.ts';
import { MIN_RESPONSES_FOR_RESULTS } from '../domain/anonymity.ts';

// The rule itself is shared with the surveys; the evaluation code keeps reading it from here.
export { MIN_RESPONSES_FOR_RESULTS };

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
