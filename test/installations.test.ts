import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRepositories } from './support/storage.ts';
import { install } from './support/installs.ts';
import { person } from './support/activities.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { Repositories } from '../bot/storage/repositories.ts';
import { TableConversationReferenceStore } from '../bot/teams/referenceStore.ts';
import { systemClock } from '../bot/domain/time.ts';

let storage: Storage;
let repos: Repositories;
beforeAll(async () => {
  ({ storage, repos } = await openTestRepositories());
  for (let i = 0; i < 1000; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, k) => install(repos, 'http://127.0.0.1:9/', i + k < 900 ? { groupChat: `19:chat-${i + k}@thread.v2` } : { person: person(i + k) })));
  }
}, 60_000);
afterAll(() => storage.close());

describe('a store of 1,000 installations', () => {
  it('is listed page by page through teamsfx\'s store interface, never all at once', async () => {
    const store = new TableConversationReferenceStore(repos.installations, systemClock);
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.list(100, token);
      expect(page.data.length).toBeLessThanOrEqual(100);
      for (const ref of page.data) seen.add(ref.conversation!.id);
      token = page.continuationToken;
      pages++;
    } while (token);
    expect(seen.size).toBe(1000);
    expect(pages).toBeGreaterThanOrEqual(10);
  });

  it('leaves inactive targets out of what is sent to, and finds a person\'s 1:1 chat', async () => {
    const p = person(950);
    const chat = (await repos.installations.personalChatOf(p.aadObjectId))!;
    expect(chat.conversationType).toBe('personal');
    await repos.installations.markInactive(chat.key, 'ConversationBlockedByUser', new Date());
    let active = 0;
    for await (const _ of repos.installations.active(250)) active++;
    expect(active).toBe(999);
    expect((await repos.installations.get(chat.key))?.value).toMatchObject({ active: false, inactiveReason: 'ConversationBlockedByUser' });
  });
});
