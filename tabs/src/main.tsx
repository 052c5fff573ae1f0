import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initialSettings } from './settings.ts';
import { initTeams } from './teams.ts';
import { prefetch, setAuthReady } from './api.ts';

// Teams initialises while React renders; API calls wait for it (outside Teams it is instant).
const host = initTeams();
setAuthReady(host);
// Every view needs these two; asking now saves the time React takes to mount.
prefetch('/api/portfolio');
prefetch('/api/me');
createRoot(document.getElementById('root')!).render(<App host={host} initial={initialSettings(window.location.search)} />);
