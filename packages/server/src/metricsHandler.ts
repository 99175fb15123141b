import { metricsExposition } from '@civicgraph/observability';
import type { RouteHandler } from './startHttpServer';

/** `GET /metrics`: the Prometheus text exposition of this process's series. */
export function createMetricsHandler(): RouteHandler {
  return async (_req, res) => {
    const { contentType, body } = await metricsExposition();
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
