import { Button, Field, Input, MessageBar, MessageBarBody, Select, Switch, Tab, TabList, makeStyles } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { PHASES, PHASE_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from '../../../bot/domain/labels.ts';
import type { View } from '../settings.ts';
import type { Phase, SolutionStatus } from '../types.ts';

// Loaded just after the first paint (see later.ts): nothing here may be needed to draw the portfolio's rows.

/** The portfolio's download buttons (for KOMBIT staff) stand with its filters. */
export { DownloadButtons } from './Download.tsx';

/** The menu of views, as Fluent tabs (arrow keys move between them). */
export function ViewTabs({ views, selected, onSelect }: { views: readonly View[]; selected: View; onSelect: (view: View) => void }) {
  const { s } = useI18n();
  return (
    <TabList selectedValue={selected} onTabSelect={(_, d) => onSelect(d.value as View)} aria-label={s.navLabel} size="medium">
      {views.map((v) => (
        <Tab key={v} value={v} data-view={v}>
          {s.views[v]}
        </Tab>
      ))}
    </TabList>
  );
}

/** Why a view's data could not be loaded, with a retry. */
export function LoadError({ status, reload }: { status?: number; reload: () => void }) {
  const { s } = useI18n();
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {status === 401 ? s.notSignedIn : s.loadFailed}{' '}
        <Button size="small" onClick={reload}>
          {s.retry}
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}

const useFilterStyles = makeStyles({
  search: { minWidth: '280px', flexGrow: 1, maxWidth: '480px' },
});

/** The portfolio's filter values; the table filters its rows by them. */
export interface PortfolioFilterState {
  readonly query: string;
  readonly phase: Phase | '';
  readonly status: SolutionStatus | '';
  readonly onlyFollowed: boolean;
}

/** The portfolio's search field, phase and status choices and the "only followed" switch. */
export function PortfolioFilters({ value, onChange }: { value: PortfolioFilterState; onChange: (change: Partial<PortfolioFilterState>) => void }) {
  const styles = useFilterStyles();
  const { s, l } = useI18n();
  return (
    <>
      <Field label={s.portfolio.search} className={styles.search}>
        <Input type="search" contentBefore={<Search20Regular />} placeholder={s.portfolio.searchPlaceholder} value={value.query} onChange={(_, d) => onChange({ query: d.value })} data-testid="portfolio-search" />
      </Field>
      <Field label={s.portfolio.phase}>
        <Select value={value.phase} onChange={(_, d) => onChange({ phase: d.value as Phase | '' })} data-testid="phase-filter">
          <option value="">{s.portfolio.allPhases}</option>
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {l(PHASE_LABELS[p])}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={s.portfolio.status}>
        <Select value={value.status} onChange={(_, d) => onChange({ status: d.value as SolutionStatus | '' })} data-testid="status-filter">
          <option value="">{s.portfolio.allStatuses}</option>
          {SOLUTION_STATUSES.map((st) => (
            <option key={st} value={st}>
              {l(SOLUTION_STATUS_LABELS[st])}
            </option>
          ))}
        </Select>
      </Field>
      <Switch label={s.portfolio.onlyFollowed} checked={value.onlyFollowed} onChange={(_, d) => onChange({ onlyFollowed: d.checked })} data-testid="followed-filter" />
    </>
  );
}
