import { sendJson, type RouteHandler } from './startHttpServer';

/**
 * `GET /health`: 200 `{status: "ok"}` when every check passes, 503 naming the failing ones otherwise.
 * `report` adds what an operator should see without it deciding readiness (the owners the gateway finds out).
 */
export function createHealthHandler(name: string, checks: Record<string, () => Promise<unknown>>, report?: () => Record<string, unknown>): RouteHandler {
  return async (_req, res) => {
    const failing: string[] = [];
    await Promise.all(
      Object.entries(checks).map(async ([check, run]) => {
        try {
          await run();
        } catch {
          failing.push(check);
        }
      }),
    );
    const state = failing.length ? { service: name, status: 'unavailable', failing } : { service: name, status: 'ok' };
    sendJson(res, failing.length ? 503 : 200, report ? Object.assign(state, report()) : state);
  };
}
