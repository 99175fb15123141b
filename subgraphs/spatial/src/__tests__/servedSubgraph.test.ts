import { migrateDatabase, openDatabase, type Database } from '@civicgraph/db';
import { contextTrustFor, generateContextSigningKey } from '@civicgraph/policy';
import { migrationSourceOf } from '@civicgraph/prisma';
import { createLogger } from '@civicgraph/server';
import { askForTests, startSubgraphInProcess, type AskOptions, type InProcessSubgraph } from '@civicgraph/subgraph-kit';
import { createSpatialSubgraph } from '../index';

/** The spatial subgraph as its owner serves it (shield, address masks, row rules), in process over an in-memory database. */
describe('the spatial subgraph, served', () => {
  const gateway = generateContextSigningKey();
  const ADDRESS = '7a2d0c4e-1b3f-4c5d-8e9f-0a1b2c3d4e5f';
  const FULL_TEXT = '上海市黄浦区南京东路街道南京东路100号3号楼1201室';
  let db: Database;
  let served: InProcessSubgraph;

  beforeAll(async () => {
    db = await openDatabase({ name: 'spatial' });
    await migrateDatabase(db, migrationSourceOf('spatial'));
    const subgraph = createSpatialSubgraph({ db, contextTrust: contextTrustFor(gateway, 'spatial') });
    await subgraph.prisma.division.createMany({
      data: [
        { code: '310000', name: '上海市', level: 'PROVINCE' },
        { code: '310101', name: '黄浦区', level: 'DISTRICT', parentCode: '310000' },
        { code: '310101002', name: '南京东路街道', level: 'TOWNSHIP', parentCode: '310101' },
      ],
    });
    await subgraph.prisma.address.create({
      data: {
        id: ADDRESS,
        divisionCode: '310101002',
        districtCode: '310101',
        road: '南京东路',
        number: '100',
        building: '3号楼',
        room: '1201室',
        fullText: FULL_TEXT,
        latitude: 31.2397,
        longitude: 121.4838,
      },
    });
    served = await startSubgraphInProcess(subgraph, createLogger({ name: 'test', level: 'silent' }));
  });

  afterAll(async () => {
    await served.close();
    await db.close();
  });

  const ask = (query: string, grants: string[], options: Omit<AskOptions, 'grants'> = {}) =>
    askForTests(served, gateway.privateKey, 'spatial')(query, { grants, ...options });
  const fullText = `{ address(id: "${ADDRESS}") { fullText } }`;
  const masked = { masks: { 'Address.fullText': 'ADDRESS' as const } };

  it('answers the full text to a scenario granted it unmasked', async () => {
    expect((await ask(fullText, ['Query.address', 'Address.fullText'])).data).toEqual({ address: { fullText: FULL_TEXT } });
  });

  it('masks an address down to what the scenario may read: the township, the district, or nothing', async () => {
    const read = async (grants: string[]) =>
      ((await ask(fullText, ['Query.address', 'Address.fullText', ...grants], masked)).data!.address as { fullText: string }).fullText;
    expect(await read(['Address.division'])).toBe('上海市黄浦区南京东路街道****');
    expect(await read(['Address.district'])).toBe('上海市黄浦区****');
    expect(await read([])).toBe('****');
  });

  it('refuses coordinates the scenario is not granted, field by field', async () => {
    const answer = await ask(`{ address(id: "${ADDRESS}") { fullText latitude } }`, ['Query.address', 'Address.fullText']);
    // latitude is non-null, so its refusal nulls the address.
    expect(answer.data).toEqual({ address: null });
    expect(answer.errors).toEqual([expect.objectContaining({ path: ['address', 'latitude'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('applies no row constraint to geography: an address is reference data; who lives there is guarded in population', async () => {
    for (const districts of [['310101'], ['310115']]) {
      expect((await ask(fullText, ['Query.address', 'Address.fullText'], { constraints: { districts } })).data).toEqual({ address: { fullText: FULL_TEXT } });
    }
  });
});
