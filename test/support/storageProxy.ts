import net from 'node:net';

/**
 * A TCP hop between the app and its storage that can be cut and restored: a network outage of the
 * storage service, while the storage itself (in its own process) keeps its data. Cut, it resets
 * every open connection and every new one, as a storage front end that has gone away does.
 */
export interface StorageProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startStorageProxy(targetPort: number): Promise<StorageProxy> {
  let down = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      down = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The connection string with its table and queue endpoints moved to the proxies' ports. */
export function throughProxies(connectionString: string, table: StorageProxy, queue: StorageProxy): string {
  return connectionString
    .replace(/(TableEndpoint=http:\/\/127\.0\.0\.1:)\d+/, `$1${table.port}`)
    .replace(/(QueueEndpoint=http:\/\/127\.0\.0\.1:)\d+/, `$1${queue.port}`);
}

/** The port of an endpoint in a connection string. */
export function endpointPort(connectionString: string, name: 'TableEndpoint' | 'QueueEndpoint'): number {
  return Number(connectionString.match(new RegExp(`${name}=http://127\\.0\\.0\\.1:(\\d+)`))![1]);
}
