import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import {
  catalogItems,
  composeSupergraph,
  fieldsWithoutCatalog,
  readCatalog,
  readSupergraphSdl,
  responsibilityConflicts,
  subgraphSdl,
  subgraphTypeDefs,
  SUBGRAPH_NAMES,
} from '../index';

describe('the contracts', () => {
  const composed = composeSupergraph();

  it('compose into the committed supergraph (run `npm run compose` when this fails)', () => {
    expect(composed).toMatchObject({ ok: true });
    if (composed.ok) expect(readSupergraphSdl()).toBe(composed.supergraphSdl);
  });

  it('carry catalog metadata on every field of the supergraph', () => {
    expect(fieldsWithoutCatalog(readSupergraphSdl())).toEqual([]);
  });

  it.each(SUBGRAPH_NAMES)('%s: every catalog entry is valid (legal basis where sharing is conditional)', (name) => {
    const { entries, problems } = readCatalog(subgraphSdl(name));
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
  });

  it('reports a field without metadata, and one with a conditional sharing but no legal basis', () => {
    const sdl = `${readFileSync(require.resolve('../../catalog.graphql'), 'utf8')}
      type Query { a: String b: String @catalog(owner: "X", sharing: "CONDITIONAL", opening: "NOT_OPEN", grade: 2, updateCycle: "DAILY") }`;
    expect(fieldsWithoutCatalog(sdl)).toEqual(['Query.a']);
    expect(readCatalog(sdl).problems).toEqual(['Query.b: sharing CONDITIONAL needs a legalBasis']);
  });

  it('keeps grade-4 items (ID number, phone, home address) conditional and closed', () => {
    const { entries } = readCatalog(readSupergraphSdl());
    const byCoordinate = Object.fromEntries(entries.map((e) => [e.coordinate, e]));
    for (const coordinate of ['Person.idNumber', 'Person.phone', 'Person.residenceAddress', 'License.holderIdentifier']) {
      expect(byCoordinate[coordinate]).toMatchObject({ grade: 4, sharing: 'CONDITIONAL', opening: 'NOT_OPEN' });
    }
    expect(byCoordinate['Division.name']).toMatchObject({ grade: 1, sharing: 'UNCONDITIONAL', opening: 'UNCONDITIONAL' });
  });
});

describe('catalog items and the responsibility list', () => {
  it('lists every item once, with its database and type, and finds no item with two owners', () => {
    const items = catalogItems();
    expect(new Set(items.map((i) => i.coordinate)).size).toBe(items.length);
    expect(items.find((i) => i.coordinate === 'Person.idNumber')).toMatchObject({ database: 'population', owner: 'SH-PSB', dataType: 'String!', grade: 4 });
    expect(items.find((i) => i.coordinate === 'Person.religion')).toMatchObject({ sharing: 'NONE', opening: 'NOT_OPEN' });
    expect(items.find((i) => i.coordinate === 'Person.licenses')).toMatchObject({ database: 'e-license', dataType: '[License!]' });
    expect(responsibilityConflicts()).toEqual([]);
  });

  it('names a field two subgraphs claim for different owners', () => {
    const legalEntity = subgraphSdl('legal-entity').replace(/(hasNextPage: Boolean!\s*@catalog\(owner: )"SH-BDC"/, '$1"SH-AMR"');
    expect(legalEntity).toContain('"SH-AMR", sharing: "UNCONDITIONAL", opening: "UNCONDITIONAL", grade: 1, updateCycle: "REAL_TIME")');
    const conflicts = responsibilityConflicts((name) => (name === 'legal-entity' ? parse(legalEntity) : subgraphTypeDefs(name)));
    expect(conflicts).toEqual(['PageInfo.hasNextPage is claimed by SH-BDC (population, spatial, e-license, governance) and SH-AMR (legal-entity)']);
  });
});
