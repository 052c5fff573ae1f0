import type { Repositories } from '../storage/repositories.ts';
import type { Versioned } from '../storage/entityTable.ts';
import type { Clock } from '../domain/time.ts';
import type { Logger } from '../log.ts';
import { solutionSchema, type Solution } from '../domain/solution.ts';
import { applyPatch, parseOrThrow, parsePatch, ValidationError } from '../domain/validation.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { NotFound } from '../domain/errors.ts';

/** A change to a solution: any of its fields but the id (the id is in the URL and names the solution in every task). */
export const solutionPatchSchema = solutionSchema.omit({ id: true }).partial().strict();
/** The storage side of a kind of row that is changed from a version read earlier. */
interface VersionedRows<T> {
  get(id: string): Promise<Versioned<T> | undefined>;
  replace(value: T, etag: string): Promise<string>;
}

/**
 * KOMBIT's portfolio data that sends no cards: solutions (with their milestones); the
 * program-leader meetings are bot/meetings/meetingRecords.ts. Staff only; every change is validated with the domain's schemas and,
 * with an ETag, refused if someone changed the row since it was read.
 */
export class PortfolioService {
  constructor(private readonly deps: { repos: Repositories; clock: Clock; log: Logger }) {}

  async solution(id: string): Promise<Versioned<Solution>> {
    return found(await this.deps.repos.solutions.get(id), 'Løsningen');
  }

  /** Adds a solution; its id (a slug such as `sygesikring`) must be new. */
  async createSolution(input: unknown, principal: Principal): Promise<Versioned<Solution>> {
    requireStaff(principal);
    const solution = checkMilestones(parseOrThrow(solutionSchema, input));
    const etag = await this.deps.repos.solutions.create(solution);
    this.deps.log.info({ solutionId: solution.id, by: principal.userId }, 'solution created');
    return { value: solution, etag };
  }

  /** Changes a solution; `milestones`, when given, replaces the whole list; `null` removes the contact or the driftsbidrag. */
  updateSolution(id: string, patchInput: unknown, principal: Principal, etag?: string): Promise<Versioned<Solution>> {
    requireStaff(principal);
    const patch = parsePatch(solutionPatchSchema, patchInput);
    return this.change(this.deps.repos.solutions, id, 'Løsningen', etag, (current) => checkMilestones(parseOrThrow(solutionSchema, applyPatch(current, patch))));
  }

  /** Reads the row, builds the changed value, and writes it only if the row still has `etag` (or the version just read). */
  private async change<T>(rows: VersionedRows<T>, id: string, what: string, etag: string | undefined, next: (current: T) => T): Promise<Versioned<T>> {
    const current = found(await rows.get(id), what);
    const value = next(current.value);
    return { value, etag: await rows.replace(value, etag ?? current.etag) };
  }
}

function found<T>(row: Versioned<T> | undefined, what: string): Versioned<T> {
  if (!row) throw new NotFound(what);
  return row;
}

/** Milestone ids name a milestone within its solution, so two with the same id would be one. */
function checkMilestones(solution: Solution): Solution {
  const seen = new Set<string>();
  const issues = solution.milestones.flatMap((m, i) => {
    if (seen.has(m.id)) return [{ field: `milestones.${i}.id`, message: 'bruges allerede af en anden milepæl' }];
    seen.add(m.id);
    return [];
  });
  if (issues.length) throw new ValidationError(issues);
  return solution;
}
