import { makeLicenseIdentifier, parseLicenseIdentifier } from '@civicgraph/identifiers';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

describe('spatial, license and pagination behaviour through the gateway', () => {
  let city: TestCivicGraph;
  beforeAll(async () => {
    city = await startTestCivicGraph();
  });
  afterAll(() => city?.stop());

  it('serves the division hierarchy both ways with real codes', async () => {
    const { body } = await city.query(`{
      city: division(code: "310000") { name level children { code name } }
      pudong: division(code: "310115") { name parent { code } children { code level } }
      township: division(code: "310101002") { name fullName parent { code name } }
    }`);
    expect(body.errors).toBeUndefined();
    const { city: shanghai, pudong, township } = body.data!;
    expect(shanghai.name).toBe('上海市');
    expect(shanghai.children.map((d: { code: string }) => d.code)).toEqual([
      '310101',
      '310104',
      '310105',
      '310106',
      '310107',
      '310109',
      '310110',
      '310112',
      '310113',
      '310114',
      '310115',
      '310116',
      '310117',
      '310118',
      '310120',
      '310151',
    ]);
    expect(pudong).toMatchObject({ name: '浦东新区', parent: { code: '310000' } });
    expect(pudong.children.length).toBeGreaterThan(30);
    expect(pudong.children.every((c: { code: string; level: string }) => c.code.startsWith('310115') && c.level === 'TOWNSHIP')).toBe(true);
    expect(township).toEqual({ name: '南京东路街道', fullName: '上海市黄浦区南京东路街道', parent: { code: '310101', name: '黄浦区' } });
  });

  it('lists addresses near a point, nearest first, all within the radius', async () => {
    const [anchor] = await city.dbs.spatial.query<{ latitude: number; longitude: number }>('SELECT latitude, longitude FROM address ORDER BY id LIMIT 1');
    const { body } = await city.query(
      `query($lat: Float!, $lng: Float!) { addressesNear(latitude: $lat, longitude: $lng, radiusMeters: 3000, first: 10) { distanceMeters address { id latitude longitude } } }`,
      { lat: anchor!.latitude, lng: anchor!.longitude },
    );
    const near = body.data!.addressesNear as { distanceMeters: number; address: { latitude: number; longitude: number } }[];
    expect(near.length).toBeGreaterThan(0);
    expect(near[0]!.distanceMeters).toBe(0);
    const distances = near.map((n) => n.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(3000);
  });

  it('verifies a license signature and detects a tampered record', async () => {
    const [row] = await city.dbs['e-license'].query<{ identifier: string; valid_until: string | null }>(
      `SELECT identifier, valid_until::text FROM license WHERE holder_kind = 'PERSON' ORDER BY id LIMIT 1`,
    );
    const verify = `query($id: String!) { verifyLicense(identifier: $id) { identifier valid failure status } }`;
    expect((await city.query(verify, { id: row!.identifier })).body).toEqual({
      data: { verifyLicense: { identifier: row!.identifier, valid: true, failure: null, status: 'VALID' } },
    });
    await city.dbs['e-license'].query(`UPDATE license SET valid_until = '2099-12-31' WHERE identifier = $1`, [row!.identifier]);
    try {
      expect((await city.query(verify, { id: row!.identifier })).body.data!.verifyLicense).toMatchObject({ valid: false, failure: 'SIGNATURE_MISMATCH' });
    } finally {
      await city.dbs['e-license'].query(`UPDATE license SET valid_until = $2::date WHERE identifier = $1`, [row!.identifier, row!.valid_until]);
    }
    expect((await city.query(verify, { id: row!.identifier })).body.data!.verifyLicense.valid).toBe(true);
  });

  it('reports a well-formed identifier nobody issued as NOT_FOUND, not as an error', async () => {
    const [row] = await city.dbs['e-license'].query<{ identifier: string }>('SELECT identifier FROM license ORDER BY id LIMIT 1');
    // Same issuer and type, a serial never issued; the check character recomputed by the identifiers package.
    const parts = parseLicenseIdentifier(row!.identifier);
    if (!parts.ok) throw new Error(parts.reason);
    const never = makeLicenseIdentifier(parts.value.typeCode, parts.value.issuerCode, '99999999', '001');
    const { body } = await city.query(`{ verifyLicense(identifier: "${never}") { valid failure status } }`);
    expect(body).toEqual({ data: { verifyLicense: { valid: false, failure: 'NOT_FOUND', status: null } } });
  });

  it('filters licenses by type and status, and follows a renewal to the licence it replaces', async () => {
    const [renewal] = await city.dbs['e-license'].query<{ holder_id: string; type_code: string; replaces_id: string }>(
      'SELECT holder_id, type_code, replaces_id FROM license WHERE replaces_id IS NOT NULL ORDER BY id LIMIT 1',
    );
    const { body } = await city.query(
      `query($id: ID!, $type: String!) {
        person(id: $id) {
          all: licenses(typeCode: $type) { id status replaces { id status } }
          cancelled: licenses(typeCode: $type, status: CANCELLED) { id }
        }
      }`,
      { id: renewal!.holder_id, type: renewal!.type_code },
    );
    const { all, cancelled } = body.data!.person;
    const current = all.find((l: { replaces: unknown }) => l.replaces);
    expect(current.replaces).toEqual({ id: renewal!.replaces_id, status: 'CANCELLED' });
    expect(cancelled).toEqual([{ id: renewal!.replaces_id }]);
  });

  it('finds licenses by holder identifier, the sharing-service pattern', async () => {
    const [row] = await city.dbs['e-license'].query<{ holder_identifier: string; n: number }>(
      `SELECT holder_identifier, count(*)::int AS n FROM license WHERE holder_kind = 'LEGAL_ENTITY' GROUP BY holder_identifier ORDER BY holder_identifier LIMIT 1`,
    );
    const { body } = await city.query(
      `query($h: String!) { licensesByHolder(holderIdentifier: $h) { holderIdentifier holder { ... on LegalEntity { uscc } } } }`,
      { h: row!.holder_identifier },
    );
    expect(body.data!.licensesByHolder).toHaveLength(row!.n);
    for (const license of body.data!.licensesByHolder)
      expect(license).toEqual({ holderIdentifier: row!.holder_identifier, holder: { uscc: row!.holder_identifier } });
  });

  it('pages through a filtered search without gaps or repeats', async () => {
    const filter = { residenceDistrictCode: '310115' };
    const [{ n }] = (await city.dbs.population.query<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE residence_district_code = '310115'`)) as [
      { n: number },
    ];
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const { body }: { body: any } = await city.query(
        `query($f: PersonFilter, $after: String) { people(filter: $f, first: 25, after: $after) { edges { cursor node { id residenceDistrict { code } } } pageInfo { hasNextPage endCursor } } }`,
        { f: filter, after },
      );
      const { edges, pageInfo } = body.data.people;
      for (const edge of edges) {
        expect(edge.node.residenceDistrict.code).toBe('310115');
        seen.push(edge.node.id);
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('searches by name prefix, birth-date range and entity filters', async () => {
    const { body } = await city.query(`{
      people(filter: { namePrefix: "王", birthDateFrom: "1980-01-01", birthDateTo: "1989-12-31" }, first: 100) { nodes { name birthDate } }
      legalEntities(filter: { kind: INDIVIDUAL_BUSINESS, status: ACTIVE }, first: 100) { nodes { kind status registeredCapital } }
    }`);
    expect(body.errors).toBeUndefined();
    for (const p of body.data!.people.nodes) {
      expect(p.name.startsWith('王')).toBe(true);
      expect(p.birthDate >= '1980-01-01' && p.birthDate <= '1989-12-31').toBe(true);
    }
    expect(body.data!.legalEntities.nodes.length).toBeGreaterThan(0);
    for (const e of body.data!.legalEntities.nodes) expect(e).toEqual({ kind: 'INDIVIDUAL_BUSINESS', status: 'ACTIVE', registeredCapital: null });
  });

  it('answers /health on the gateway and every subgraph', async () => {
    const urls = [city.url, ...Object.values(city.subgraphUrls)].map((u) => u.replace(/\/graphql$/, '/health'));
    for (const url of urls) expect((await fetch(url)).status).toBe(200);
  });
});
