import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
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
  /** The staff member (username) behind a governance console request; absent for applications' own requests. */
  person?: string | null;
  /** The scenario's current grants on this subgraph's types (`Person.name`), so the owner enforces them too. */
  grants: string[];
  /** Masks by coordinate, for granted fields the scenario reads masked. */
  masks: Record<string, MaskKind>;
  /** The scenario's row constraints, applied by the subgraph in its loaders and searches. */
  constraints: RowConstraints;
}

/** What the gateway signs once and reuses: every claim but the request id (see `bindContext`). */
export type SharedContextClaims = Omit<RequestContextClaims, 'requestId'>;

/** The HTTP header that carries the gateway's signed context to a subgraph (reused across requests). */
export const CONTEXT_HEADER = 'x-civicgraph-context';

/** The HTTP header that binds the signed context to one request: its id and deadline, under a MAC. */
export const BINDING_HEADER = 'x-civicgraph-binding';

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

/** A signed context as the gateway keeps it for reuse: the token, its id (jti) and when it stops being valid. */
export interface SignedContext {
  token: string;
  id: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/**
 * The gateway's side: a compact JWS (EdDSA) carrying the claims, for one subgraph, briefly valid. It names
 * no request: the gateway reuses it for every request of the same caller, scenario version, subject and use
 * reason while it is valid, and binds it to each request with `bindContext`.
 */
export function signSharedContext(claims: SharedContextClaims, key: KeyObject, options: SignContextOptions): SignedContext {
  const issuedAt = Math.floor(Date.now() / 1000);
  const id = randomUUID();
  const expiresAtSeconds = issuedAt + (options.ttlSeconds ?? 30);
  const token = signerFor(key)({
    app: claims.app,
    ...(claims.apiKey ? { key: claims.apiKey } : {}),
    dep: claims.department,
    scn: claims.scenario,
    gv: claims.grantVersion,
    ...(claims.subject ? { sub: claims.subject } : {}),
    ...(claims.useReason ? { why: claims.useReason } : {}),
    ...(claims.person ? { psn: claims.person } : {}),
    grt: claims.grants,
    ...(Object.keys(claims.masks).length ? { msk: claims.masks } : {}),
    ...(Object.keys(claims.constraints).length ? { con: claims.constraints } : {}),
    iss: ISSUER,
    aud: options.audience,
    jti: id,
    iat: issuedAt,
    exp: expiresAtSeconds,
  });
  return { token, id, expiresAt: expiresAtSeconds * 1000 };
}

/**
 * The secret that binds contexts to requests for one subgraph, derived from the gateway's private key
 * (HKDF-SHA-256, the subgraph's name as info): the gateway derives it for each subgraph, and each subgraph
 * is given only its own (`civicgraph context-key` writes them), so none can bind contexts for another.
 */
export function contextBindingKey(privateKey: KeyObject, audience: string): Buffer {
  const secret = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  return Buffer.from(hkdfSync('sha256', secret, 'civicgraph-context-binding', audience, 32));
}

/** The request a signed context is bound to. */
export interface ContextBinding {
  requestId: string;
  /** The request's deadline, ms since the epoch; none when the caller set none. */
  deadline?: number;
}

/** The MAC over the context's id and the binding's fields as sent (base64url and digits: no '.' in either). */
const bindingMac = (key: Buffer, contextId: string, encodedRequestId: string, deadline: string) =>
  createHmac('sha256', key).update(`${contextId}.${encodedRequestId}.${deadline}`).digest();

/**
 * Binds a signed context to one request: `<request id, base64url>.<deadline>.<HMAC-SHA-256 of the context's
 * id, the request id and the deadline>`. A microsecond where a signature costs a hundred; only the gateway
 * and that subgraph hold the key, so a context seen on the wire cannot be bound to another request.
 */
export function bindContext(context: Pick<SignedContext, 'id'>, binding: ContextBinding, bindingKey: Buffer): string {
  const deadline = binding.deadline === undefined ? '' : String(binding.deadline);
  const encodedRequestId = Buffer.from(binding.requestId).toString('base64url');
  return `${encodedRequestId}.${deadline}.${bindingMac(bindingKey, context.id, encodedRequestId, deadline).toString('base64url')}`;
}

/** The gateway's public keys and this subgraph's binding keys: during a rotation, the new ones first. */
export interface ContextTrust {
  publicKeys: readonly KeyObject[];
  bindingKeys: readonly Buffer[];
}

/** What a subgraph trusts when it runs beside the gateway (one process, tests): derived from the gateway's keys. */
export function contextTrustFor(keys: ContextSigningKey | readonly ContextSigningKey[], audience: string): ContextTrust {
  const all = Array.isArray(keys) ? keys : [keys as ContextSigningKey];
  return { publicKeys: all.map((k) => k.publicKey), bindingKeys: all.map((k) => contextBindingKey(k.privateKey, audience)) };
}

/** The binding keys in a key file: one base64url key per line (during a rotation, the new one first). */
export function contextBindingKeysFromText(text: string): Buffer[] {
  const keys = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => Buffer.from(line, 'base64url'));
  if (!keys.length || keys.some((key) => key.length !== 32)) throw new Error('expected one 32-byte base64url key per line');
  return keys;
}

/** Both headers of one request's context, signed and bound at once (tests, and callers that send one request). */
export async function signRequestContext(
  claims: RequestContextClaims,
  key: KeyObject,
  options: SignContextOptions & { deadline?: number },
): Promise<Record<string, string>> {
  const { requestId, ...shared } = claims;
  const signed = signSharedContext(shared, key, options);
  return {
    [CONTEXT_HEADER]: signed.token,
    [BINDING_HEADER]: bindContext(signed, { requestId, deadline: options.deadline }, contextBindingKey(key, options.audience)),
  };
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

/** A verified shared context: its claims, its id and when it stops being valid (ms since the epoch). */
export interface VerifiedSharedContext extends SharedContextClaims {
  contextId: string;
  expiresAt: number;
}

/** A verified context bound to its request. */
export interface VerifiedRequestContext extends VerifiedSharedContext {
  requestId: string;
  deadline: number | undefined;
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
 * The subgraph's side of the signed part: accepts only a token the gateway signed, for this subgraph, still
 * within its lifetime. `keys` may be several, during a rotation.
 */
export function verifySharedContext(token: string | undefined | null, keys: readonly KeyObject[], audience: string): VerifiedSharedContext {
  if (!token) throw new ContextVerificationError('MISSING', 'no signed request context');
  try {
    const payload = verifyWithAny(token, keys, audience);
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
      contextId: payload.jti,
      app: payload.app,
      apiKey: typeof payload.key === 'string' ? payload.key : undefined,
      department: payload.dep,
      scenario: payload.scn,
      grantVersion: payload.gv,
      subject: typeof payload.sub === 'string' ? payload.sub : null,
      useReason: typeof payload.why === 'string' ? payload.why : null,
      person: typeof payload.psn === 'string' ? payload.psn : null,
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

/** The subgraph's side of the binding: the request id and deadline the gateway bound the context `contextId` to. */
export function verifyBinding(binding: string | undefined | null, contextId: string, bindingKeys: readonly Buffer[]): ContextBinding {
  if (!binding) throw new ContextVerificationError('MISSING', 'the signed request context is not bound to a request');
  const [encodedId, deadline, mac, ...rest] = binding.split('.');
  const given = mac === undefined || rest.length ? undefined : Buffer.from(mac, 'base64url');
  if (given && encodedId && deadline !== undefined && /^\d*$/.test(deadline)) {
    for (const key of bindingKeys) {
      const expected = bindingMac(key, contextId, encodedId, deadline);
      if (given.length === expected.length && timingSafeEqual(given, expected))
        return { requestId: Buffer.from(encodedId, 'base64url').toString(), deadline: deadline ? Number(deadline) : undefined };
    }
  }
  throw new ContextVerificationError('INVALID', 'the signed request context is bound to another request');
}

/** Both sides at once: the signed part and its binding (the subgraph's verifier caches the first, see contextVerifier). */
export async function verifyRequestContext(
  headers: Readonly<Record<string, string | undefined>>,
  trust: ContextTrust,
  audience: string,
): Promise<VerifiedRequestContext> {
  const shared = verifySharedContext(headers[CONTEXT_HEADER], trust.publicKeys, audience);
  const { requestId, deadline } = verifyBinding(headers[BINDING_HEADER], shared.contextId, trust.bindingKeys);
  return { ...shared, requestId, deadline };
}
