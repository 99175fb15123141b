import { isDatabaseUnavailable } from '../unavailable';

describe('isDatabaseUnavailable', () => {
  it('recognises a database out of reach, however deeply the driver wrapped it', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable({ originalError: { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } } })).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P1001', message: "Can't reach database server" })).toBe(true);
    expect(isDatabaseUnavailable({ cause: { kind: 'postgres', originalCode: '08006' } })).toBe(true);
  });

  it('does not take a failed statement for an outage', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable({ cause: { kind: 'UniqueConstraintViolation' } })).toBe(false);
    expect(isDatabaseUnavailable(new Error('column "x" does not exist'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
