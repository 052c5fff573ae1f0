/** One problem in an imported file, located the way a person finds it in Excel. */
export interface ImportIssue {
  /** Row number as Excel shows it; the header row is 1. */
  readonly row: number;
  /** The column header as written in the file, or the expected name when the column is missing; '' for the whole row or file. */
  readonly column: string;
  /** Danish reason, e.g. "fristen må ikke ligge før startdatoen". */
  readonly message: string;
}

/**
 * Raised when a file cannot be read as a sheet at all (wrong kind, corrupt, too big, empty).
 * Row-level problems are not errors: the import plans return them as issues instead, so a
 * person sees every bad row at once.
 */
export class ImportError extends Error {
  readonly issues: readonly ImportIssue[];

  constructor(message: string, issues: readonly ImportIssue[] = []) {
    super(message);
    this.name = 'ImportError';
    this.issues = issues;
  }
}
