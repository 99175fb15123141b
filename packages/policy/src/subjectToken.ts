import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseIdNumber } from '@civicgraph/identifiers';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * The subject token (`X-Subject-Token`): a JWT an identity provider (e.g. the city's unified identity
 * authentication, 一网通办统一身份认证) signs when a citizen logs in to an app. Its `sub` is the
 * citizen's ID number; "self only" scenarios read that citizen's records and nothing else.
 */
export const SUBJECT_TOKEN_HEADER = 'x-subject-token';

/** Accepted signature algorithms: asymmetric only, so the gateway holds no key that could mint tokens. */
const ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];

export interface SubjectTokenVerifier {
  /** The identity provider's public key. */
  publicKey: KeyObject;
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`. Default `civicgraph`. */
  audience?: string;
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
  let sub: unknown;
  try {
    const { payload } = await jwtVerify(token, verifier.publicKey, {
      issuer: verifier.issuer,
      audience: verifier.audience ?? DEFAULT_SUBJECT_AUDIENCE,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
    });
    sub = payload.sub;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new SubjectTokenError('The subject token has expired');
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
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(idNumber)
    .setIssuer(options.issuer ?? DEV_IDENTITY_PROVIDER)
    .setAudience(options.audience ?? DEFAULT_SUBJECT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 3600}s`)
    .sign(privateKey);
}
