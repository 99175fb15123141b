// A local OpenID Connect provider (panva's oidc-provider) standing in for the city's unified identity
// authentication in the console's tests: started as its own process (it is an ES module with its own
// dependencies), it prints its issuer URL as one JSON line and serves until killed. Its development
// interactions accept any login name: the name becomes the subject.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      // A loopback redirect on any port (RFC 8252): the console under test listens on a port picked at start.
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/console/oidc/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  findAccount: async (_, sub) => ({ accountId: sub, claims: async () => ({ sub, preferred_username: sub }) }),
  cookies: { keys: ['civicgraph-test-provider'] },
});
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
