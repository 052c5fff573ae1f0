import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initialSettings } from './settings.ts';
import { initTeams, looksHostedByTeams } from './teams.ts';
import { earlyAnswers, prefetch, setAuthReady } from './api.ts';
import { loadTheme } from './themes.ts';

// Teams initialises while React renders; API calls wait for it (outside Teams it is instant).
const host = initTeams();
setAuthReady(host);
// Every view needs these two; asking now saves the time React takes to mount.
prefetch('/api/portfolio');
prefetch('/api/me');
const initial = initialSettings(window.location.search);
// Outside Teams the answers index.html asked for usually arrive before this code: waiting for
// them lets the first render draw the page with its data, instead of a loading state and then
// everything again (a second render of the whole tree). Inside Teams nothing is waited for.
// (A then, not a top-level await: with one, the bundler splits the first bundle into 20 chunks.)
// Outside Teams the host is known at once ({ inTeams: false }): the first render takes it, rather
// than rendering everything again when it is told a moment later.
void Promise.all([earlyAnswers(), looksHostedByTeams() ? undefined : host, initial.theme ? loadTheme(initial.theme) : undefined]).then(([, knownHost]) =>
  createRoot(document.getElementById('root')!).render(<App host={host} knownHost={knownHost} initial={initial} />),
);
