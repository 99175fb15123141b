import * as client from 'openid-client';

/** The city's OpenID Connect provider, as the console signs staff in through it. */
export interface OidcSettings {
  /** The provider's issuer URL (its discovery document is read from it). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: this console's `/console/oidc/callback`, as registered with it. Default: that path on the origin the browser used. */
  redirectUri?: string;
  /** The provider's name on the sign-in page. Default 统一身份认证. */
  name?: string;
  /** Accept an `http:` issuer (a provider on this machine, in tests). */
  allowHttp?: boolean;
}

/** One sign-in through the provider: what to check when the person comes back. */
export interface OidcAttempt {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
}

export interface OidcSignIn {
  /** `redirectUri`: the callback on the origin the browser used, unless the settings name one. */
  begin(redirectUri: string): Promise<OidcAttempt>;
  /** The provider's issuer and the person's subject, once the code it sent back is exchanged and the ID token checked. */
  finish(callbackUrl: URL, attempt: Omit<OidcAttempt, 'url'>): Promise<{ issuer: string; subject: string }>;
  name: string;
}

/** Authorization code flow with PKCE, state and nonce (openid-client). The provider's configuration is read once, on first use. */
export function createOidcSignIn(settings: OidcSettings): OidcSignIn {
  let configuration: Promise<client.Configuration> | undefined;
  const configured = () =>
    (configuration ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      }));
  return {
    name: settings.name ?? '统一身份认证',
    async begin(redirectUri) {
      const config = await configured();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri ?? redirectUri,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state, nonce, verifier };
    },
    async finish(callbackUrl, attempt) {
      const config = await configured();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      return { issuer: claims.iss, subject: claims.sub };
    },
  };
}
