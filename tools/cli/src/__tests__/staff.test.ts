import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '@civicgraph/db';
import { migrationSourceOf } from '@civicgraph/prisma';
import { readEnv } from '../cliEnvironment';
import { staffCommand } from '../commands/staff';

/** `civicgraph staff`: the console's people, made on the governance database. */
describe('civicgraph staff', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-staff-'));
  mkdirSync(path.join(dataDir, 'databases'));
  const env = readEnv({ CIVICGRAPH_DATA_DIR: dataDir });
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));

  beforeAll(async () => {
    const db = await openDatabase({ name: 'governance', dataDir: path.join(dataDir, 'databases', 'governance') });
    await migrateDatabase(db, migrationSourceOf('governance'));
    await db.close();
  });
  afterAll(() => {
    log.mockRestore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a person with roles, gives more, lists them and disables the account', async () => {
    const password = async () => 'a long enough passphrase';
    await staffCommand(env, 'add', { username: 'wang.fang', displayName: '王芳', roles: ['reviewer:SH-PSB'], readPassword: password });
    await staffCommand(env, 'grant', { username: 'wang.fang', roles: ['steward:SH-PSB'] });
    await staffCommand(env, 'list', { username: '', roles: [] });
    expect(printed.at(-1)).toMatch(/^wang\.fang\s+active\s+password reviewer:SH-PSB, steward:SH-PSB$/);
    await staffCommand(env, 'disable', { username: 'wang.fang', roles: [] });
    await staffCommand(env, 'list', { username: '', roles: [] });
    expect(printed.at(-1)).toMatch(/^wang\.fang\s+disabled/);
  });

  it('refuses what cannot be a console account, saying why', async () => {
    const password = async () => 'a long enough passphrase';
    await expect(staffCommand(env, 'add', { username: 'li.na', roles: ['reviewer'], readPassword: password })).rejects.toThrow(
      'staff add: reviewer is held for one department: reviewer:<department code>',
    );
    await expect(staffCommand(env, 'add', { username: 'li.na', roles: ['auditor'], readPassword: async () => 'short' })).rejects.toThrow(
      'A password is at least 12 characters',
    );
    await expect(staffCommand(env, 'add', { username: 'li.na', roles: ['reviewer:SH-NOWHERE'], readPassword: password })).rejects.toThrow(
      'No department "SH-NOWHERE"',
    );
    await expect(staffCommand(env, 'add', { username: 'li.na', roles: ['auditor'], oidcSubject: 'x' })).rejects.toThrow('CIVICGRAPH_OIDC_ISSUER');
  });
});
