import path from 'node:path';
import { readEnv, subgraphPortsOf } from '../cliEnvironment';

describe('readEnv', () => {
  it('fills the defaults a newcomer needs', () => {
    expect(readEnv({})).toEqual({
      CIVICGRAPH_DATA_DIR: path.resolve('.civicgraph'),
      PORT: 4000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CIVICGRAPH_SEED_PERSONS: 10_000,
      CIVICGRAPH_SEED_DEFECTS: 0.001,
      CIVICGRAPH_QUALITY_SCHEDULE: '0 2 * * *',
      CIVICGRAPH_CONSOLE_IDLE_MINUTES: 30,
      CIVICGRAPH_CONSOLE_SESSION_HOURS: 8,
      CIVICGRAPH_TRANSPORT: 'http',
      PGLITE_SHARED_BUFFERS: '16MB',
    });
  });

  it('takes the embedded buffer cache as a PostgreSQL memory size, and names what it found otherwise', () => {
    expect(readEnv({ PGLITE_SHARED_BUFFERS: '128MB' }).PGLITE_SHARED_BUFFERS).toBe('128MB');
    expect(() => readEnv({ PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/PGLITE_SHARED_BUFFERS: expected a PostgreSQL memory size such as 64MB/);
  });

  it('takes the quality schedule as a cron pattern or off', () => {
    expect(readEnv({ CIVICGRAPH_QUALITY_SCHEDULE: '30 1 * * 1-5' }).CIVICGRAPH_QUALITY_SCHEDULE).toBe('30 1 * * 1-5');
    expect(readEnv({ CIVICGRAPH_QUALITY_SCHEDULE: 'off' }).CIVICGRAPH_QUALITY_SCHEDULE).toBe('off');
    expect(() => readEnv({ CIVICGRAPH_QUALITY_SCHEDULE: 'nightly' })).toThrow(/CIVICGRAPH_QUALITY_SCHEDULE: expected a cron pattern/);
  });

  it('accepts a PostgreSQL URL per database', () => {
    expect(readEnv({ POPULATION_DATABASE_URL: 'postgres://civic@localhost:5432/population' }).POPULATION_DATABASE_URL).toBe(
      'postgres://civic@localhost:5432/population',
    );
  });

  it('lists every problem at once', () => {
    expect(() => readEnv({ PORT: 'eighty', LOG_LEVEL: 'loud', SPATIAL_DATABASE_URL: 'mysql://x/y', CIVICGRAPH_TRANSPORT: 'pigeon' })).toThrow(
      /Invalid configuration:\n {2}PORT: .+\n {2}LOG_LEVEL: .+\n {2}CIVICGRAPH_TRANSPORT: .+\n {2}SPATIAL_DATABASE_URL: .+/,
    );
  });

  it('puts the subgraphs on the five ports after the gateway, so a second instance runs beside the first with PORT alone', () => {
    expect(subgraphPortsOf(readEnv({}))).toEqual({ population: 4001, 'legal-entity': 4002, spatial: 4003, 'e-license': 4004, governance: 4005 });
    expect(subgraphPortsOf(readEnv({ PORT: '5000' }))).toEqual({ population: 5001, 'legal-entity': 5002, spatial: 5003, 'e-license': 5004, governance: 5005 });
    expect(subgraphPortsOf(readEnv({ PORT: '5000', SUBGRAPH_PORT_BASE: '6100' }))).toMatchObject({ population: 6100, governance: 6104 });
    expect(subgraphPortsOf(readEnv({ SUBGRAPH_PORT_BASE: '0' }))).toBe(0);
  });
});
