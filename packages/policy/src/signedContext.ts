import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
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

/** The gateway's side: a compact JWS (EdDSA) carrying the claims, for one subgraph, briefly valid. */
export async function signRequestContext(claims: RequestContextClaims, key: KeyObject, options: SignContextOptions): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({
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
  })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'civicgraph-context+jwt' })
    .setIssuer(ISSUER)
    .setAudience(options.audience)
    .setJti(claims.requestId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? 30))
    .sign(key);
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

const verifyOptions = (audience: string) => ({ issuer: ISSUER, audience, algorithms: [ALGORITHM], typ: 'civicgraph-context+jwt', clockTolerance: 2 });

/**
 * Verifies against each key in turn: while the gateways change signing keys, a subgraph trusts the new
 * and the old one. A signature that fails with one key is tried with the next; any other fault is final.
 */
async function verifyWithAny(token: string, keys: readonly KeyObject[], audience: string) {
  for (let i = 0; ; i++) {
    try {
      return await jwtVerify(token, keys[i]!, verifyOptions(audience));
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed) || i === keys.length - 1) throw error;
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
    const { payload } = await verifyWithAny(token, Array.isArray(key) ? key : [key as KeyObject], audience);
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
    if (error instanceof errors.JWTExpired) throw new ContextVerificationError('EXPIRED', 'signed request context has expired');
    throw new ContextVerificationError('INVALID', 'signed request context is not valid');
  }
}
