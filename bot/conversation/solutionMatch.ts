import { foldText } from '../domain/municipality.ts';
import type { Solution } from '../domain/solution.ts';

export type SolutionMatch = { kind: 'exact'; solution: Solution } | { kind: 'ambiguous'; candidates: Solution[] } | { kind: 'none' };

/** Finds a solution by id or name, accent- and case-tolerant ("portefolje" finds nothing, "sygesik" finds Sygesikring). */
export function matchSolution(solutions: readonly Solution[], query: string): SolutionMatch {
  const q = foldText(query);
  if (!q) return { kind: 'none' };
  const folded = solutions.map((s) => ({ s, id: foldText(s.id), name: foldText(s.name) }));
  const exact = folded.find((f) => f.id === q || f.name === q);
  if (exact) return { kind: 'exact', solution: exact.s };
  const partial = folded.filter((f) => f.name.startsWith(q) || f.id.startsWith(q) || f.name.split(' ').includes(q));
  if (partial.length === 1) return { kind: 'exact', solution: partial[0]!.s };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial.map((f) => f.s) };
  const contains = folded.filter((f) => f.name.includes(q));
  if (contains.length === 1) return { kind: 'exact', solution: contains[0]!.s };
  if (contains.length > 1) return { kind: 'ambiguous', candidates: contains.map((f) => f.s) };
  return { kind: 'none' };
}
