import http from 'node:http';
import https from 'node:https';
import { readSupergraphSdl } from '@civicgraph/schema';
import { createApolloGateway } from '../apolloGateway';

/**
 * A government network sends nothing out that its operators did not configure: @apollo/gateway, left to
 * itself, probes cloud metadata services (169.254.169.254 and others) and reports usage to Apollo's cloud.
 */
describe('the gateway core', () => {
  it('calls no one but its subgraphs', async () => {
    const hosts: string[] = [];
    const refuse = (...args: unknown[]) => {
      const [target, options] = args as [string | URL | { host?: string; hostname?: string }, { host?: string; hostname?: string } | undefined];
      const host =
        typeof target === 'string' || target instanceof URL ? new URL(String(target)).hostname : (target.hostname ?? target.host ?? options?.hostname);
      hosts.push(String(host));
      throw new Error('no network in this test');
    };
    const spies = [jest.spyOn(http, 'request'), jest.spyOn(http, 'get'), jest.spyOn(https, 'request'), jest.spyOn(https, 'get')].map((spy) =>
      spy.mockImplementation(refuse as never),
    );
    try {
      const gateway = createApolloGateway({ supergraphSdl: readSupergraphSdl() });
      await gateway.load();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await gateway.stop();
      expect(hosts).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
