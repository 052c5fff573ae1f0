import type { z } from 'zod';
import { toFieldIssues } from '../domain/validation.ts';
import { isoDate } from '../domain/time.ts';
import { foldText, isMunicipalityCode, matchMunicipality, withoutLeadingZeros } from '../domain/municipality.ts';
import type { Bilingual } from '../domain/language.ts';
import type { ImportIssue } from './importError.ts';
import { headerKey, type ColumnMap } from './columns.ts';
import type { SheetRow } from './sheet.ts';

/** The text in a row's cell for a field; '' when the column is absent or the cell is empty. */
export function cellOf<F extends string>(row: SheetRow, columns: ColumnMap<F>, field: F): string {
  const header = columns[field];
  return header === undefined ? '' : (row.cells[header] ?? '');
}

/** Empty cells become undefined, so the schemas say "skal udfyldes" and apply their defaults. */
export const orUndefined = (text: string): string | undefined => (text === '' ? undefined : text);

/** Titles are compared exactly, except for spacing that Excel and copy-paste add or remove. */
export const normaliseTitle = (title: string): string => title.trim().replace(/\s+/g, ' ');

/**
 * A date as written in Danish sheets (28-11-2023, 28.11.2023, 28/11/2023, 1-5-2023) or ISO
 * (2023-11-28), as `yyyy-mm-dd`. Undefined when the text has none of these forms. Whether the day
 * exists (31-02-2024) is left to the domain's isoDate schema.
 */
export function toIsoDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const danish = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : danish ? [danish[3], danish[2], danish[1]] : [];
  if (!y || !m || !d) return undefined;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * A date cell checked on its own with the domain's isoDate: `iso` when it is a real day, else a
 * Danish `message`. Checked before the row's schema because zod would otherwise still compare a
 * date like 2024-13-01 with the other date and add a misleading "fristen må ikke ligge før ...".
 */
export function dateCell(text: string): { iso?: string; message?: string } {
  if (text === '') return {};
  const iso = toIsoDate(text);
  if (!iso) return { message: `skal være en dato som 28-11-2023${quoted(text)}` };
  const checked = isoDate.safeParse(iso);
  return checked.success ? { iso } : { message: toFieldIssues(checked.error)[0]!.message + quoted(text) };
}

/**
 * Finds the id whose id, Danish or English label matches the text, ignoring case, accents, spacing
 * and æ/ø/å typed as a/o/a: a sheet from a keyboard without Danish letters says "Fuldfort".
 */
export function idFromLabel<T extends string>(labels: Record<T, Bilingual>, text: string): T | undefined {
  const wanted = headerKey(text);
  for (const [id, label] of Object.entries(labels) as [T, Bilingual][]) {
    if ([id, label.da, label.en].some((l) => headerKey(l) === wanted)) return id;
  }
  return undefined;
}

/**
 * A kommunekode or municipality name to a kommunekode. Codes may be written with a leading zero
 * ("0101"); a number that is no kommunekode is never matched to a name by resemblance.
 */
export function resolveMunicipality(text: string): { code: string } | { message: string } {
  if (text === '') return { message: 'skal udfyldes' };
  if (/^\d+$/.test(text)) {
    const code = withoutLeadingZeros(text);
    return isMunicipalityCode(code) ? { code } : { message: `${text} er ikke en kendt kommunekode` };
  }
  const match = matchMunicipality(text);
  if (match.kind === 'exact') return { code: match.municipality.code };
  if (match.kind === 'ambiguous') {
    const names = match.candidates.slice(0, 5).map((m) => `${m.name} (${m.code})`).join(', ');
    return { message: `"${text}" passer på flere kommuner: ${names}. Skriv hele navnet eller kommunekoden` };
  }
  // matchMunicipality always offers its nearest names; only those that start alike are a real hint.
  const start = foldText(text).slice(0, 2);
  const likely = match.suggestions.filter((m) => foldText(m.name).startsWith(start));
  const hint = likely.length > 0 ? `. Mente du ${likely.map((m) => m.name).join(' eller ')}?` : '';
  return { message: `kender ikke kommunen "${text}"${hint}` };
}

/** The cell's text quoted after a message, shortened so a long description does not flood the list. */
export function quoted(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return ` (der står "${short}")`;
}

/**
 * Collects one row's problems under the sheet's own column names. Problems found before the
 * schema runs (unknown solution, unreadable date) win over the schema's message for that field,
 * so a person sees one reason per cell.
 */
export class RowIssues<F extends string> {
  private readonly byField = new Map<string, string>();

  constructor(
    private readonly row: SheetRow,
    private readonly columns: ColumnMap<F>,
    private readonly names: Record<F, string>,
  ) {}

  /** Records a problem for a field, unless one is already recorded for it. */
  add(field: F, message: string): void {
    if (!this.byField.has(field)) this.byField.set(field, message);
  }

  /** True when a problem is recorded for the field. */
  has(field: F): boolean {
    return this.byField.has(field);
  }

  /** Adds the schema's problems, translating zod's field names to this sheet's columns. */
  addZod(error: z.ZodError, fieldOf: (zodField: string) => F | undefined): void {
    for (const issue of toFieldIssues(error)) {
      const field = fieldOf(issue.field);
      // A problem no column explains still blocks the row; it is reported for the row as a whole.
      if (!field) {
        this.byField.set(issue.field, `${issue.field}: ${issue.message}`);
        continue;
      }
      const text = cellOf(this.row, this.columns, field);
      this.add(field, text === '' ? issue.message : issue.message + quoted(text));
    }
  }

  /** The problems as issues naming the row and the column header as written in the sheet. */
  toIssues(): ImportIssue[] {
    return [...this.byField].map(([field, message]) => ({
      row: this.row.rowNumber,
      column: this.columns[field as F] ?? this.names[field as F] ?? '',
      message,
    }));
  }
}
