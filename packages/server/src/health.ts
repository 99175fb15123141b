import { sendJson, type RouteHandler } from './startHttpServer';

/** `GET /health`: 200 `{status: "ok"}` when every check passes, 503 naming the failing ones otherwise. */
export function createHealthHandler(name: string, checks: Record<string, () => Promise<unknown>>): RouteHandler {
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
    sendJson(res, failing.length ? 503 : 200, failing.length ? { service: name, status: 'unavailable', failing } : { service: name, status: 'ok' });
  };
}
