import type { Repositories } from '../storage/repositories.ts';
import { concernedSet, type Concerns, type ConcernedSet, type Wave } from '../domain/wave.ts';

/** The set an item concerns, reading the waves only when it is published to waves. */
export async function scopeOf(repos: Repositories, concerns: Concerns | undefined): Promise<ConcernedSet> {
  return concernedSet(concerns, concerns?.kind === 'waves' ? await repos.waves.list() : []);
}

/** The waves of a solution, by go-live: the choices a program leader can ask to move to. */
export async function wavesOfSolution(repos: Repositories, solutionId: string): Promise<Wave[]> {
  return (await repos.waves.list()).filter((w) => w.solutionId === solutionId);
}
