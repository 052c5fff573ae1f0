import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initialSettings } from './settings.ts';
import { initTeams } from './teams.ts';
import { earlyAnswers, prefetch, setAuthReady } from './api.ts';
import { loadTheme } from './themes.ts';
import { loadLater } from './later.ts';

// Teams initialises while React renders; API calls wait for it (outside Teams it is instant).
const host = initTeams();
setAuthReady(host);
// Every view needs these two; asking now saves the time React takes to mount.
prefetch('/api/portfolio');
prefetch('/api/me');
// The view tabs and the filters come in their own chunk, loaded alongside the data; the first render does not wait for it.
void loadLater().catch(() => undefined);
const initial = initialSettings(window.location.search);
// Outside Teams the answers index.html asked for usually arrive before this code: waiting for
// them lets the first render draw the page with its data, instead of a loading state and then
// everything again (a second render of the whole tree). Inside Teams nothing is waited for.
// (A then, not a top-level await: with one, the bundler splits the first bundle into 20 chunks.)
void Promise.all([earlyAnswers(), initial.theme ? loadTheme(initial.theme) : undefined]).then(() => createRoot(document.getElementById('root')!).render(<App host={host} initial={initial} />));
