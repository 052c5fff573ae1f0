import { Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { LoadState } from '../../components/common.tsx';
import { CopyList } from '../../components/CopyList.tsx';
import { DIFFERENCE_TEXT } from '../../components/KlikDifference.tsx';
import { TASK_STATUS_LABELS } from '../../../../bot/domain/labels.ts';
import { formatDate } from '../../format.ts';
import type { StatusDifferenceList, StatusDifferenceRow } from '../../../../bot/klikTasks/klikStatusDifferences.ts';

const useStyles = makeStyles({
  summary: { marginBottom: tokens.spacingVerticalS },
  flag: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

const TEXT = {
  da: {
    intro: 'KLIK er stedet, hvor status tæller. Her er de opgaver og kommuner, hvor det, der er meldt i Teams, ikke er det samme som status i KLIK ved seneste import – dem, KLIK modsiger, først.',
    none: 'Ingen forskelle: alt, der er meldt i Teams, svarer til status i KLIK.',
    count: (n: number, contradicted: number) => `${n === 1 ? '1 forskel' : `${n} forskelle`}, heraf ${contradicted}, hvor KLIK modsiger Teams`,
    table: 'Forskelle mellem Teams og KLIK',
    task: 'Opgave',
    municipality: 'Kommune',
    check: 'Vurdering',
    copy: 'Kommuner, hvor KLIK modsiger Teams',
    checks: { contradicted: 'KLIK modsiger', awaitingKlik: 'Meldt efter udtrækket', confirmed: 'KLIK er længere' },
  },
  en: {
    intro: 'KLIK is where the status counts. These are the tasks and municipalities where what was reported in Teams differs from the status in KLIK at the latest import – those KLIK contradicts first.',
    none: 'No differences: everything reported in Teams matches the status in KLIK.',
    count: (n: number, contradicted: number) => `${n === 1 ? '1 difference' : `${n} differences`}, ${contradicted} of them contradicted by KLIK`,
    table: 'Differences between Teams and KLIK',
    task: 'Task',
    municipality: 'Municipality',
    check: 'Assessment',
    copy: 'Municipalities KLIK contradicts',
    checks: { contradicted: 'Contradicted by KLIK', awaitingKlik: 'Reported after the export', confirmed: 'KLIK is further' },
  },
};

/** Where the report in Teams and the status in KLIK differ, so a consultant can chase them; names can be copied into a mail. */
export function KlikStatusPanel() {
  const { lang, l } = useI18n();
  const t = TEXT[lang];
  const d = DIFFERENCE_TEXT[lang];
  const styles = useStyles();
  const list = useApi<StatusDifferenceList>('/api/klik-tasks/status/differences');
  const row = (x: StatusDifferenceRow) => (
    <TableRow key={`${x.taskId}:${x.municipalityCode}`} data-difference={`${x.taskId}:${x.municipalityCode}`} data-check={x.check}>
      <TableCell>
        {x.klikUrl ? <Link href={x.klikUrl} target="_blank" rel="noreferrer">{x.title}</Link> : x.title}
      </TableCell>
      <TableCell>{x.municipalityName}</TableCell>
      <TableCell>{l(TASK_STATUS_LABELS[x.reported])}{x.reportedBy ? ` (${x.reportedBy})` : ''}</TableCell>
      <TableCell>{l(TASK_STATUS_LABELS[x.klik])} ({d.asOf(formatDate(x.exportDate, lang))})</TableCell>
      <TableCell className={x.check === 'contradicted' ? styles.flag : undefined}>{t.checks[x.check]}</TableCell>
    </TableRow>
  );
  return (
    <LoadState state={list}>
      {(data) => {
        const contradicted = data.differences.filter((x) => x.check === 'contradicted');
        return (
          <div data-testid="klik-status-differences">
            <Text as="p" block className={styles.summary}>{t.intro}</Text>
            {data.differences.length === 0 ? (
              <Text as="p" block>{t.none}</Text>
            ) : (
              <>
                <Text as="p" weight="semibold" block className={styles.summary} role="status">{t.count(data.differences.length, contradicted.length)}</Text>
                {contradicted.length > 0 && (
                  <div className={styles.summary}>
                    <Text>{t.copy}</Text> <CopyList names={[...new Set(contradicted.map((x) => x.municipalityName))]} testId="copy-klik-contradicted" />
                  </div>
                )}
                <Table aria-label={t.table} size="small">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t.task}</TableHeaderCell>
                      <TableHeaderCell>{t.municipality}</TableHeaderCell>
                      <TableHeaderCell>{d.reported}</TableHeaderCell>
                      <TableHeaderCell>{d.klik}</TableHeaderCell>
                      <TableHeaderCell>{t.check}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>{data.differences.map(row)}</TableBody>
                </Table>
              </>
            )}
          </div>
        );
      }}
    </LoadState>
  );
}
