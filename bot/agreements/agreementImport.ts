import { SIGNATURE_STATE_LABELS, signatureChangeSchema, type SignatureState } from '../domain/agreement.ts';
import type { ImportIssue } from '../imports/importError.ts';
import { resolveColumns, sheetLevelIssues, sortIssues, type ColumnSpec } from '../imports/columns.ts';
import { cellOf, dateCell, idFromLabel, orUndefined, quoted, resolveMunicipality, RowIssues } from '../imports/cells.ts';
import { FirstSeen, resolveReference } from '../imports/references.ts';
import type { Sheet } from '../imports/sheet.ts';

export type SignatureField = 'agreement' | 'municipality' | 'state' | 'date';

/** The signature sheet's columns, as in KOMBIT's status table of agreements. */
export const SIGNATURE_COLUMNS: readonly ColumnSpec<SignatureField>[] = [
  { field: 'agreement', name: 'Aftale', aliases: ['Aftale-id', 'Aftaletitel', 'Agreement'], required: true },
  { field: 'municipality', name: 'Kommune', aliases: ['Kommunekode', 'Kommunenavn', 'Municipality'], required: true },
  { field: 'state', name: 'Status', aliases: ['Underskrift', 'Signature'], required: true },
  { field: 'date', name: 'Dato', aliases: ['Underskrevet den', 'Underskriftsdato', 'Signed date', 'Date'], required: false },
];

const NAMES = Object.fromEntries(SIGNATURE_COLUMNS.map((c) => [c.field, c.name])) as Record<SignatureField, string>;
const FROM_SCHEMA: Record<string, SignatureField> = { municipalityCode: 'municipality', state: 'state', signedDate: 'date' };
const STATE_MESSAGE = 'skal være Underskrevet, Underskrevet med forbehold, Takket nej eller Mangler';

/** One municipality's answer to one agreement. */
export interface PlannedSignature {
  readonly row: number;
  readonly agreementId: string;
  readonly municipalityCode: string;
  readonly state: SignatureState;
  readonly signedDate?: string;
}

/** What importing a signature sheet would do, or every reason it cannot. */
export type SignatureImportPlan = { ok: true; signatures: PlannedSignature[] } | { ok: false; issues: ImportIssue[] };

/**
 * Checks a sheet of signature statuses (Aftale, Kommune, Status, Dato). Every row is validated
 * first; the plan is returned only when all rows are good, otherwise every problem is.
 */
export function planSignatureImport(sheet: Sheet, existing: { agreements: readonly { id: string; title: string }[] }): SignatureImportPlan {
  const { columns, issues: headerIssues } = resolveColumns(sheet, SIGNATURE_COLUMNS);
  const stop = sheetLevelIssues(sheet, headerIssues);
  if (stop) return { ok: false, issues: stop };

  const seen = new FirstSeen();
  const signatures: PlannedSignature[] = [];
  const issues: ImportIssue[] = [];
  for (const row of sheet.rows) {
    const cell = (f: SignatureField) => cellOf(row, columns, f);
    const problems = new RowIssues(row, columns, NAMES);

    const agreement = resolveReference(existing.agreements, cell('agreement'), {
      none: 'der findes ingen aftale med dette id eller denne titel',
      many: 'flere aftaler har denne titel; skriv aftalens id i stedet',
    });
    if ('message' in agreement) problems.add('agreement', agreement.message);

    const municipality = resolveMunicipality(cell('municipality'));
    if ('message' in municipality) problems.add('municipality', municipality.message);

    // The schema knows only the ids; the sheet speaks KOMBIT's Danish labels.
    const stateText = cell('state');
    const state = stateText === '' ? undefined : idFromLabel(SIGNATURE_STATE_LABELS, stateText);
    if (stateText !== '' && !state) problems.add('state', STATE_MESSAGE + quoted(stateText));

    const { iso: signedDate, message: dateMessage } = dateCell(cell('date'));
    if (dateMessage) problems.add('date', dateMessage);
    if (signedDate && state === 'missing') problems.add('date', 'skal være tom, når status er Mangler');

    const parsed = signatureChangeSchema.safeParse({
      municipalityCode: 'code' in municipality ? municipality.code : undefined,
      state: state ?? orUndefined(stateText),
      signedDate,
    });
    if (!parsed.success) problems.addZod(parsed.error, (f) => FROM_SCHEMA[f]);

    if ('id' in agreement && parsed.success) {
      const earlier = seen.claim(`${agreement.id}\u0000${parsed.data.municipalityCode}`, row.rowNumber);
      if (earlier !== undefined) problems.add('municipality', `aftalen og kommunen står allerede i række ${earlier}`);
    }

    const rowIssues = problems.toIssues();
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else if ('id' in agreement && parsed.success) {
      const { municipalityCode, state: parsedState, signedDate: date } = parsed.data;
      signatures.push({ row: row.rowNumber, agreementId: agreement.id, municipalityCode, state: parsedState, ...(date ? { signedDate: date } : {}) });
    }
  }
  return issues.length > 0 ? { ok: false, issues: sortIssues(issues, sheet.headers) } : { ok: true, signatures };
}
