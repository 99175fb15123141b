import { z } from 'zod';
import { parseEnvironment, portSchema, postgresUrlSchema } from '../parseEnvironment';

describe('parseEnvironment', () => {
  const schema = z.object({ PORT: portSchema, DATABASE_URL: postgresUrlSchema, METRICS_TOKEN: z.string().min(16) });

  it('names each variable, what was expected and what was found, hiding secrets and passwords', () => {
    expect(() => parseEnvironment(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://civic:s3cret@db/population', METRICS_TOKEN: 'short' })).toThrow(
      [
        'Invalid configuration:',
        '  PORT: expected a port number, 0–65535; found "eighty"',
        '  DATABASE_URL: expected a postgres:// or postgresql:// URL; found "mysql://civic:***@db/population"',
        '  METRICS_TOKEN: Too small: expected string to have >=16 characters; found (hidden)',
      ].join('\n'),
    );
  });

  it('says when a required variable is not set', () => {
    expect(() => parseEnvironment(schema, { DATABASE_URL: 'postgres://db/x', METRICS_TOKEN: 'x'.repeat(16) })).toThrow(
      '  PORT: expected a port number, 0–65535; found nothing (not set)',
    );
  });
});
