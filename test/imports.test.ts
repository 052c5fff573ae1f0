import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readSheet, type Sheet } from '../bot/imports/sheet.ts';
import { ImportError } from '../bot/imports/importError.ts';
import { planKlikTaskImport, type ExistingTasks } from '../bot/klikTasks/imports/klikTaskImport.ts';
import { planSignatureImport } from '../bot/agreements/agreementImport.ts';

// ---------------------------------------------------------------------------------------------
// Real files, built the way Excel and KOMBIT's exports write them.

type Cell = string | number | Date | ExcelJS.CellValue;

function csvText(rows: readonly (readonly string[])[], delimiter: string): string {
  const quote = (v: string) => (/["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(quote).join(delimiter)).join('\r\n') + '\r\n';
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8Csv = (rows: readonly (readonly string[])[], delimiter = ';', bom = true) =>
  Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(csvText(rows, delimiter), 'utf8')]);

async function xlsx(rows: readonly (readonly Cell[])[], sheetName = 'Ark1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function sheetOf(name: string, content: Buffer): Promise<Sheet> {
  return readSheet({ name, content });
}

async function refusal(name: string, content: Buffer): Promise<ImportError> {
  try {
    await readSheet({ name, content });
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected the file to be refused');
}

// ---------------------------------------------------------------------------------------------
// What the app already holds (from the June 2023 and February 2024 meetings).

const OCES3_TITLE = 'Udskift kommunens organisationscertifikat med OCES3-certifikat i Fælleskommunalt Administrationsmodul';
const IDP_TITLE = 'Upload OCES3-certifikat (SAML-metadatafil) for kommunens Identity Provider (IdP) i Fælleskommunalt Administrationsmodul';

const existing: ExistingTasks = {
  tasks: [
    { id: 'task-oces3-certifikat', title: OCES3_TITLE, solutionId: 'fki' },
    { id: 'task-oces3-idp-metadata', title: IDP_TITLE, solutionId: 'fki' },
    { id: 'task-kpb-systemejer', title: 'Udpeg systemejer', solutionId: 'koereproevebooking' },
  ],
  solutionIds: ['fki', 'sundhedsagenten', 'koereproevebooking', 'sygesikring'],
  solutions: [
    { id: 'fki', name: 'Fælleskommunal infrastruktur' },
    { id: 'sundhedsagenten', name: 'Sundhedsagenten' },
    { id: 'koereproevebooking', name: 'Køreprøvebooking' },
    { id: 'sygesikring', name: 'Sygesikring' },
  ],
};

const agreements = [
  { id: 'agr-fbi-databehandleraftale', title: 'FBI databehandleraftale' },
  { id: 'agr-koereproevebooking-databehandleraftale', title: 'Køreprøvebooking databehandleraftale' },
];

const TASK_HEADER = ['Løsning', 'Titel', 'Beskrivelse', 'Type', 'Startdato', 'Frist', 'Rolle', 'KLIK-link', 'Id'];
const oces3Row = [
  'Fælleskommunal infrastruktur',
  OCES3_TITLE,
  'Slutdatoen er flyttet fra 30. juni til 31. august; typen er ændret til obligatorisk.',
  'Obligatorisk',
  '01-05-2023',
  '31.08.2023',
  'infrastrukturansvarlig',
  'https://klik.kombit.dk/opgaver/oces3-certifikat',
  '',
];
const sundhedsagentRow = [
  'sundhedsagenten',
  'Installér Sundhedsagenten på kommunens pc\'er',
  '',
  'Obligatorisk på kritisk vej',
  '2024-01-15',
  '29-03-2024',
  'Sundhedsagentadministrator',
  '',
  '',
];
const koereproeveRow = [
  'Køreprøvebooking',
  'Udpeg systemejer for Køreprøvebooking',
  '',
  'anbefalet',
  '1-2-2024',
  '28-02-2024',
  'systemansvarlig',
  '',
  'task-kpb-systemejer',
];

describe('readSheet reads what KOMBIT staff upload', () => {
  it('reads a semicolon CSV with BOM as Danish Excel saves it, numbering rows as Excel shows them', async () => {
    const content = utf8Csv([TASK_HEADER, oces3Row, [], sundhedsagentRow]);
    const sheet = await sheetOf('opgaver.csv', content);
    expect(sheet.headers).toEqual(TASK_HEADER);
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([2, 4]);
    expect(sheet.rows[0]!.cells['Titel']).toBe(OCES3_TITLE);
    expect(sheet.rows[0]!.cells['Løsning']).toBe('Fælleskommunal infrastruktur');
    expect(sheet.rows[1]!.cells['Titel']).toBe("Installér Sundhedsagenten på kommunens pc'er");
  });

  it('reads a comma CSV without BOM, with a quoted comma and a line break inside a cell', async () => {
    const content = utf8Csv(
      [['Aftale', 'Kommune', 'Status'], ['FBI databehandleraftale', 'København', 'Underskrevet med forbehold, se note\nbilag A'], ['FBI databehandleraftale', 'Aarhus', 'Mangler']],
      ',',
      false,
    );
    const sheet = await sheetOf('underskrifter.csv', content);
    expect(sheet.headers).toEqual(['Aftale', 'Kommune', 'Status']);
    expect(sheet.rows).toEqual([
      { rowNumber: 2, cells: { Aftale: 'FBI databehandleraftale', Kommune: 'København', Status: 'Underskrevet med forbehold, se note\nbilag A' } },
      { rowNumber: 3, cells: { Aftale: 'FBI databehandleraftale', Kommune: 'Aarhus', Status: 'Mangler' } },
    ].map((r) => ({ ...r, cells: expect.objectContaining(r.cells) })));
  });

  it('reads Windows-1252 text from an older Excel, including æøå and the en dash', async () => {
    const content = Buffer.concat([
      Buffer.from('Opgave;Kommune;Status\r\nGDPR ', 'latin1'),
      Buffer.from([0x96]),
      Buffer.from(' revisionserklæringer;Lyngby-Taarbæk;Påbegyndt\r\n', 'latin1'),
    ]);
    const sheet = await sheetOf('status.csv', content);
    expect({ ...sheet.rows[0]!.cells }).toEqual({ Opgave: 'GDPR – revisionserklæringer', Kommune: 'Lyngby-Taarbæk', Status: 'Påbegyndt' });
  });

  it('honours Excel\'s "sep=;" line and still calls the header row 1', async () => {
    const content = Buffer.from('sep=;\r\nOpgave;Kommune;Status\r\nx, y;101;Fuldført\r\n', 'utf8');
    const sheet = await sheetOf('status.csv', content);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0]!.rowNumber).toBe(2);
    expect(sheet.rows[0]!.cells['Opgave']).toBe('x, y');
  });

  it('reads the first worksheet of an XLSX: dates as yyyy-mm-dd, numbers as text, rich text, links and formulas flattened', async () => {
    const content = await xlsx([
      ['Titel', 'Frist', 'Kommune', 'KLIK-link', 'Antal'],
      [
        { richText: [{ text: 'Udskift ', font: { bold: true } }, { text: 'OCES3-certifikat' }] },
        new Date(Date.UTC(2023, 7, 31)),
        101,
        { text: 'https://klik.kombit.dk/opgaver/1', hyperlink: 'https://klik.kombit.dk/opgaver/1' },
        { formula: '0.1+0.2', result: 0.1 + 0.2 },
      ],
      [],
      ['Indmeld modtager', '2024-03-01', 751, '', 58],
    ]);
    const sheet = await sheetOf('opgaver.xlsx', content);
    expect(sheet.rows.map((r) => ({ n: r.rowNumber, ...r.cells }))).toEqual([
      { n: 2, Titel: 'Udskift OCES3-certifikat', Frist: '2023-08-31', Kommune: '101', 'KLIK-link': 'https://klik.kombit.dk/opgaver/1', Antal: '0.3' },
      { n: 4, Titel: 'Indmeld modtager', Frist: '2024-03-01', Kommune: '751', 'KLIK-link': '', Antal: '58' },
    ]);
  });

  it('refuses a file that is not a sheet, naming it', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect((await refusal('logo.png', png)).message).toBe('Filen "logo.png" er hverken et Excel-regneark (.xlsx) eller en CSV-fil.');
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
    expect((await refusal('referat.pdf', pdf)).message).toBe('Filen "referat.pdf" er hverken et Excel-regneark (.xlsx) eller en CSV-fil.');
  });

  it('refuses a Word file (a zip, like XLSX), a corrupt XLSX and an old .xls', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
    zip.file('word/document.xml', '<w:document/>');
    const docx = await zip.generateAsync({ type: 'nodebuffer' });
    expect((await refusal('notat.docx', docx)).message).toBe('Filen er ikke et Excel-regneark. Brug en .xlsx- eller CSV-fil.');

    const good = await xlsx([['Titel'], ['x']]);
    const corrupt = good.subarray(0, Math.floor(good.length / 2));
    expect((await refusal('opgaver.xlsx', corrupt)).message).toBe(
      'Filen kunne ikke læses som et Excel-regneark (.xlsx). Den er måske beskadiget, eller den er en anden slags fil.',
    );

    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await refusal('opgaver.xls', xls)).message).toBe(
      'Filen er i det gamle Excel-format (.xls). Gem den som Excel-projektmappe (.xlsx) eller CSV, og prøv igen.',
    );
  });

  it('refuses a file larger than 5 MB', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 'a;b\r\n');
    expect((await refusal('stor.csv', big)).message).toBe('Filen er for stor (6,0 MB). Den må højst fylde 5 MB.');
  });

  it('refuses more than 5,000 data rows and accepts exactly 5,000', async () => {
    const rows = (n: number) => [['Opgave', 'Kommune', 'Status'], ...Array.from({ length: n }, (_, i) => [`opgave-${i}`, '101', 'Fuldført'])];
    expect((await sheetOf('status.csv', utf8Csv(rows(5000)))).rows).toHaveLength(5000);
    expect((await refusal('status.csv', utf8Csv(rows(5001)))).message).toBe('Filen har mere end 5.000 rækker. Del den op i mindre filer.');
    expect((await refusal('status.xlsx', await xlsx(rows(5001)))).message).toBe('Filen har mere end 5.000 rækker. Del den op i mindre filer.');
  });

  it('refuses an empty file, a file without a header row, a broken quote and a repeated header', async () => {
    expect((await refusal('tom.csv', Buffer.alloc(0))).message).toBe('Filen er tom.');
    expect((await refusal('tom.csv', Buffer.from('\r\n;;\r\n', 'utf8'))).message).toBe(
      'Filen har ingen overskriftsrække. Første række skal indeholde kolonnernes navne.',
    );
    expect((await refusal('status.csv', Buffer.from('Opgave;Kommune\r\n"OCES3;101\r\n', 'utf8'))).message).toMatch(
      /^Filen kunne ikke læses som CSV \(omkring linje \d+\)\. Tjek at alle anførselstegn er lukket\.$/,
    );
    const repeated = await refusal('status.csv', Buffer.from('Kommune;Status;kommune\r\n101;Fuldført;147\r\n', 'utf8'));
    expect(repeated.message).toBe('Kolonnen "kommune" står mere end én gang i overskriftsrækken.');
    expect(repeated.issues).toEqual([{ row: 1, column: 'kommune', message: 'kolonneoverskriften står mere end én gang' }]);
  });
});

describe('planKlikTaskImport: task overview', () => {
  it('plans the OCES3 update, a new Sundhedsagent task and an update by id, from a semicolon CSV', async () => {
    const sheet = await sheetOf('opgaver.csv', utf8Csv([TASK_HEADER, oces3Row, sundhedsagentRow, koereproeveRow]));
    const plan = planKlikTaskImport(sheet, existing);
    expect(plan).toEqual({
      ok: true,
      layout: 'tasks',
      statuses: [],
      tasks: [
        {
          row: 2,
          id: 'task-oces3-certifikat',
          input: {
            solutionId: 'fki',
            title: OCES3_TITLE,
            description: 'Slutdatoen er flyttet fra 30. juni til 31. august; typen er ændret til obligatorisk.',
            type: 'mandatory',
            startDate: '2023-05-01',
            deadline: '2023-08-31',
            responsibleRole: 'infrastrukturansvarlig',
            klikUrl: 'https://klik.kombit.dk/opgaver/oces3-certifikat',
          },
        },
        {
          row: 3,
          input: {
            solutionId: 'sundhedsagenten',
            title: "Installér Sundhedsagenten på kommunens pc'er",
            description: '',
            type: 'criticalPath',
            startDate: '2024-01-15',
            deadline: '2024-03-29',
            responsibleRole: 'Sundhedsagentadministrator',
          },
        },
        {
          row: 4,
          id: 'task-kpb-systemejer',
          input: {
            solutionId: 'koereproevebooking',
            title: 'Udpeg systemejer for Køreprøvebooking',
            description: '',
            type: 'recommended',
            startDate: '2024-02-01',
            deadline: '2024-02-28',
            responsibleRole: 'systemansvarlig',
          },
        },
      ],
    });
  });

  it('reads the same overview from XLSX with real date cells and English headers', async () => {
    const content = await xlsx([
      ['Solution', 'Title', 'Type', 'Start date', 'Deadline', 'Role'],
      ['fki', OCES3_TITLE, 'Mandatory', new Date(Date.UTC(2023, 4, 1)), new Date(Date.UTC(2023, 7, 31)), 'infrastrukturansvarlig'],
    ]);
    const plan = planKlikTaskImport(await sheetOf('tasks.xlsx', content), existing);
    expect(plan.ok && plan.tasks).toEqual([
      {
        row: 2,
        id: 'task-oces3-certifikat',
        input: {
          solutionId: 'fki',
          title: OCES3_TITLE,
          description: '',
          type: 'mandatory',
          startDate: '2023-05-01',
          deadline: '2023-08-31',
          responsibleRole: 'infrastrukturansvarlig',
        },
      },
    ]);
  });

  // One bad row (row 3) between two good ones: the plan names exactly that row and column.
  const badRows: [string, (row: string[]) => void, { column: string; message: string }][] = [
    ['a deadline before the start date', (r) => ((r[4] = '28-11-2023'), (r[5] = '01-11-2023')), { column: 'Frist', message: 'fristen må ikke ligge før startdatoen (der står "01-11-2023")' }],
    ['an unknown type', (r) => (r[3] = 'Frivillig'), { column: 'Type', message: 'skal være Obligatorisk på kritisk vej, Obligatorisk eller Anbefalet (der står "Frivillig")' }],
    ['a date that does not exist', (r) => (r[5] = '31-02-2024'), { column: 'Frist', message: 'er ikke en gyldig dato (der står "31-02-2024")' }],
    ['text where a date belongs', (r) => (r[4] = 'i morgen'), { column: 'Startdato', message: 'skal være en dato som 28-11-2023 (der står "i morgen")' }],
    ['an unknown solution', (r) => (r[0] = 'Atlantis'), { column: 'Løsning', message: 'kender ikke løsningen (der står "Atlantis")' }],
    ['an empty title', (r) => (r[1] = ''), { column: 'Titel', message: 'skal udfyldes' }],
    ['a plain http link', (r) => (r[7] = 'http://klik.kombit.dk/x'), { column: 'KLIK-link', message: 'skal være en https-adresse (der står "http://klik.kombit.dk/x")' }],
    ['an id no task has', (r) => (r[8] = 'task-findes-ikke'), { column: 'Id', message: 'der findes ingen opgave med dette id (der står "task-findes-ikke"); lad cellen være tom for at oprette en ny opgave' }],
  ];
  it.each(badRows)('refuses the whole file for %s, naming row 3 and the column', async (_, spoil, expected) => {
    const bad = [...sundhedsagentRow];
    spoil(bad);
    const sheet = await sheetOf('opgaver.csv', utf8Csv([TASK_HEADER, oces3Row, bad, koereproeveRow]));
    expect(planKlikTaskImport(sheet, existing)).toEqual({ ok: false, issues: [{ row: 3, ...expected }] });
  });

  it('lists every bad row at once, in sheet order', async () => {
    const noType = [...oces3Row];
    noType[3] = '';
    const badDate = [...koereproeveRow];
    badDate[4] = '2024-13-01';
    const sheet = await sheetOf('opgaver.csv', utf8Csv([TASK_HEADER, noType, sundhedsagentRow, badDate]));
    expect(planKlikTaskImport(sheet, existing)).toEqual({
      ok: false,
      issues: [
        { row: 2, column: 'Type', message: 'skal være Obligatorisk på kritisk vej, Obligatorisk eller Anbefalet' },
        { row: 4, column: 'Startdato', message: 'er ikke en gyldig dato (der står "2024-13-01")' },
      ],
    });
  });

  it('refuses the same task twice in one file, pointing at the first row', async () => {
    const sheet = await sheetOf('opgaver.csv', utf8Csv([TASK_HEADER, sundhedsagentRow, oces3Row, sundhedsagentRow]));
    expect(planKlikTaskImport(sheet, existing)).toEqual({
      ok: false,
      issues: [{ row: 4, column: 'Titel', message: 'opgaven står allerede i række 2' }],
    });
  });

  it('names a missing required column on row 1', async () => {
    const header = TASK_HEADER.filter((h) => h !== 'Frist');
    const row = oces3Row.filter((_, i) => TASK_HEADER[i] !== 'Frist');
    const sheet = await sheetOf('opgaver.csv', utf8Csv([header, row]));
    expect(planKlikTaskImport(sheet, existing)).toEqual({ ok: false, issues: [{ row: 1, column: 'Frist', message: 'kolonnen mangler i overskriftsrækken' }] });
  });

  it('says so when the sheet is neither layout, or has no rows', async () => {
    const unknown = await sheetOf('noter.csv', utf8Csv([['Navn', 'Telefon'], ['Mia', '12345678']]));
    expect(planKlikTaskImport(unknown, existing)).toEqual({
      ok: false,
      issues: [{
        row: 1,
        column: '',
        message: 'arket er hverken en opgaveoversigt (kolonnerne Løsning, Titel, Type, Startdato, Frist, Rolle) eller en statusoversigt (kolonnerne Opgave, Kommune, Status)',
      }],
    });
    const empty = await sheetOf('opgaver.csv', utf8Csv([TASK_HEADER]));
    expect(planKlikTaskImport(empty, existing)).toEqual({ ok: false, issues: [{ row: 2, column: '', message: 'arket har ingen rækker under overskriftsrækken' }] });
  });
});

describe('planKlikTaskImport: status sheet', () => {
  const STATUS_HEADER = ['Opgave', 'Kommune', 'Status'];
  const goodRows: Cell[][] = [
    ['task-oces3-certifikat', 101, 'Fuldført'],
    [OCES3_TITLE, 751, 'Påbegyndt'],
    ['task-oces3-certifikat', 'Lyngby-Taarbæk', 'Ikke påbegyndt'],
    [IDP_TITLE, 'Aarhus Kommune', 'påbegyndt'],
  ];

  it('plans statuses for København (101), Aarhus (751) and Lyngby-Taarbæk by name, from XLSX', async () => {
    const plan = planKlikTaskImport(await sheetOf('status.xlsx', await xlsx([STATUS_HEADER, ...goodRows])), existing);
    expect(plan).toEqual({
      ok: true,
      layout: 'statuses',
      tasks: [],
      statuses: [
        { row: 2, taskRef: 'task-oces3-certifikat', municipalityCode: '101', status: 'done' },
        { row: 3, taskRef: 'task-oces3-certifikat', municipalityCode: '751', status: 'started' },
        { row: 4, taskRef: 'task-oces3-certifikat', municipalityCode: '173', status: 'notStarted' },
        { row: 5, taskRef: 'task-oces3-idp-metadata', municipalityCode: '751', status: 'started' },
      ],
    });
  });

  it('plans the same from a latin1 CSV typed without Danish letters', async () => {
    const text = 'Opgave;Kommune;Status\r\ntask-oces3-certifikat;Lyngby Taarbaek;Ikke pabegyndt\r\ntask-oces3-certifikat;Kobenhavn;Fuldfort\r\n';
    const plan = planKlikTaskImport(await sheetOf('status.csv', Buffer.from(text, 'latin1')), existing);
    expect(plan.ok && plan.statuses.map((s) => [s.municipalityCode, s.status])).toEqual([
      ['173', 'notStarted'],
      ['101', 'done'],
    ]);
  });

  const badStatusRows: [string, Cell[], { column: string; message: string }][] = [
    ['an unknown municipality', ['task-oces3-certifikat', 'Atlantis', 'Fuldført'], { column: 'Kommune', message: 'kender ikke kommunen "Atlantis"' }],
    ['an unknown kommunekode', ['task-oces3-certifikat', 999, 'Fuldført'], { column: 'Kommune', message: '999 er ikke en kendt kommunekode' }],
    [
      'an ambiguous municipality',
      ['task-oces3-certifikat', 'Frederiks', 'Fuldført'],
      { column: 'Kommune', message: '"Frederiks" passer på flere kommuner: Frederiksberg (147), Frederikssund (250), Frederikshavn (813). Skriv hele navnet eller kommunekoden' },
    ],
    ['an unknown task', ['Ukendt opgave', 101, 'Fuldført'], { column: 'Opgave', message: 'der findes ingen opgave med dette id eller denne titel (der står "Ukendt opgave")' }],
    ['an unknown status', ['task-oces3-certifikat', 147, 'Færdig'], { column: 'Status', message: 'skal være Fuldført, Påbegyndt eller Ikke påbegyndt (der står "Færdig")' }],
  ];
  it.each(badStatusRows)('refuses the file for %s on row 4', async (_, bad, expected) => {
    const rows = [STATUS_HEADER, goodRows[0]!, goodRows[1]!, bad, goodRows[3]!];
    const plan = planKlikTaskImport(await sheetOf('status.xlsx', await xlsx(rows)), existing);
    expect(plan).toEqual({ ok: false, issues: [{ row: 4, ...expected }] });
  });

  it('refuses the same task and municipality twice, even written once as code and once as name', async () => {
    const rows = [STATUS_HEADER, ...goodRows, ['task-oces3-certifikat', 'København', 'Påbegyndt']];
    const plan = planKlikTaskImport(await sheetOf('status.xlsx', await xlsx(rows)), existing);
    expect(plan).toEqual({ ok: false, issues: [{ row: 6, column: 'Kommune', message: 'opgaven og kommunen står allerede i række 2' }] });
  });

  it('names the header row where it is, when blank rows come above it', async () => {
    const content = Buffer.from('\r\n;;\r\nOpgave;Kommune\r\ntask-oces3-certifikat;101\r\n', 'utf8');
    const plan = planKlikTaskImport(await sheetOf('status.csv', content), existing);
    expect(plan).toEqual({ ok: false, issues: [{ row: 3, column: 'Status', message: 'kolonnen mangler i overskriftsrækken' }] });
  });

  it('names a missing Status column on row 1', async () => {
    const plan = planKlikTaskImport(await sheetOf('status.csv', utf8Csv([['Opgave', 'Kommunekode'], ['task-oces3-certifikat', '101']])), existing);
    expect(plan).toEqual({ ok: false, issues: [{ row: 1, column: 'Status', message: 'kolonnen mangler i overskriftsrækken' }] });
  });
});

describe('planSignatureImport', () => {
  const HEADER = ['Aftale', 'Kommune', 'Status', 'Dato'];
  const good = [
    ['FBI databehandleraftale', '101', 'Underskrevet', '26-02-2024'],
    ['agr-fbi-databehandleraftale', 'Aarhus', 'Underskrevet med forbehold', '2024-02-27'],
    ['Køreprøvebooking databehandleraftale', 'Lyngby-Taarbæk', 'Takket nej', ''],
    ['Køreprøvebooking databehandleraftale', 'Hedensted', 'Mangler', ''],
  ];

  it('plans signatures from a comma CSV with KOMBIT\'s Danish states', async () => {
    const plan = planSignatureImport(await sheetOf('underskrifter.csv', utf8Csv([HEADER, ...good], ',')), { agreements });
    expect(plan).toEqual({
      ok: true,
      signatures: [
        { row: 2, agreementId: 'agr-fbi-databehandleraftale', municipalityCode: '101', state: 'signed', signedDate: '2024-02-26' },
        { row: 3, agreementId: 'agr-fbi-databehandleraftale', municipalityCode: '751', state: 'signedWithReservations', signedDate: '2024-02-27' },
        { row: 4, agreementId: 'agr-koereproevebooking-databehandleraftale', municipalityCode: '173', state: 'declined' },
        { row: 5, agreementId: 'agr-koereproevebooking-databehandleraftale', municipalityCode: '766', state: 'missing' },
      ],
    });
  });

  const badRows: [string, string[], { column: string; message: string }][] = [
    ['an unknown state', ['FBI databehandleraftale', '147', 'Sendt', ''], { column: 'Status', message: 'skal være Underskrevet, Underskrevet med forbehold, Takket nej eller Mangler (der står "Sendt")' }],
    ['a date that does not exist', ['FBI databehandleraftale', '147', 'Underskrevet', '31-02-2024'], { column: 'Dato', message: 'er ikke en gyldig dato (der står "31-02-2024")' }],
    ['a signed date on a missing signature', ['FBI databehandleraftale', '147', 'Mangler', '01-03-2024'], { column: 'Dato', message: 'skal være tom, når status er Mangler' }],
    ['an unknown agreement', ['Gateway tilslutningsaftale', '147', 'Underskrevet', ''], { column: 'Aftale', message: 'der findes ingen aftale med dette id eller denne titel (der står "Gateway tilslutningsaftale")' }],
    ['an unknown municipality', ['FBI databehandleraftale', 'Atlantis', 'Underskrevet', ''], { column: 'Kommune', message: 'kender ikke kommunen "Atlantis"' }],
    ['a repeated agreement and municipality', ['agr-fbi-databehandleraftale', 'København', 'Mangler', ''], { column: 'Kommune', message: 'aftalen og kommunen står allerede i række 2' }],
  ];
  it.each(badRows)('refuses the file for %s on row 4', async (_, bad, expected) => {
    const plan = planSignatureImport(await sheetOf('underskrifter.csv', utf8Csv([HEADER, good[0]!, good[1]!, bad, good[2]!])), { agreements });
    expect(plan).toEqual({ ok: false, issues: [{ row: 4, ...expected }] });
  });

  it('names a missing Aftale column on row 1', async () => {
    const plan = planSignatureImport(await sheetOf('underskrifter.csv', utf8Csv([['Kommune', 'Status'], ['101', 'Underskrevet']])), { agreements });
    expect(plan).toEqual({ ok: false, issues: [{ row: 1, column: 'Aftale', message: 'kolonnen mangler i overskriftsrækken' }] });
  });
});
