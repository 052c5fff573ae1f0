import { z } from 'zod';
import { isoDate } from './time.ts';
import type { Bilingual } from './language.ts';

export const PHASES = ['analysis', 'procurement', 'development', 'rollout', 'operation', 'phaseOut'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, Bilingual> = {
  analysis: { da: 'Analyse', en: 'Analysis' },
  procurement: { da: 'Udbud', en: 'Procurement' },
  development: { da: 'Udvikling', en: 'Development' },
  rollout: { da: 'Udrulning og ibrugtagning', en: 'Rollout and adoption' },
  operation: { da: 'Drift', en: 'Operation' },
  phaseOut: { da: 'Udfasning', en: 'Phase-out' },
};

export const SOLUTION_STATUSES = ['onTrack', 'atRisk', 'delayed'] as const;
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];
export const SOLUTION_STATUS_LABELS: Record<SolutionStatus, Bilingual> = {
  onTrack: { da: 'På sporet', en: 'On track' },
  atRisk: { da: 'I risiko', en: 'At risk' },
  delayed: { da: 'Forsinket', en: 'Delayed' },
};

const slug = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'må kun indeholde små bogstaver a-z, tal og bindestreg' });

export const milestoneSchema = z.object({
  id: slug,
  title: z.string().trim().min(1).max(200),
  date: isoDate,
  done: z.boolean().default(false),
});
export type Milestone = z.output<typeof milestoneSchema>;

export const contactSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.email({ error: 'skal være en e-mailadresse' }),
});
export type Contact = z.output<typeof contactSchema>;

/** Annual operating contribution from KL's budget guide, e.g. 4,70 kr. per citizen in 2022. */
export const operatingCostSchema = z.object({
  amount: z.number().nonnegative(),
  basis: z.string().trim().min(1).max(120),
  year: z.number().int().min(2000).max(2100),
});
export type OperatingCost = z.output<typeof operatingCostSchema>;

export const solutionSchema = z.object({
  id: slug,
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  phase: z.enum(PHASES, { error: `skal være en af: ${PHASES.join(', ')}` }),
  status: z.enum(SOLUTION_STATUSES, { error: `skal være en af: ${SOLUTION_STATUSES.join(', ')}` }),
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
