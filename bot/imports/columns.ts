import { foldText } from '../domain/municipality.ts';
import type { ImportIssue } from './importError.ts';
import type { Sheet } from './sheet.ts';

/** One column an import understands: the Danish name it is reported by, and the other spellings accepted. */
export interface ColumnSpec<F extends string> {
  readonly field: F;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly required: boolean;
}

/** Which header in this sheet holds each field; absent optional columns are missing from the map. */
export type ColumnMap<F extends string> = Partial<Record<F, string>>;

/**
 * A header compared case-, accent- and punctuation-insensitively, and with æ/ø/å typed as a/o/a
 * too, so "Losning", "LØSNING" and "Løsning" are the same column, as are "KLIK-link" and "Klik link".
 */
export function headerKey(text: string): string {
  return foldText(text).replace(/ /g, '').replace(/aa/g, 'a').replace(/ae/g, 'a').replace(/oe/g, 'o');
}

function keysOf<F extends string>(spec: ColumnSpec<F>): Set<string> {
  return new Set([spec.name, ...spec.aliases].map(headerKey));
}

/** How many of a layout's required columns the sheet has; used to tell layouts apart. */
export function requiredMatches<F extends string>(sheet: Sheet, specs: readonly ColumnSpec<F>[]): number {
  const present = new Set(sheet.headers.map(headerKey));
  return specs.filter((s) => s.required && [...keysOf(s)].some((k) => present.has(k))).length;
}

/**
 * Maps the sheet's headers to fields. A missing required column is one issue on the header row, named by
 * its Danish name; two headers meaning the same field are refused rather than guessing which wins.
 */
export function resolveColumns<F extends string>(
  sheet: Sheet,
  specs: readonly ColumnSpec<F>[],
): { columns: ColumnMap<F>; issues: ImportIssue[] } {
  const columns: ColumnMap<F> = {};
  const issues: ImportIssue[] = [];
  const headerRow = sheet.headerRowNumber ?? 1;
  for (const spec of specs) {
    const keys = keysOf(spec);
    const found = sheet.headers.filter((h) => keys.has(headerKey(h)));
    if (found.length === 0) {
      if (spec.required) issues.push({ row: headerRow, column: spec.name, message: 'kolonnen mangler i overskriftsrækken' });
      continue;
    }
    columns[spec.field] = found[0];
    for (const extra of found.slice(1)) {
      issues.push({ row: headerRow, column: extra, message: `betyder det samme som kolonnen "${found[0]}"; slet den ene` });
    }
  }
  return { columns, issues };
}

/** Sorts issues as a person reads the sheet: by row, then in column order. */
export function sortIssues(issues: ImportIssue[], headers: readonly string[]): ImportIssue[] {
  const order = (column: string) => {
    const i = headers.indexOf(column);
    return i === -1 ? headers.length : i;
  };
  return issues.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
}

/** Issues that stop the whole sheet before its rows are looked at: bad headers, or no rows at all. */
export function sheetLevelIssues(sheet: Sheet, headerIssues: ImportIssue[]): ImportIssue[] | undefined {
  if (headerIssues.length > 0) return headerIssues;
  if (sheet.rows.length === 0) return [{ row: (sheet.headerRowNumber ?? 1) + 1, column: '', message: 'arket har ingen rækker under overskriftsrækken' }];
  return undefined;
}
