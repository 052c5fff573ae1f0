import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { todayIn } from '../domain/time.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { readSheet } from '../imports/sheet.ts';
import { ImportError, type ImportIssue } from '../imports/importError.ts';
import { planSignatureImport, SIGNATURE_COLUMNS } from './agreementImport.ts';
import { resolveColumns, sortIssues } from '../imports/columns.ts';
import type { AgreementService } from './agreementService.ts';

/** What an import answers: every signature written, or every reason nothing was. */
export type SignatureImportResult =
  | { readonly ok: true; readonly signatures: number; readonly agreements: number }
  | { readonly ok: false; readonly message: string; readonly issues: readonly ImportIssue[] };

function rejected(issues: readonly ImportIssue[]): SignatureImportResult {
  const rows = new Set(issues.map((i) => i.row)).size;
  const message = rows === 1
    ? 'Filen er ikke indlæst, fordi 1 række har fejl. Intet er ændret – ret rækken, og indlæs filen igen.'
    : `Filen er ikke indlæst, fordi ${rows} rækker har fejl. Intet er ændret – ret rækkerne, og indlæs filen igen.`;
  return { ok: false, message, issues };
}

/**
 * Imports a sheet of signature statuses (Aftale, Kommune, Status, Dato), all or nothing: every
 * row is checked first (by the import planner, plus "no signed date after today", as the API
 * checks), and only a sheet without a single bad row is written. Staff only.
 */
export async function importSignatures(
  file: { name: string; content: Buffer },
  principal: Principal,
  deps: { repos: Repositories; service: AgreementService; clock: Clock },
): Promise<SignatureImportResult> {
  requireStaff(principal);
  let sheet;
  try {
    sheet = await readSheet(file);
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, message: `${error.message} Intet er ændret.`, issues: error.issues };
    throw error;
  }
  const agreements = await deps.repos.agreements.list();
  const plan = planSignatureImport(sheet, { agreements });
  if (!plan.ok) return rejected(plan.issues);

  const today = todayIn(deps.clock);
  const dateColumn = resolveColumns(sheet, SIGNATURE_COLUMNS).columns.date ?? 'Dato';
  const future = plan.signatures
    .filter((s) => s.signedDate && s.signedDate > today)
    .map((s): ImportIssue => ({ row: s.row, column: dateColumn, message: 'må ikke ligge efter i dag' }));
  if (future.length) return rejected(sortIssues(future, sheet.headers));

  const result = await deps.service.recordMany(plan.signatures, principal);
  return { ok: true, ...result };
}
