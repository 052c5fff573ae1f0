import { useState } from 'react';
import { Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n.tsx';
import { useApi } from '../data.tsx';
import { LoadState } from '../components/common.tsx';
import { DownloadButtons } from '../components/Download.tsx';
import { formatDate, formatNumber } from '../format.ts';
import type { EvaluationResult } from '../types.ts';
import type { ThemeName } from '../teams.ts';
import { EvaluationResultView, responseText } from './EvaluationResultView.tsx';
import { TrendChart, type TrendSeries } from './TrendChart.tsx';

const useStyles = makeStyles({
  card: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL },
  chart: { position: 'relative', height: '360px', maxWidth: '1000px' },
  scroll: { overflowX: 'auto' },
  downloads: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, margin: `${tokens.spacingVerticalS} 0` },
});

/** Evalueringer: per meeting and across meetings (average per statement over time), response rates and comments. */
export default function EvaluationsView({ theme }: { theme: ThemeName }) {
  const list = useApi<{ evaluations: EvaluationResult[] }>('/api/evaluation-results');
  return <LoadState state={list}>{(data) => <Evaluations evaluations={data.evaluations} theme={theme} />}</LoadState>;
}

function Evaluations({ evaluations, theme }: { evaluations: EvaluationResult[]; theme: ThemeName }) {
  const styles = useStyles();
  const { s, lang } = useI18n();
  const [selectedId, setSelectedId] = useState<string | undefined>(evaluations.at(-1)?.id);
  if (evaluations.length === 0) return <Text>{s.evaluations.noEvaluations}</Text>;
  const selected = evaluations.find((e) => e.id === selectedId) ?? evaluations.at(-1)!;
  const label = (e: EvaluationResult) => (e.meeting ? `${formatDate(e.meeting.date, lang)} – ${e.meeting.title}` : e.id);

  // Across meetings: the statements of the visible results, one series each, in the order first asked.
  const shown = evaluations.filter((e) => e.summary);
  const questions = new Map<string, string>();
  for (const e of shown) for (const q of e.summary!) if (!questions.has(q.questionId)) questions.set(q.questionId, q.text);
  const series: TrendSeries[] = [...questions].map(([id, text]) => ({
    id,
    label: text,
    values: shown.map((e) => e.summary!.find((q) => q.questionId === id)?.average ?? null),
  }));
  const labels = shown.map((e) => (e.meeting ? formatDate(e.meeting.date, lang) : e.startedAt.slice(0, 10)));

  return (
    <section aria-labelledby="evaluations-heading">
      <Text as="h2" size={600} weight="semibold" id="evaluations-heading" block>
        {s.views.evaluations}
      </Text>
      <div className={styles.card}>
        <Text as="h3" size={500} weight="semibold" block>
          {s.evaluations.perMeeting}
        </Text>
        <Field label={s.evaluations.meeting}>
          <Select value={selected.id} onChange={(_, d) => setSelectedId(d.value)} data-testid="evaluation-select">
            {evaluations.map((e) => (
              <option key={e.id} value={e.id}>
                {label(e)}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.downloads} data-testid="evaluation-downloads">
          <DownloadButtons path={`/api/exports/evaluations/${encodeURIComponent(selected.id)}?view=responses`} what={s.download.responses} fileName={`evaluering-${selected.id}`} />
          <DownloadButtons path={`/api/exports/evaluations/${encodeURIComponent(selected.id)}?view=summary`} what={s.download.summary} fileName={`evaluering-${selected.id}-resume`} />
        </div>
        <EvaluationResultView evaluation={selected} />
      </div>
      <div className={styles.card}>
        <Text as="h3" size={500} weight="semibold" block id="trend-heading">
          {s.evaluations.acrossMeetings}
        </Text>
        <DownloadButtons path="/api/exports/evaluations" what={s.download.overview} fileName="evalueringer" />
        <div className={styles.chart}>
          <TrendChart labels={labels} series={series} theme={theme} title={s.evaluations.chartTitle} lang={lang} />
        </div>
        <div className={styles.scroll}>
          <Table size="small" aria-label={s.evaluations.chartTable} data-testid="trend-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{s.evaluations.date}</TableHeaderCell>
                {series.map((q, i) => (
                  <TableHeaderCell key={q.id} title={q.label}>
                    {i + 1}. {q.label}
                  </TableHeaderCell>
                ))}
                <TableHeaderCell>{s.evaluations.responsesHeader}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((e, row) => (
                <TableRow key={e.id}>
                  <TableCell>{labels[row]}</TableCell>
                  {series.map((q) => (
                    <TableCell key={q.id}>{q.values[row] == null ? '–' : formatNumber(q.values[row]!, lang)}</TableCell>
                  ))}
                  <TableCell>{responseText(e, s, lang)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </div>
    </section>
  );
}
