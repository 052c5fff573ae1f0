import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, MessageBar, MessageBarBody, Radio, RadioGroup, Text, Field, teamsLightTheme, makeStyles, tokens } from '@fluentui/react-components';
import { initConfigPage } from './teams.ts';

/** The views a channel, chat or meeting tab can show; the meeting stage usually wants Mødevisning. */
const CHOICES = [
  { view: 'portfolio', name: 'Porteføljeoversigt' },
  { view: 'klik', name: 'KLIK-opgaver' },
  { view: 'agreements', name: 'Aftaler' },
  { view: 'evaluations', name: 'Evalueringer' },
  { view: 'meeting', name: 'Mødevisning' },
] as const;

const useStyles = makeStyles({ page: { padding: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalM } });

/** The configurable tab's setup page: choose the view; Teams saves `/tab/index.html?view=…` as the content URL. */
function ConfigPage() {
  const styles = useStyles();
  const [view, setView] = useState<string>('portfolio');
  const current = useRef(view);
  current.current = view;
  const [inTeams, setInTeams] = useState<boolean | undefined>();
  useEffect(() => {
    void initConfigPage(() => CHOICES.find((c) => c.view === current.current) ?? CHOICES[0]).then(setInTeams);
  }, []);
  return (
    <div className={styles.page}>
      <Text as="h1" size={600} weight="semibold">
        KOMBIT Programledere
      </Text>
      <Field label="Hvad skal fanen vise?">
        <RadioGroup value={view} onChange={(_, d) => setView(d.value)}>
          {CHOICES.map((c) => (
            <Radio key={c.view} value={c.view} label={c.name} />
          ))}
        </RadioGroup>
      </Field>
      {inTeams === false && (
        <MessageBar intent="info">
          <MessageBarBody>Denne side bruges, når fanen tilføjes i Microsoft Teams.</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <FluentProvider theme={teamsLightTheme}>
    <ConfigPage />
  </FluentProvider>,
);
