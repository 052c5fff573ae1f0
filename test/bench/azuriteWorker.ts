/**
 * In-memory Azurite on its own thread, for the benchmarks: in production Table and Queue Storage
 * are a service of their own, so the emulator's work should not queue behind the app's requests
 * on one event loop. Posts `{ connectionString }` when ready; closes on the message 'close'.
 */
import { parentPort } from 'node:worker_threads';
import { startEmbeddedStorage } from '../../bot/storage/embeddedStorage.ts';

const storage = await startEmbeddedStorage({ inMemory: true });
parentPort!.postMessage({ connectionString: storage.connectionString });
parentPort!.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void storage.close().finally(() => {
    parentPort!.postMessage({ closed: true });
    parentPort!.close();
  });
});
