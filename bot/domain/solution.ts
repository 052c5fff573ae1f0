import { z } from 'zod';
import { isoDate } from './time.ts';
import { PHASES, PHASE_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from './labels.ts';
import { labelledEnum, plainText } from './validation.ts';

export { PHASES, PHASE_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS, type Phase, type SolutionStatus } from './labels.ts';

const slug = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'må kun indeholde små bogstaver a-z, tal og bindestreg' });

export const milestoneSchema = z.object({
  id: slug,
  title: plainText(200),
  date: isoDate,
  done: z.boolean().default(false),
});
export type Milestone = z.output<typeof milestoneSchema>;

export const contactSchema = z.object({
  name: plainText(120),
  email: z.email({ error: 'skal være en e-mailadresse' }),
});
export type Contact = z.output<typeof contactSchema>;

const costAmount = z.number({ error: 'skal være et beløb i kroner, fx 4,70' }).nonnegative();

/** A further price of the same solution in the same year (AULA dagtilbud beside AULA skole; FKI's buffetpris beside its grundbetaling). */
export const priceSchema = z.object({
  label: plainText(60).optional(),
  amount: costAmount,
  basis: plainText(120),
  kneeModel: z.boolean().optional(),
});
export type Price = z.output<typeof priceSchema>;

/**
 * Annual operating contribution from KL's budget guide, e.g. 4,70 kr. pr. borger in 2022. A solution
 * can have several prices (`label` names the first, `more` holds the others); `kneeModel` marks a
 * price where the guide's knækmodel applies (borgere over 150.000 vægtes 50 %).
 */
export const operatingCostSchema = z.object({
  label: plainText(60).optional(),
  amount: costAmount,
  basis: plainText(120),
  year: z.number({ error: 'skal være et årstal, fx 2025' }).int().min(2000).max(2100),
  kneeModel: z.boolean().optional(),
  more: z.array(priceSchema).max(5).optional(),
});
export type OperatingCost = z.output<typeof operatingCostSchema>;

export const solutionSchema = z.object({
  id: slug,
  name: plainText(120),
  description: plainText(2000, { multiline: true, min: 0 }).default(''),
  phase: labelledEnum(PHASES, PHASE_LABELS),
  status: labelledEnum(SOLUTION_STATUSES, SOLUTION_STATUS_LABELS),
  milestones: z.array(milestoneSchema).max(50).default([]),
  contact: contactSchema.optional(),
  operatingCost: operatingCostSchema.optional(),
});
/** A solution or project in KOMBIT's portfolio. */
export type Solution = z.output<typeof solutionSchema>;
export type SolutionInput = z.input<typeof solutionSchema>;

/** The first milestone not yet done, on or after `today`; else undefined. */
export function nextMilestone(solution: Solution, today: string): Milestone | undefined {
  return [...solution.milestones]
    .filter((m) => !m.done && m.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date))[0];
}
