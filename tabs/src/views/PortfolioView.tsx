import { Suspense, lazy, useMemo, useState } from 'react';
import { Field, Input, Select, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Search20Regular, Star16Filled } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { useShared } from '../data.tsx';
import { LoadState, StatusBadge } from '../components/common.tsx';
import { DownloadButtons } from '../components/Download.tsx';
import { PHASES, PHASE_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from '../../../bot/domain/labels.ts';
import { foldText } from '../../../bot/domain/text.ts';
import { formatDate, formatKroner } from '../format.ts';
import { costPrices } from '../costs.ts';
import type { Phase, PortfolioOverview, PortfolioRow, SolutionStatus } from '../types.ts';
// The detail panel (Fluent's Drawer with its motion) loads on the first click, not with the page.
const SolutionDetail = lazy(() => import('./SolutionDetail.tsx'));

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalM },
  search: { minWidth: '280px', flexGrow: 1, maxWidth: '480px' },
  count: { display: 'block', marginBottom: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  scroll: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  // A plain table styled with Fluent's tokens: 40 rows of Fluent Table components took ~0,4 s to mount.
  table: {
    minWidth: '900px',
    width: '100%',
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    '& th': { textAlign: 'start', fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
    '& td': { padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, verticalAlign: 'middle', overflowWrap: 'anywhere' },
    '& tbody tr:hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  nameButton: {
    fontFamily: 'inherit',
    fontSize: 'inherit',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    textAlign: 'start',
    padding: 0,
    border: 'none',
    background: 'none',
    cursor: 'pointer',
    '&:hover': { textDecorationLine: 'underline', color: tokens.colorBrandForeground1 },
    '&:focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, borderRadius: tokens.borderRadiusSmall },
  },
  followed: { marginLeft: tokens.spacingHorizontalXS, color: tokens.colorPaletteMarigoldForeground2, verticalAlign: 'middle' },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  small: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  hint: { display: 'block', color: tokens.colorNeutralForeground2, marginBottom: tokens.spacingVerticalS },
});

/** Porteføljeoversigt: every solution with phase, status, next milestone, open tasks, agreements and driftsbidrag. */
export function PortfolioView() {
  const { portfolio } = useShared();
  return <LoadState state={portfolio}>{(data) => <PortfolioTable data={data} />}</LoadState>;
}

function matches(row: PortfolioRow, query: string): boolean {
  if (!query) return true;
  const s = row.solution;
  return foldText([s.name, s.id, s.description, s.contact?.name ?? '', s.contact?.email ?? ''].join(' ')).includes(query);
}

function PortfolioTable({ data }: { data: PortfolioOverview }) {
  const styles = useStyles();
  const { s, l, lang } = useI18n();
  const { me } = useShared();
  const [query, setQuery] = useState('');
  const [phase, setPhase] = useState<Phase | ''>('');
  const [status, setStatus] = useState<SolutionStatus | ''>('');
  const [onlyFollowed, setOnlyFollowed] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const followed = useMemo(() => new Set(me.data?.followedSolutions ?? []), [me.data]);

  const folded = foldText(query.trim());
  const rows = data.solutions.filter(
    (r) => matches(r, folded) && (!phase || r.solution.phase === phase) && (!status || r.solution.status === status) && (!onlyFollowed || followed.has(r.solution.id)),
  );
  const selectedRow = data.solutions.find((r) => r.solution.id === selected);

  return (
    <section aria-labelledby="portfolio-heading">
      <Text as="h2" size={600} weight="semibold" id="portfolio-heading" block>
        {s.views.portfolio}
      </Text>
      <div className={styles.filters} role="search">
        <Field label={s.portfolio.search} className={styles.search}>
          <Input type="search" contentBefore={<Search20Regular />} placeholder={s.portfolio.searchPlaceholder} value={query} onChange={(_, d) => setQuery(d.value)} data-testid="portfolio-search" />
        </Field>
        <Field label={s.portfolio.phase}>
          <Select value={phase} onChange={(_, d) => setPhase(d.value as Phase | '')} data-testid="phase-filter">
            <option value="">{s.portfolio.allPhases}</option>
            {PHASES.map((p) => (
              <option key={p} value={p}>
                {l(PHASE_LABELS[p])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={s.portfolio.status}>
          <Select value={status} onChange={(_, d) => setStatus(d.value as SolutionStatus | '')} data-testid="status-filter">
            <option value="">{s.portfolio.allStatuses}</option>
            {SOLUTION_STATUSES.map((st) => (
              <option key={st} value={st}>
                {l(SOLUTION_STATUS_LABELS[st])}
              </option>
            ))}
          </Select>
        </Field>
        <Switch label={s.portfolio.onlyFollowed} checked={onlyFollowed} onChange={(_, d) => setOnlyFollowed(d.checked)} data-testid="followed-filter" />
        <DownloadButtons path="/api/exports/portfolio" fileName="portefolje" />
      </div>
      {onlyFollowed && me.data && followed.size === 0 && <Text className={styles.hint}>{s.portfolio.followedNone}</Text>}
      <Text className={styles.count} role="status" data-testid="portfolio-count">
        {s.portfolio.count(rows.length, data.solutions.length)}
      </Text>
      {data.budget && (
        <Text block data-testid="budget-total">
          {s.portfolio.budgetTotal(formatKroner(data.budget.totalPerCitizen, lang), data.budget.year, data.budget.buffer !== undefined ? formatKroner(data.budget.buffer, lang) : null, data.budget.source)}
        </Text>
      )}
      <div className={styles.scroll}>
        <table aria-label={s.portfolio.tableLabel} className={styles.table} data-testid="portfolio-table">
          <thead>
            <tr>
              <th scope="col" style={{ width: '18%' }}>{s.portfolio.solution}</th>
              <th scope="col" style={{ width: '12%' }}>{s.portfolio.phase}</th>
              <th scope="col" style={{ width: '14%' }}>{s.portfolio.status}</th>
              <th scope="col" style={{ width: '20%' }}>{s.portfolio.nextMilestone}</th>
              <th scope="col" className={styles.number} style={{ width: '9%' }}>{s.portfolio.openTasks}</th>
              <th scope="col" className={styles.number} style={{ width: '11%' }}>{s.portfolio.agreementsAwaiting}</th>
              <th scope="col" style={{ width: '16%' }}>{s.portfolio.operatingCost}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.solution.id} data-solution={r.solution.id}>
                <td>
                  <button type="button" className={styles.nameButton} onClick={() => setSelected(r.solution.id)} aria-label={s.portfolio.showDetails(r.solution.name)}>
                    {r.solution.name}
                  </button>
                  {followed.has(r.solution.id) && <Star16Filled className={styles.followed} aria-label={s.portfolio.followed} role="img" />}
                </td>
                {/* The browser reports when this text is first painted (Element Timing): npm run bench:tab's first render. */}
                <td elementtiming="portfolio-rows">{l(PHASE_LABELS[r.solution.phase])}</td>
                <td>
                  <StatusBadge status={r.solution.status} />
                </td>
                <td>
                  {r.nextMilestone ? (
                    <>
                      {r.nextMilestone.title}
                      <span className={styles.small}>{formatDate(r.nextMilestone.date, lang)}</span>
                    </>
                  ) : (
                    s.portfolio.none
                  )}
                </td>
                <td className={styles.number}>{r.openTasks}</td>
                <td className={styles.number}>{r.agreementsAwaiting}</td>
                <td>
                  {r.solution.operatingCost ? (
                    <>
                      {costPrices(r.solution.operatingCost, lang).map((p, i) => (
                        <div key={i} data-testid="cost-price">
                          {p.label ? `${p.label}: ` : ''}
                          {p.amount}
                          <span className={styles.small}>
                            {p.basis}
                            {p.kneeModel ? ` · ${s.portfolio.kneeModel}` : ''}
                          </span>
                        </div>
                      ))}
                      <span className={styles.small}>({r.solution.operatingCost.year})</span>
                    </>
                  ) : (
                    s.portfolio.none
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <Text className={styles.hint}>{s.portfolio.noMatches}</Text>}
      </div>
      {selectedRow && (
        <Suspense fallback={null}>
          <SolutionDetail row={selectedRow} data={data} onClose={() => setSelected(undefined)} />
        </Suspense>
      )}
    </section>
  );
}
