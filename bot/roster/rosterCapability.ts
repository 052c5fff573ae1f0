import type { Capability, House } from '../capability.ts';
import { RosterService } from './rosterService.ts';
import { rosterRoutes } from './rosterRoutes.ts';
import { RosterReach } from './rosterReach.ts';
import { RosterInvitations } from './rosterInvitations.ts';
import { RosterChats } from './rosterChats.ts';
import { graphDirectory, type Directory } from './graphDirectory.ts';

/**
 * The KLIK roster: its import, reaching its people through Microsoft Graph (when configured), the
 * coverage report, guest invitations for those with no account, and (through `rosterAudience.ts`) delivery by role.
 */
export function rosterCapability(house: House): Capability {
  const { repos, clock, log, scheduler, config } = house;
  let directory: Promise<Directory | undefined> | undefined;
  // Made on first use: an import may come before the start hooks have run.
  const lookUp = () => (directory ??= graphDirectory(config));
  const chats = new RosterChats(house);
  const reach = new RosterReach({ repos, scheduler, clock, log, directory: lookUp, afterInstall: (record) => chats.installed(record) });
  const invitations = new RosterInvitations({ repos, scheduler, clock, log, directory: lookUp });
  const service = new RosterService({ repos, clock, log, graphConnected: config.graph !== undefined, afterImport: async (people) => void (await reach.start(people)) });
  return {
    name: 'roster',
    routes: rosterRoutes(service, invitations),
    jobs: [reach.job, invitations.job, chats.job],
    renderers: { rosterWelcome: chats.welcome },
    async start() {
      // Reminders go to the Teams activity feed where the admin granted TeamsActivity.Send and turned it on.
      const graph = config.graph?.activityFeed ? await lookUp() : undefined;
      if (graph) house.delivery.useActivityFeed({ send: (userId, item) => graph.notify(userId, item) });
      await reach.resume();
    },
  };
}
