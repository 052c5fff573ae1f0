import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  teamsLightTheme,
  tokens,
} from '@fluentui/react-components';
import { I18nProvider, STRINGS, useI18n } from './i18n.tsx';
import { SharedDataProvider, useShared } from './data.tsx';
import { notifyDrawn, onThemeChange, shareToStage, type HostInfo, type ThemeName } from './teams.ts';
import { loadTheme, loadedTheme } from './themes.ts';
import { loadLaterAfterPaint, useLater } from './later.ts';
import type { Lang } from './format.ts';
import { VIEWS, languageOf, viewNamed, type InitialSettings, type View } from './settings.ts';

import { PortfolioView } from './views/PortfolioView.tsx';

const KlikTasksView = lazy(() => import('./views/KlikTasksView.tsx'));
const AgreementsView = lazy(() => import('./views/AgreementsView.tsx'));
const EvaluationsView = lazy(() => import('./views/EvaluationsView.tsx'));
const MeetingView = lazy(() => import('./views/MeetingView.tsx'));
const AdminView = lazy(() => import('./views/AdminView.tsx'));

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL} 0`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  // Room for the view tabs while their chunk loads (later.ts), as high and (in Danish, for staff) as
  // wide as they will be, so that nothing moves when they come, also where they wrap.
  tabsPending: { height: '44px', width: '764px', maxWidth: '100%' },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  who: { marginLeft: 'auto', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  main: { padding: tokens.spacingHorizontalL },
  banner: { margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL} 0` },
  loading: { color: tokens.colorNeutralForeground2, margin: `${tokens.spacingVerticalM} 0` },
});

/**
 * The tab. A theme given by `?theme=` is loaded before this renders (main.tsx); one Teams names
 * later is shown once its tokens have loaded. `knownHost` is the host if it was known before the
 * first render (outside Teams), else it comes from `host`.
 */
export function App({ host: hostPromise, knownHost, initial }: { host: Promise<HostInfo>; knownHost?: HostInfo; initial: InitialSettings }) {
  const [host, setHost] = useState<HostInfo | undefined>(knownHost);
  const [theme, setTheme] = useState<ThemeName>(initial.theme ?? 'default');
  useEffect(() => {
    let live = true;
    const follow = (t: ThemeName) => void loadTheme(t).then(() => live && setTheme(t));
    void hostPromise.then((h) => {
      if (!live) return;
      if (h !== knownHost) setHost(h);
      if (!initial.theme && h.theme) follow(h.theme);
      if (h.inTeams && !initial.theme) onThemeChange(follow);
    });
    return () => {
      live = false;
    };
  }, [hostPromise, knownHost, initial.theme]);
  // The view tabs and the filters (later.ts) once the first view is on screen.
  useEffect(loadLaterAfterPaint, []);
  const lang: Lang = initial.lang ?? languageOf(host?.locale);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${STRINGS[lang].appTitle}`;
  }, [lang]);
  return (
    <FluentProvider theme={loadedTheme(theme) ?? teamsLightTheme} data-theme={theme}>
      <I18nProvider lang={lang}>
        <SharedDataProvider>
          <Shell host={host} initialView={initial.view ?? viewNamed(host?.subPageId) ?? (host?.frameContext === 'meetingStage' ? 'meeting' : 'portfolio')} initialPresent={initial.present === true} theme={theme} />
        </SharedDataProvider>
      </I18nProvider>
    </FluentProvider>
  );
}

function Shell({ host, initialView, initialPresent, theme }: { host?: HostInfo; initialView: View; initialPresent: boolean; theme: ThemeName }) {
  const styles = useStyles();
  const { s } = useI18n();
  const { me, portfolio } = useShared();
  const later = useLater();
  const [view, setView] = useState<View>(initialView);
  useEffect(() => setView(initialView), [initialView]);
  const isStaff = me.data?.isStaff === true;
  const visible = useMemo(() => VIEWS.filter((v) => v !== 'admin' || isStaff), [isStaff]);
  const [presenting, setPresenting] = useState(initialPresent);
  const choose = (v: View) => {
    setView(v);
    const url = new URL(window.location.href);
    url.searchParams.set('view', v);
    window.history.replaceState(null, '', url);
  };
  const present = (on: boolean) => {
    setPresenting(on);
    const url = new URL(window.location.href);
    if (on) url.searchParams.set('present', '1');
    else url.searchParams.delete('present');
    window.history.replaceState(null, '', url);
  };
  const shown: View = view === 'admin' && !isStaff ? 'portfolio' : view;
  // Inside Teams, the tab says it is ready once the first view is drawn: with the data every view
  // starts from (or with the message why it could not be loaded).
  const drawn = portfolio.data !== undefined || portfolio.error !== undefined;
  useEffect(() => {
    if (drawn && host?.inTeams) notifyDrawn();
  }, [drawn, host?.inTeams]);
  // On the meeting stage, or presenting Mødevisning on a shared screen, the room sees the content only: no menu, no banners.
  const stage = host?.frameContext === 'meetingStage' || (presenting && shown === 'meeting');
  return (
    <div className={styles.root}>
      {!stage && (
        <header className={styles.header}>
          <Text as="h1" className={styles.title}>
            {s.appTitle}
          </Text>
          {later ? <later.ViewTabs views={visible} selected={shown} onSelect={choose} /> : <div className={styles.tabsPending} />}
          {me.data?.name && <span className={styles.who}>{s.signedInAs(me.data.name)}{me.data.municipality ? ` · ${me.data.municipality.name}` : ''}</span>}
        </header>
      )}
      {me.data?.demo && !stage && (
        <MessageBar intent="warning" className={styles.banner} data-testid="demo-banner">
          <MessageBarBody>{s.demoBanner}</MessageBarBody>
        </MessageBar>
      )}
      {me.error && (me.error as { status?: number }).status === 401 && !host?.inTeams && !stage && (
        <MessageBar intent="info" className={styles.banner}>
          <MessageBarBody>{s.signInNeeded}</MessageBarBody>
        </MessageBar>
      )}
      <main className={stage ? undefined : styles.main} id="main">
        {/* Plain text like LoadState's: Fluent's Spinner would add its code to the first bundle for a moment's use. */}
        <Suspense
          fallback={
            <p role="status" className={styles.loading}>
              {s.loading}
            </p>
          }
        >
          {shown === 'portfolio' && <PortfolioView />}
          {shown === 'klik' && <KlikTasksView />}
          {shown === 'agreements' && <AgreementsView />}
          {shown === 'evaluations' && <EvaluationsView theme={theme} />}
          {shown === 'meeting' && (
            <MeetingView
              theme={theme}
              presenting={stage}
              onPresent={host?.frameContext === 'meetingStage' ? undefined : present}
              // Only the meeting's side panel can put the app on the stage; the stage opens Mødevisning by itself.
              onShareToStage={host?.frameContext === 'sidePanel' ? () => shareToStage(`${window.location.origin}/tab/index.html?view=meeting`) : undefined}
            />
          )}
          {shown === 'admin' && <AdminView />}
        </Suspense>
      </main>
    </div>
  );
}
