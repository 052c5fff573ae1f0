import { z } from 'zod';
import { plainText } from './validation.ts';

const amount = z.number({ error: 'skal være et beløb i kroner, fx 174,84' }).nonnegative();

/**
 * KOMBIT's line in KL's budget guide for one year, as the guide states it: the total per citizen
 * (which includes the suggested buffer), the totals on other bases, and where it comes from. The
 * total is stored as published, not summed from the solutions: the guide's items need not add up
 * to it (see the demo data).
 */
export const budgetLineSchema = z.object({
  year: z.number({ error: 'skal være et årstal, fx 2022' }).int().min(2000).max(2100),
  totalPerCitizen: amount,
  /** What KOMBIT suggests a municipality sets aside for initiatives not yet known, kr. pr. borger. */
  buffer: amount.optional(),
  otherTotals: z.array(z.object({ amount, basis: plainText(120) })).max(10).default([]),
  source: plainText(200),
});
/** KOMBIT's total in one year's budget guide. */
export type BudgetLine = z.output<typeof budgetLineSchema>;
