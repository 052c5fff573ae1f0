import type { Capability, House } from '../capability.ts';
import { digestCard, digestContent, isQuiet, WeeklyDigest } from './weeklyDigest.ts';

/** The Monday overview in the channels: agreements and tasks due soon or overdue, and the next meeting. */
export function weeklyDigestCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log } = house;
  const digest = new WeeklyDigest({ repos, delivery, scheduler, clock, log });
  return {
    name: 'weeklyDigest',
    renderers: {
      // A week that turned quiet between the job and the send posts nothing.
      weeklyDigest: async ({ notification }) => {
        const content = await digestContent(repos, String(notification.payload.date));
        return isQuiet(content) ? undefined : { kind: 'card', card: digestCard(content, 'da') };
      },
    },
    jobs: [digest.job],
    start: async () => void (await digest.start()),
  };
}
