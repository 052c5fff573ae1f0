import type { Repositories } from '../storage/repositories.ts';
import { concernedSet, type Concerns, type ConcernedSet, type Wave } from '../domain/wave.ts';
import { ValidationError } from '../domain/errors.ts';

/** The set an item concerns, reading the waves only when it is published to waves. */
export async function scopeOf(repos: Repositories, concerns: Concerns | undefined): Promise<ConcernedSet> {
  return concernedSet(concerns, concerns?.kind === 'waves' ? await repos.waves.list() : []);
}

/** The waves of a solution, by go-live: the choices a program leader can ask to move to. */
export async function wavesOfSolution(repos: Repositories, solutionId: string): Promise<Wave[]> {
  return (await repos.waves.list()).filter((w) => w.solutionId === solutionId);
}

/** An item published to waves names waves that exist and belong to its solution; else a Danish refusal and nothing is written. */
export async function requireWaves(repos: Repositories, concerns: Concerns | undefined, solutionId: string): Promise<void> {
  if (concerns?.kind !== 'waves') return;
  const waves = await repos.waves.list();
  const issues = concerns.waveIds.flatMap((id, i) => {
    const wave = waves.find((w) => w.id === id);
    if (!wave) return [{ field: `concerns.waveIds.${i}`, message: `bølgen «${id}» findes ikke` }];
    if (wave.solutionId !== solutionId) return [{ field: `concerns.waveIds.${i}`, message: `${wave.name} hører til en anden løsning` }];
    return [];
  });
  if (issues.length) throw new ValidationError(issues);
}
