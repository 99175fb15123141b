import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseIdNumber } from '@civicgraph/identifiers';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';

/**
 * The subject token (`X-Subject-Token`): a JWT an identity provider (e.g. the city's unified identity
 * authentication, 一网通办统一身份认证) signs when a citizen logs in to an app. Its `sub` is the
 * citizen's ID number; "self only" scenarios read that citizen's records and nothing else.
 */
export const SUBJECT_TOKEN_HEADER = 'x-subject-token';

/** Accepted signature algorithms: asymmetric only, so the gateway holds no key that could mint tokens. */
const ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];

export interface SubjectTokenVerifier {
  /** The identity provider's public key (from a file), or its published keys (`jwksUrl`): one of the two. */
  publicKey?: KeyObject;
  /** The identity provider's JWKS URL; keys are fetched, cached and refetched for an unknown `kid`, so the provider can rotate them. */
  jwksUrl?: string;
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`. Default `civicgraph`. */
  audience?: string;
  /** Longest accepted lifetime (`exp` − `iat`) and age, in seconds: a token must say when it was issued. Default 3,600. */
  maxLifetimeSeconds?: number;
}

/** Longest accepted subject-token lifetime by default: one hour, a login session's length. */
export const DEFAULT_SUBJECT_TOKEN_LIFETIME_SECONDS = 3600;

const CLOCK_TOLERANCE_SECONDS = 5;

/** One remote key set per verifier, so its cache outlives a request. */
const remoteKeySets = new WeakMap<SubjectTokenVerifier, JWTVerifyGetKey>();

function keyOf(verifier: SubjectTokenVerifier): KeyObject | JWTVerifyGetKey {
  if (verifier.publicKey) return verifier.publicKey;
  if (!verifier.jwksUrl) throw new SubjectTokenError('No identity provider key is configured');
  let keys = remoteKeySets.get(verifier);
  if (!keys) remoteKeySets.set(verifier, (keys = createRemoteJWKSet(new URL(verifier.jwksUrl))));
  return keys;
}

export const DEFAULT_SUBJECT_AUDIENCE = 'civicgraph';
/** The issuer name of the development identity provider `civicgraph token` plays. */
export const DEV_IDENTITY_PROVIDER = 'civicgraph-dev-idp';

export class SubjectTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubjectTokenError';
  }
}

/** Verifies a subject token and returns the citizen's ID number (normalised: upper-case X). */
export async function verifySubjectToken(token: string, verifier: SubjectTokenVerifier): Promise<string> {
  const maxLifetime = verifier.maxLifetimeSeconds ?? DEFAULT_SUBJECT_TOKEN_LIFETIME_SECONDS;
  let sub: unknown;
  try {
    // With maxTokenAge, jose also requires `iat` and refuses one in the future.
    const { payload } = await jwtVerify(token, keyOf(verifier) as KeyObject, {
      issuer: verifier.issuer,
      audience: verifier.audience ?? DEFAULT_SUBJECT_AUDIENCE,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'sub', 'iat'],
      maxTokenAge: maxLifetime,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    if (payload.exp! - payload.iat! > maxLifetime) {
      throw new SubjectTokenError(`The subject token lives longer than ${maxLifetime} seconds (exp − iat); ask the identity provider for a shorter-lived one`);
    }
    sub = payload.sub;
  } catch (error) {
    if (error instanceof SubjectTokenError) throw error;
    if (error instanceof errors.JWTExpired) {
      throw new SubjectTokenError(
        error.claim === 'iat' ? `The subject token was issued more than ${maxLifetime} seconds ago` : 'The subject token has expired',
      );
    }
    if (error instanceof errors.JWTClaimValidationFailed) throw new SubjectTokenError(`The subject token's ${error.claim} claim is not accepted`);
    throw new SubjectTokenError('The subject token is not a valid token from the configured identity provider');
  }
  const parsed = parseIdNumber(String(sub));
  if (!parsed.ok) throw new SubjectTokenError(`The subject token's sub is not a citizen ID number: ${parsed.reason}`);
  return parsed.value.value;
}

export interface IdentityProviderKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateIdentityProviderKey(): IdentityProviderKey {
  return generateKeyPairSync('ed25519');
}

export function identityProviderKeyFromPem(privateKeyPem: string): IdentityProviderKey {
  const privateKey = createPrivateKey(privateKeyPem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export interface MintSubjectTokenOptions {
  issuer?: string;
  audience?: string;
  /** Lifetime in seconds. Default one hour. */
  ttlSeconds?: number;
}

/** What a development identity provider does at login: a token for one citizen (tests and `civicgraph token`). */
export async function mintSubjectToken(idNumber: string, privateKey: KeyObject, options: MintSubjectTokenOptions = {}): Promise<string> {
  // One reading of the clock for both claims: two readings can straddle a second and make the lifetime one too long.
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(idNumber)
    .setIssuer(options.issuer ?? DEV_IDENTITY_PROVIDER)
    .setAudience(options.audience ?? DEFAULT_SUBJECT_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? DEFAULT_SUBJECT_TOKEN_LIFETIME_SECONDS))
    .sign(privateKey);
}
