import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSession } from 'better-sse';
import type { Database } from '@civicgraph/db';
import { sendJson } from '@civicgraph/server';
import type { FeedDispatcher } from './dispatcher';
import type { FeedTransport } from './pump';
import { subscriptionState } from './subscriptions';

/** Who a stream request's API key names, as the gateway authenticates `/graphql` (failures counted, sources slowed); throws a coded refusal. */
export type AuthenticateStream = (req: IncomingMessage) => Promise<{ applicationId: string; scenarioCode: string }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long an idle stream waits before looking again without a notification. */
const IDLE_LOOK_MS = 1_000;

function refuse(res: ServerResponse, status: number, code: string, message: string, reason?: string) {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...(reason ? { reason } : {}) } }] }, { 'cache-control': 'no-store' });
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The change feeds beside the gateway:
 *
 * - `GET /feeds/keys`: the platform's Ed25519 public keys (`whpk_…`) that sign webhooks.
 * - `GET /feeds/<subscription>/events`: a STREAM subscription's events as server-sent events, with the
 *   application's key (and `X-Scenario` where it has several). Each event's `id` is its sequence number; a
 *   client that reconnects with `Last-Event-ID` (or `?after=N`) gets every event after it again, re-read.
 *   When the subscription stops (scenario suspended, expired or unbound, subscription cancelled) the stream
 *   sends an `end` event with the code and closes; reconnecting is then refused with 403 and that code.
 */
export function feedRoutes(dispatcher: FeedDispatcher, governance: Database, neverGranted: ReadonlySet<string>, authenticate: AuthenticateStream) {
  const streams = new Map<string, () => void>();

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (req.method !== 'GET') return refuse(res, 405, 'BAD_REQUEST', 'GET /feeds/keys or /feeds/<subscription>/events');
    if (url.pathname === '/feeds/keys') {
      return sendJson(res, 200, { keys: dispatcher.signingKeys.map((k) => ({ id: k.id, publicKey: k.publicKey })) });
    }
    const match = /^\/feeds\/([^/]+)\/events$/.exec(url.pathname);
    if (!match) return refuse(res, 404, 'NOT_FOUND', 'No such route: GET /feeds/keys or /feeds/<subscription>/events');
    let caller: { applicationId: string; scenarioCode: string };
    try {
      caller = await authenticate(req);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code ?? 'UNAUTHENTICATED';
      return refuse(res, code === 'UNAUTHENTICATED' ? 401 : code === 'RATE_LIMITED' ? 429 : 403, code, (error as Error).message);
    }
    const id = match[1]!;
    const [row] = UUID.test(id)
      ? await governance.query<{ delivery: string; next_sequence: string }>(
          `SELECT delivery, next_sequence::text FROM change_subscription WHERE id = $1::uuid AND application_id = $2::uuid AND scenario_code = $3`,
          [id, caller.applicationId, caller.scenarioCode],
        )
      : [];
    // Another application's subscription is as absent as one that does not exist.
    if (!row) return refuse(res, 404, 'NOT_FOUND', `The application has no change subscription ${id} under scenario "${caller.scenarioCode}"`);
    if (row.delivery !== 'STREAM') return refuse(res, 400, 'BAD_REQUEST', 'This subscription delivers by webhook, not as a stream');
    const state = await subscriptionState(governance, id, neverGranted);
    if (!state.inForce) return refuse(res, 403, 'FORBIDDEN', state.message, state.code);

    const cursorText = header(req, 'last-event-id') ?? url.searchParams.get('after') ?? undefined;
    if (cursorText !== undefined) {
      if (!/^\d{1,18}$/.test(cursorText) || BigInt(cursorText) >= BigInt(row.next_sequence))
        return refuse(res, 400, 'BAD_USER_INPUT', `The cursor must be the sequence number of an event this stream sent (below ${row.next_sequence})`);
      // Everything after the cursor goes again, in order, re-read now: the client has not confirmed it.
      await governance.query(`UPDATE change_event SET replay = true WHERE subscription_id = $1::uuid AND sequence > $2 AND status = 'DELIVERED'`, [
        id,
        cursorText,
      ]);
    }

    // One reader per stream: a reconnect replaces a connection the client may have lost.
    streams.get(id)?.();
    const session = await createSession(req, res, {
      keepAlive: 15_000,
      retry: 2_000,
      trustClientEventId: false,
      headers: { 'cache-control': 'no-store' },
      // A change event is already its CloudEvent's JSON.
      serializer: (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
    });
    let closed = false;
    let wakeUp: (() => void) | undefined;
    const close = () => {
      closed = true;
      wakeUp?.();
    };
    const replace = () => {
      close();
      res.end();
    };
    streams.set(id, replace);
    session.on('disconnected', close);
    const stopListening = dispatcher.onChange(() => wakeUp?.());
    const transport: FeedTransport = async (_subscription, event) => {
      if (closed || !session.isConnected) return { outcome: 'FAILED', error: 'the stream closed' };
      session.push(event.body, 'change', String(event.sequence));
      return { outcome: 'SENT' };
    };
    try {
      while (!closed && !dispatcher.stopped) {
        const result = await dispatcher.pump(id, transport, () => closed);
        if (result.state === 'stopped') {
          if (session.isConnected) session.push({ code: result.code, message: result.message }, 'end');
          break;
        }
        const waitMs = result.state === 'waiting' ? Math.max(0, result.until.getTime() - Date.now()) : IDLE_LOOK_MS;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(waitMs, IDLE_LOOK_MS)).unref();
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = undefined;
      }
    } finally {
      stopListening();
      if (streams.get(id) === replace) streams.delete(id);
      if (!res.writableEnded) res.end();
    }
  };
}
