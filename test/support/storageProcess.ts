// Runs the embedded Azurite in a process of its own, so a test can kill the app and keep the data.
// Prints one JSON line with the connection string, then serves until SIGTERM.
import { startEmbeddedStorage } from '../../bot/storage/embeddedStorage.ts';

const storage = await startEmbeddedStorage({ inMemory: true });
process.stdout.write(`${JSON.stringify({ connectionString: storage.connectionString })}\n`);
process.on('SIGTERM', () => {
  void storage.close().then(() => process.exit(0));
});
