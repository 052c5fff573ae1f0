import { openStorage, type Storage } from '../../bot/storage/storage.ts';
import { createLogger } from '../../bot/log.ts';
import { createRepositories, type Repositories } from '../../bot/storage/repositories.ts';

export const testLog = createLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent');

/** A fresh Azurite in memory with every table and queue created: real storage, nothing shared between tests. */
export function openTestStorage(): Promise<Storage> {
  return openStorage({ kind: 'embedded', dataDir: '.data-test-unused' }, { inMemory: true });
}

/** In-memory storage plus repositories over it. */
export async function openTestRepositories(): Promise<{ storage: Storage; repos: Repositories }> {
  const storage = await openTestStorage();
  return { storage, repos: createRepositories(storage, testLog) };
}
