import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What the proxy does with connections: forward them, cut them (an owner killed), or hold them unanswered (hung). */
export type FaultMode = 'pass' | 'cut' | 'hang';

export interface FaultProxy {
  /** `host:port` of the proxy, to put in a URL in place of the target's. */
  readonly address: string;
  /** Switches mode; `cut` and `hang` also break the connections open now, as a killed or frozen process would. */
  set(mode: FaultMode): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a service or a database, for fault injection: the services behind it are the real
 * ones, only the wire between them fails.
 */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: FaultMode = 'pass';
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'cut') return void client.destroy();
    if (mode === 'hang') return;
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    set(next) {
      mode = next;
      if (next !== 'pass') for (const socket of open) socket.destroy();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The proxy's URL for `url`: the same path, the proxy's address. */
export function throughProxy(url: string, proxy: FaultProxy): string {
  const proxied = new URL(url);
  proxied.host = proxy.address;
  return proxied.toString();
}
