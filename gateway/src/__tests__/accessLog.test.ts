import { Writable } from 'node:stream';
import pino from 'pino';
import type { AuditLog, RequestRecord } from '@civicgraph/audit';
import type { Exchange } from '@civicgraph/server';
import type { GatewayContext } from '../GatewayContext';
import { createReachCache } from '../operationReach';
import { useRequestLog } from '../useRequestLog';

/** The gateway's access log: one JSON line per HTTP request, beside the request log's audit records. */
describe('the access log', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info', base: { service: 'gateway' } },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const appended: RequestRecord[] = [];
  const requestLog = { append: async (records: RequestRecord[]) => void appended.push(...records) } as unknown as AuditLog<RequestRecord>;

  it('writes one line per request: id, application, scenario, operations, status, duration, rows and what was released', async () => {
    const log = useRequestLog(requestLog, createReachCache(), logger);
    const context = {
      requestId: 'r-1',
      correlationId: 'client-7',
      caller: { applicationId: 'app-1', departmentCode: 'SH-PSB', scenario: { code: 'one-network-service', version: 3 } },
      subject: null,
      useReason: '办事',
      owners: { auditFailed: false },
      operations: [
        {
          index: 0,
          operationName: 'Profile',
          documentHash: null,
          executed: true,
          dataReleased: true,
          errorCodes: ['OWNER_UNAVAILABLE'],
          coordinates: [],
          records: 4,
        },
      ],
    } as unknown as GatewayContext;
    const exchange: Exchange<GatewayContext> = {
      requestId: 'r-1',
      correlationId: 'client-7',
      arrivedAt: new Date(),
      startedAt: performance.now(),
      context,
      response: { status: 200, headers: {}, body: '{"data":{}}' },
    };
    await log.beforeDelivery(exchange);
    expect(appended).toEqual([expect.objectContaining({ requestId: 'r-1', released: 'PARTIAL', records: 4 })]);
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'gateway',
        msg: 'request',
        requestId: 'r-1',
        correlationId: 'client-7',
        application: 'app-1',
        scenario: 'one-network-service',
        operations: ['Profile'],
        status: 200,
        durationMs: expect.any(Number),
        rows: 4,
        released: ['PARTIAL'],
        errorCodes: ['OWNER_UNAVAILABLE'],
      }),
    ]);
    // One `service` key, not two.
    expect(JSON.stringify(lines[0]).match(/"service"/g)).toHaveLength(1);
  });
});
