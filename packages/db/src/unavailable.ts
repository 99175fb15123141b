/** SQLSTATEs and socket errors that say the database cannot be reached now, not that the statement is wrong. */
const UNAVAILABLE_CODES = new Set([
  // Prisma: cannot reach the server, timed out, server closed the connection.
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  // Sockets.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  // PostgreSQL: shut down by an administrator, crash shutdown, cannot connect now, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

const UNAVAILABLE_MESSAGE =
  /connection terminated|terminating connection|server closed the connection|timeout exceeded when trying to connect|connection error/i;

/**
 * Whether an error, or one it wraps (Prisma's driver-adapter error, a GraphQL error's original), says the
 * database is out of reach — connections cut, server down — rather than that a statement failed. An owner
 * reports that as OWNER_UNAVAILABLE (retryable), not as a fault of its own.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; meta?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === 'string' && (UNAVAILABLE_CODES.has(e.originalCode) || /^08[0-9A-Z]{3}$/.test(e.originalCode))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  const meta = e.meta as { driverAdapterError?: unknown } | undefined;
  return [e.cause, e.originalError, meta?.driverAdapterError].some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
