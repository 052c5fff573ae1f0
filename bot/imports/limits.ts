/** The largest file accepted; KOMBIT's overviews are far smaller, so anything bigger is a mistake. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The most data rows accepted: 98 municipalities times a few dozen tasks fits with room to spare. */
export const MAX_DATA_ROWS = 5000;

/** Danish text for refusing a file with too many rows; the same wording for CSV and XLSX. */
export const TOO_MANY_ROWS = `Filen har mere end ${MAX_DATA_ROWS.toLocaleString('da-DK')} rækker. Del den op i mindre filer.`;
