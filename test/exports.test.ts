import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableCsv, tableXlsx } from '../bot/exports/table.ts';
import { danishCsv } from '../bot/exports/csv.ts';
import { responsesCsv } from '../bot/evaluations/evaluationResults.ts';
import { DEFAULT_QUESTIONS } from '../bot/domain/evaluation.ts';

describe('CSV exports, as Danish Excel opens them', () => {
  it('writes a BOM, semicolons and CRLF, quotes what needs it, and keeps numbers as numbers', () => {
    const text = danishCsv([['Møde', 'Antal', 'Kommentar'], ['Programledermøde maj', 3, 'Godt; men langt'], ['Juni', -2, null]]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1)).toBe('Møde;Antal;Kommentar\r\nProgramledermøde maj;3;"Godt; men langt"\r\nJuni;-2;\r\n');
  });

  it('writes every formula-looking answer as text, in every export', () => {
    const formulas = ['=HYPERLINK("http://x","klik")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const text = danishCsv(formulas.map((f) => [f]));
    for (const line of text.slice(1).split('\r\n').filter(Boolean)) expect(line, line).toMatch(/^"?'/);
    const evaluation = { id: 'eval-x', meetingId: 'pl-2026-11-23', questions: [...DEFAULT_QUESTIONS], allowComment: true, showLiveResults: false, state: 'closed' as const, startedAt: '2026-11-23T10:00:00Z' };
    const responses = ['=HYPERLINK("http://x","klik")', 'fint', 'godt'].map((comment, i) => ({ evaluationId: 'eval-x', respondentHash: `h${i}`, answers: { q1: 3, q2: 3, q3: 3, q4: 3 }, comment, submittedAt: '2026-11-23T10:30:00Z' }));
    const csv = responsesCsv(evaluation, undefined, responses);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""klik"")"`);
    expect(csv).not.toMatch(/;=HYPERLINK/);
  });

  it('writes an Excel workbook with dates and numbers as such, and a formula-looking text as text, never as a formula', async () => {
    const table = { sheet: 'KLIK-opgaver', header: ['Opgave', 'Frist', 'Fuldført', 'Gennemsnit'], rows: [['=HYPERLINK("http://x","klik")', { date: '2026-11-28' }, 58, { number: 4.25, decimals: 2 }]] };
    expect(tableCsv(table).slice(1)).toBe('Opgave;Frist;Fuldført;Gennemsnit\r\n"\'=HYPERLINK(""http://x"",""klik"")";28-11-2026;58;4,25\r\n');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tableXlsx(table)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('KLIK-opgaver')!;
    const cells = sheet.getRow(2);
    expect(cells.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(cells.getCell(1).value).toBe('=HYPERLINK("http://x","klik")');
    expect(cells.getCell(2).value).toEqual(new Date('2026-11-28T00:00:00Z'));
    expect(cells.getCell(2).numFmt).toBe('dd-mm-yyyy');
    expect(cells.getCell(3).value).toBe(58);
    expect(cells.getCell(4).value).toBe(4.25);
  });
});
