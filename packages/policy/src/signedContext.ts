import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { MaskKind } from './masking';
import { parseRowConstraints, type RowConstraints } from './rowConstraintsSchema';

/** What a subgraph learns about the request it serves, vouched for by the gateway. */
export interface RequestContextClaims {
  requestId: string;
  /** The calling application's id. */
  app: string;
  /** The id of the API key the application called with (so an admin cannot revoke the key it is using). */
  apiKey?: string;
  /** The code of the department the application belongs to. */
  department: string;
  /** The application scenario's code. */
  scenario: string;
  /** Version of the scenario's grants the gateway decided with. */
  grantVersion: number;
  /** The citizen or official the app acts for (a citizen ID number), when a subject token was given. */
  subject: string | null;
  /** The stated use reason (申请事由). */
  useReason: string | null;
  /** The scenario's current grants on this subgraph's types (`Person.name`), so the owner enforces them too. */
  grants: string[];
  /** Masks by coordinate, for granted fields the scenario reads masked. */
  masks: Record<string, MaskKind>;
  /** The scenario's row constraints, applied by the subgraph in its loaders and searches. */
  constraints: RowConstraints;
}

/** The HTTP header that carries the gateway's signed request context to a subgraph. */
export const CONTEXT_HEADER = 'x-civicgraph-context';

/** The request's deadline (ms since the epoch), sent by the gateway with every fetch, as gRPC sends deadlines: past it, nobody waits for the answer. */
export const DEADLINE_HEADER = 'x-civicgraph-deadline';

/** The response header in which a subgraph tells the gateway how many records it disclosed (and logged) for a fetch. */
export const DISCLOSED_HEADER = 'x-civicgraph-disclosed';

const ISSUER = 'civicgraph-gateway';
const ALGORITHM = 'EdDSA';
const TOKEN_TYPE = 'civicgraph-context+jwt';

export interface ContextSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateContextSigningKey(): ContextSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey };
}

/** Reads a PKCS#8 PEM private key (the gateway) or derives the public key from it. */
export function contextSigningKeyFromPem(privateKeyPem: string): ContextSigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export interface SignContextOptions {
  /** The subgraph the token is for; a token for one subgraph is refused by the others. */
  audience: string;
  /** Lifetime in seconds. Default 30: long enough for one request, too short to be worth stealing. */
  ttlSeconds?: number;
}

/**
 * Signers by key and verifiers by key and audience, made once: fast-jwt signs and verifies Ed25519 with
 * node:crypto directly (jose goes through WebCrypto), and the gateway signs one context per subgraph fetch.
 */
const signers = new WeakMap<KeyObject, (payload: Record<string, unknown>) => string>();
const verifiers = new WeakMap<KeyObject, Map<string, (token: string) => Record<string, unknown>>>();

function signerFor(key: KeyObject) {
  let signer = signers.get(key);
  if (!signer) {
    // The registered claims (iat, exp, iss, aud, jti) are in the payload as given (iat is kept as given).
    signer = createSigner({
      key: key.export({ type: 'pkcs8', format: 'pem' }),
      algorithm: ALGORITHM,
      header: { alg: ALGORITHM, typ: TOKEN_TYPE },
    });
    signers.set(key, signer);
  }
  return signer;
}

function verifierFor(key: KeyObject, audience: string) {
  let byAudience = verifiers.get(key);
  if (!byAudience) verifiers.set(key, (byAudience = new Map()));
  let verifier = byAudience.get(audience);
  if (!verifier) {
    verifier = createVerifier({
      key: key.export({ type: 'spki', format: 'pem' }),
      algorithms: [ALGORITHM],
      allowedIss: ISSUER,
      allowedAud: audience,
      requiredClaims: ['exp', 'iat', 'jti'],
      clockTolerance: 2_000,
      checkTyp: TOKEN_TYPE,
      cache: false,
    }) as (token: string) => Record<string, unknown>;
    byAudience.set(audience, verifier);
  }
  return verifier;
}

/** The gateway's side: a compact JWS (EdDSA) carrying the claims, for one subgraph, briefly valid. */
export async function signRequestContext(claims: RequestContextClaims, key: KeyObject, options: SignContextOptions): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return signerFor(key)({
    app: claims.app,
    ...(claims.apiKey ? { key: claims.apiKey } : {}),
    dep: claims.department,
    scn: claims.scenario,
    gv: claims.grantVersion,
    ...(claims.subject ? { sub: claims.subject } : {}),
    ...(claims.useReason ? { why: claims.useReason } : {}),
    grt: claims.grants,
    ...(Object.keys(claims.masks).length ? { msk: claims.masks } : {}),
    ...(Object.keys(claims.constraints).length ? { con: claims.constraints } : {}),
    iss: ISSUER,
    aud: options.audience,
    jti: claims.requestId,
    iat: issuedAt,
    exp: issuedAt + (options.ttlSeconds ?? 30),
  });
}

export type ContextRejection = 'MISSING' | 'EXPIRED' | 'INVALID';

export class ContextVerificationError extends Error {
  constructor(
    readonly reason: ContextRejection,
    message: string,
  ) {
    super(message);
    this.name = 'ContextVerificationError';
  }
}

/** A verified context: the claims and when the token stops being valid (ms since the epoch). */
export interface VerifiedRequestContext extends RequestContextClaims {
  expiresAt: number;
}

/**
 * The public keys in a PEM file: one, or during a key rotation several (the new one first), each block as
 * `openssl pkey -pubout` or `civicgraph context-key` writes it.
 */
export function contextPublicKeysFromPem(pem: string): KeyObject[] {
  const blocks = pem.match(/-----BEGIN PUBLIC KEY-----[^-]+-----END PUBLIC KEY-----/g) ?? [];
  if (!blocks.length) throw new Error('no PEM public key (-----BEGIN PUBLIC KEY-----) in it');
  return blocks.map((block) => createPublicKey(block));
}

/**
 * Verifies against each key in turn: while the gateways change signing keys, a subgraph trusts the new
 * and the old one. A signature that fails with one key is tried with the next; any other fault is final.
 */
function verifyWithAny(token: string, keys: readonly KeyObject[], audience: string) {
  for (let i = 0; ; i++) {
    try {
      return verifierFor(keys[i]!, audience)(token);
    } catch (error) {
      const signatureFailed = error instanceof TokenError && error.code === TokenError.codes.invalidSignature;
      if (!signatureFailed || i === keys.length - 1) throw error;
    }
  }
}

/**
 * The subgraph's side: accepts only a token the gateway signed, for this subgraph, still within its
 * lifetime. `key` may be several keys, during a rotation.
 */
export async function verifyRequestContext(
  token: string | undefined | null,
  key: KeyObject | readonly KeyObject[],
  audience: string,
): Promise<VerifiedRequestContext> {
  if (!token) throw new ContextVerificationError('MISSING', 'no signed request context');
  try {
    const payload = verifyWithAny(token, Array.isArray(key) ? key : [key as KeyObject], audience);
    if (
      typeof payload.jti !== 'string' ||
      typeof payload.app !== 'string' ||
      typeof payload.dep !== 'string' ||
      typeof payload.scn !== 'string' ||
      typeof payload.gv !== 'number' ||
      typeof payload.exp !== 'number' ||
      !Array.isArray(payload.grt)
    ) {
      throw new ContextVerificationError('INVALID', 'signed request context lacks required claims');
    }
    return {
      requestId: payload.jti,
      app: payload.app,
      apiKey: typeof payload.key === 'string' ? payload.key : undefined,
      department: payload.dep,
      scenario: payload.scn,
      grantVersion: payload.gv,
      subject: typeof payload.sub === 'string' ? payload.sub : null,
      useReason: typeof payload.why === 'string' ? payload.why : null,
      grants: payload.grt.filter((g): g is string => typeof g === 'string'),
      masks: (payload.msk && typeof payload.msk === 'object' ? payload.msk : {}) as Record<string, MaskKind>,
      constraints: parseRowConstraints(payload.con ?? {}),
      expiresAt: payload.exp * 1000,
    };
  } catch (error) {
    if (error instanceof ContextVerificationError) throw error;
    if (error instanceof TokenError && error.code === TokenError.codes.expired)
      throw new ContextVerificationError('EXPIRED', 'signed request context has expired');
    throw new ContextVerificationError('INVALID', 'signed request context is not valid');
  }
}
