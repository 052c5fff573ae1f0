import type { ImportIssue } from '../imports/importError.ts';
import { resolveColumns, sheetLevelIssues, sortIssues, type ColumnSpec } from '../imports/columns.ts';
import { cellOf, quoted, resolveMunicipality, RowIssues } from '../imports/cells.ts';
import type { Sheet } from '../imports/sheet.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { plainText } from '../domain/validation.ts';
import { toFieldIssues } from '../domain/validation.ts';
import { matchRosterRole, rosterEmailSchema, type RosterPerson, type RosterRoleId } from '../domain/roster.ts';

export type RosterField = 'municipality' | 'name' | 'email' | 'role';

/** The roster sheet's columns, as KLIK's Rollegalleri exports them. */
export const ROSTER_COLUMNS: readonly ColumnSpec<RosterField>[] = [
  { field: 'municipality', name: 'Kommune', aliases: ['Kommunenavn', 'Kommunekode', 'Municipality'], required: true },
  { field: 'name', name: 'Navn', aliases: ['Fulde navn', 'Name'], required: true },
  { field: 'email', name: 'E-mail', aliases: ['Email', 'Mail', 'E-mailadresse', 'Mailadresse'], required: true },
  { field: 'role', name: 'Rolle', aliases: ['KLIK-rolle', 'Role'], required: true },
];

const NAMES = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.field, c.name])) as Record<RosterField, string>;
const nameSchema = plainText(200);

/** What importing a roster sheet would give, or every reason it cannot. */
export type RosterImportPlan = { ok: true; people: RosterPerson[]; rows: number } | { ok: false; issues: ImportIssue[] };

/**
 * Checks a roster sheet (Kommune, Navn, E-mail, Rolle; one row per person and role) and gathers
 * each person's roles. Every row is checked; the people are returned only when no row is bad.
 * A person (by e-mail) listed under two municipalities is refused: the app would not know where
 * to send their municipality's tasks.
 */
export function planRosterImport(sheet: Sheet): RosterImportPlan {
  const { columns, issues: headerIssues } = resolveColumns(sheet, ROSTER_COLUMNS);
  const stop = sheetLevelIssues(sheet, headerIssues);
  if (stop) return { ok: false, issues: stop };

  const people = new Map<string, { person: RosterPerson; row: number }>();
  const issues: ImportIssue[] = [];
  for (const row of sheet.rows) {
    const cell = (f: RosterField) => cellOf(row, columns, f);
    const problems = new RowIssues(row, columns, NAMES);

    const municipality = resolveMunicipality(cell('municipality'));
    if ('message' in municipality) problems.add('municipality', municipality.message);

    const name = nameSchema.safeParse(cell('name'));
    if (!name.success) problems.add('name', cell('name') === '' ? 'skal udfyldes' : toFieldIssues(name.error)[0]!.message + quoted(cell('name')));

    const emailText = cell('email');
    const email = rosterEmailSchema.safeParse(emailText);
    if (emailText === '') problems.add('email', 'skal udfyldes');
    else if (!email.success) problems.add('email', toFieldIssues(email.error)[0]!.message + quoted(emailText));

    const roleText = cell('role');
    const role: RosterRoleId | undefined = roleText === '' ? undefined : matchRosterRole(roleText);
    if (roleText === '') problems.add('role', 'skal udfyldes');
    else if (!role) problems.add('role', `er ikke en rolle i KLIKs Rollegalleri${quoted(roleText)}`);

    if (email.success && 'code' in municipality) {
      const earlier = people.get(email.data);
      if (earlier && earlier.person.municipalityCode !== municipality.code) {
        const where = municipalityByCode(earlier.person.municipalityCode)?.name ?? earlier.person.municipalityCode;
        problems.add('municipality', `personen står allerede i række ${earlier.row} under ${where}; én person kan kun høre til én kommune`);
      }
    }

    const rowIssues = problems.toIssues();
    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      continue;
    }
    const key = email.data!;
    const code = (municipality as { code: string }).code;
    const earlier = people.get(key);
    if (earlier) {
      if (!earlier.person.roles.includes(role!)) earlier.person = { ...earlier.person, roles: [...earlier.person.roles, role!] };
    } else {
      people.set(key, { person: { email: key, name: name.data!, municipalityCode: code, roles: [role!] }, row: row.rowNumber });
    }
  }
  if (issues.length > 0) return { ok: false, issues: sortIssues(issues, sheet.headers) };
  return { ok: true, people: [...people.values()].map((p) => p.person), rows: sheet.rows.length };
}
