import { formatCost, type Lang } from './format.ts';

/** Every price of a solution's driftsbidrag, the first one first: AULA's "skole" and "dagtilbud", FKI's grundbetaling and buffetpris. */
export function costPrices(cost: { label?: string; amount: number; basis: string; kneeModel?: boolean; more?: { label?: string; amount: number; basis: string; kneeModel?: boolean }[] }, lang: Lang): { label?: string; amount: string; basis: string; kneeModel: boolean }[] {
  return [cost, ...(cost.more ?? [])].map((p) => ({ ...(p.label ? { label: p.label } : {}), ...formatCost(p, lang), kneeModel: Boolean(p.kneeModel) }));
}
