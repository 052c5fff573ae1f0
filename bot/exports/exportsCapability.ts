import type { Capability, House } from '../capability.ts';
import { exportRoutes } from './exportRoutes.ts';

/** Downloads for staff: every list the tab shows, as CSV or XLSX, fetched with the person's sign-in. */
export function exportsCapability(house: House): Capability {
  return { name: 'exports', routes: exportRoutes(house) };
}
