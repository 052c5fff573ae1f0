// The load generator of `npm run bench:bot`'s burst, in a process of its own so its work does not
// share the app's event loop: it stands in for Teams (posts real Teams activities to /api/messages)
// and for the Bot Connector (receives the replies). Sends BURST_MESSAGES 1:1 messages evenly over
// BURST_SECONDS and prints one JSON line: each message's reply time (post to reply at the
// connector) and the HTTP statuses.
import { startConnectorStandIn } from '../support/connectorStandIn.ts';
import { person, personalMessage } from '../support/activities.ts';

const appUrl = process.env.APP_URL!;
const messages = Number(process.env.BURST_MESSAGES ?? 300);
const seconds = Number(process.env.BURST_SECONDS ?? 10);
const COMMANDS = ['hjælp', 'opgaver', 'frister', 'aftaler', 'portefølje'];
/** About the number of program leaders: each writes a few times in the burst. */
const PEOPLE = Number(process.env.BURST_PEOPLE ?? 100);

const connector = await startConnectorStandIn({ rateLimits: false });
const sentAt = new Map<string, number>();
const replyMs = new Map<string, number>();
const replied = new Map<string, () => void>();
connector.onCall((call) => {
  const id = call.replyToId;
  if (!id || !sentAt.has(id) || replyMs.has(id)) return;
  replyMs.set(id, performance.now() - sentAt.get(id)!);
  replied.get(id)?.();
});

const statuses: Record<string, number> = {};
const started = performance.now();
const all: Promise<void>[] = [];
for (let i = 0; i < messages; i++) {
  // Evenly spread: message i leaves at i × (seconds / messages), measured from the start, not chained.
  const due = started + (i * seconds * 1000) / messages;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  const activity = personalMessage(connector.serviceUrl, person(1000 + (i % PEOPLE)), COMMANDS[i % COMMANDS.length]!);
  sentAt.set(activity.id, performance.now());
  const reply = new Promise<void>((resolve) => replied.set(activity.id, resolve));
  all.push(
    fetch(`${appUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) })
      .then((res) => {
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        return res.arrayBuffer();
      }, () => {
        statuses.error = (statuses.error ?? 0) + 1;
      })
      .then(() => Promise.race([reply, new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref())])),
  );
}
await Promise.all(all);
process.stdout.write(`${JSON.stringify({ replyMs: [...replyMs.values()], unanswered: messages - replyMs.size, statuses, sendSeconds: seconds })}\n`);
await connector.close();
process.exit(0);
