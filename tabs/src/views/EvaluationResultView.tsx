import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n.tsx';
import { formatLongDate, formatNumber, formatPercent } from '../format.ts';
import { LIKERT_SCALE } from '../../../bot/domain/labels.ts';
import type { EvaluationResult } from '../types.ts';

const useStyles = makeStyles({
  meta: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', marginBottom: tokens.spacingVerticalS },
  avgCell: { minWidth: '200px' },
  avgBar: { height: '10px', backgroundColor: tokens.colorBrandBackground, borderRadius: tokens.borderRadiusSmall, marginTop: '2px' },
  avgTrack: { backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusSmall, border: `1px solid ${tokens.colorNeutralStroke1}` },
  dist: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  comments: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  comment: { marginBottom: tokens.spacingVerticalXS },
  hint: { display: 'block', color: tokens.colorNeutralForeground2, margin: `${tokens.spacingVerticalS} 0` },
  section: { marginTop: tokens.spacingVerticalM },
});

/** Response count and rate for an evaluation: "27 svar af 75 deltagere (36 %)" or "27 svar". */
export function responseText(e: EvaluationResult, s: ReturnType<typeof useI18n>['s'], lang: ReturnType<typeof useI18n>['lang']): string {
  const participants = e.meeting?.participantCount;
  return participants && e.responseRate !== null ? s.evaluations.responseRate(e.responseCount, participants, formatPercent(e.responseRate, lang)) : s.evaluations.responses(e.responseCount);
}

/** One meeting's evaluation: responses and rate, average and distribution per statement, comments without names. */
export function EvaluationResultView({ evaluation: e }: { evaluation: EvaluationResult }) {
  const styles = useStyles();
  const { s, l, lang } = useI18n();
  return (
    <div data-testid="evaluation-result">
      <div className={styles.meta}>
        <Text weight="semibold">{e.meeting ? `${e.meeting.title} · ${formatLongDate(e.meeting.date, lang)}` : e.id}</Text>
        <Badge appearance="tint" color={e.state === 'open' ? 'brand' : 'informative'}>
          {e.state === 'open' ? s.evaluations.open : s.evaluations.closed}
        </Badge>
        <Text data-testid="response-count">{responseText(e, s, lang)}</Text>
      </div>
      {!e.summary ? (
        <Text className={styles.hint}>{e.hidden === 'tooFew' ? s.evaluations.hiddenTooFew : s.evaluations.hiddenOpen}</Text>
      ) : (
        <>
          <Text className={styles.hint}>{s.evaluations.scale}</Text>
          <Table size="small" aria-label={s.evaluations.average}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{s.evaluations.statement}</TableHeaderCell>
                <TableHeaderCell>{s.evaluations.average}</TableHeaderCell>
                <TableHeaderCell>{s.evaluations.distribution}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {e.summary.map((q) => (
                <TableRow key={q.questionId}>
                  <TableCell>{q.text}</TableCell>
                  <TableCell className={styles.avgCell}>
                    <Text weight="semibold" data-testid="average">{q.average === null ? '–' : formatNumber(q.average, lang)}</Text>
                    {q.average !== null && (
                      <div className={styles.avgTrack} aria-hidden="true">
                        <div className={styles.avgBar} style={{ width: `${(q.average / 5) * 100}%` }} />
                      </div>
                    )}
                  </TableCell>
                  <TableCell className={styles.dist}>
                    {q.distribution.map((n, i) => (
                      <span key={i} title={l(LIKERT_SCALE[i]!.label)}>
                        {i > 0 ? ' · ' : ''}
                        <abbr title={l(LIKERT_SCALE[i]!.label)}>{i + 1}</abbr>: {n}
                      </span>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <section className={styles.section}>
            <Text as="h4" weight="semibold" block>
              {s.evaluations.comments}
            </Text>
            {e.comments.length === 0 ? (
              <Text className={styles.hint}>{s.evaluations.noComments}</Text>
            ) : (
              <ul className={styles.comments} data-testid="comments">
                {e.comments.map((c, i) => (
                  <li key={i} className={styles.comment}>
                    {c}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
