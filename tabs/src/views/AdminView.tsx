import { useState } from 'react';
import { Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useShared } from '../data.tsx';
import { LoadState } from '../components/common.tsx';
import { useAdminStrings, type AdminStrings } from './admin/strings.ts';
import { AgreementEditor, MeetingEditor, SolutionEditor, TaskEditor } from './admin/editors.tsx';
import { EvaluationPanel, ImportPanel, ReportsPanel } from './admin/operations.tsx';
import { QuestionsPanel } from './admin/questions.tsx';
import { CoveragePanel } from './admin/coverage.tsx';
import { EventsPanel } from './admin/events.tsx';
import { KlikStatusPanel } from './admin/klikStatus.tsx';
import { SurveysPanel } from './admin/surveys.tsx';
import { WavesPanel } from './admin/waves.tsx';

const useStyles = makeStyles({
  sections: { marginBottom: tokens.spacingVerticalM },
});

type Section = keyof AdminStrings['sections'];
const SECTIONS = ['solutions', 'meetings', 'tasks', 'waves', 'klikStatus', 'agreements', 'import', 'evaluations', 'surveys', 'questions', 'reports', 'coverage', 'events'] as const satisfies readonly Section[];

const PANELS: Record<Section, () => React.JSX.Element> = {
  solutions: SolutionEditor,
  meetings: MeetingEditor,
  tasks: TaskEditor,
  klikStatus: KlikStatusPanel,
  agreements: AgreementEditor,
  import: ImportPanel,
  evaluations: EvaluationPanel,
  surveys: SurveysPanel,
  questions: QuestionsPanel,
  reports: ReportsPanel,
  coverage: CoveragePanel,
  events: EventsPanel,
  waves: WavesPanel,
};

/**
 * Administration (KOMBIT staff only): create and edit solutions with milestones, meetings, KLIK
 * tasks and agreements; import sheets with their row-level report; start and close evaluations;
 * write, send, follow, remind, close and export surveys beside a preview of their card;
 * program leaders' questions and ideas; delivery reports; events: create (draft or sent at once), change the seats, cancel, and who signed up; rollout waves and the requests to change wave. Publishing here goes through the same API as everything else, so the bot's
 * cards go out. Loaded only when opened (its own chunk): program leaders never download it.
 */
export default function AdminView() {
  const a = useAdminStrings();
  const styles = useStyles();
  const { me, portfolio } = useShared();
  const [section, setSection] = useState<Section>('tasks');
  if (!me.data?.isStaff) return <Text>{a.staffOnly}</Text>;
  const Panel = PANELS[section];
  return (
    <section aria-labelledby="admin-heading" data-testid="admin-view">
      <Text as="h2" size={600} weight="semibold" id="admin-heading" block>
        {a.title}
      </Text>
      <TabList className={styles.sections} selectedValue={section} onTabSelect={(_, d) => setSection(d.value as Section)} aria-label={a.sectionsLabel} size="small">
        {SECTIONS.map((key) => (
          <Tab key={key} value={key} data-section={key}>
            {a.sections[key]}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-label={a.sections[section]}>
        <LoadState state={portfolio}>{() => <Panel />}</LoadState>
      </div>
    </section>
  );
}
