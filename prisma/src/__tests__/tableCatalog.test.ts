import { catalogItems } from '@civicgraph/schema';
import { tableCatalog, uncataloguedExposures } from '../tableCatalog';

describe('table catalog (数据库表目录)', () => {
  const tables = tableCatalog();
  const table = (database: string, name: string) => tables.find((t) => t.database === database && t.table === name)!;
  const column = (database: string, name: string, col: string) => table(database, name).columns.find((c) => c.column === col)!;

  it('lists every table of every database with its columns, types, keys, indexes and comments', () => {
    const person = table('population', 'person');
    expect(person).toMatchObject({ model: 'Person', primaryKey: ['id'], comment: expect.stringContaining('registered resident') });
    expect(person.indexes).toContainEqual({ kind: 'unique', columns: ['id_number'] });
    expect(person.indexes).toContainEqual({ kind: 'index', columns: ['residence_district_code', 'id'] });
    expect(column('population', 'person', 'id_number')).toMatchObject({
      field: 'idNumber',
      type: 'VarChar(18)',
      nullable: false,
      unique: true,
      primaryKey: false,
      comment: expect.stringContaining('GB 11643'),
    });
    expect(column('population', 'person', 'death_date')).toMatchObject({ type: 'Date', nullable: true });
    expect(new Set(tables.map((t) => t.database))).toEqual(new Set(['population', 'legal-entity', 'spatial', 'e-license', 'governance']));
    expect(table('governance', 'audit_request').columns.map((c) => c.column)).toContain('prev_hash');
  });

  it('maps each column to the GraphQL fields that expose it', () => {
    expect(column('population', 'person', 'id_number').exposedAs).toEqual(['Person.idNumber']);
    expect(column('population', 'person', 'residence_district_code').exposedAs).toEqual(['Person.residenceDistrict']);
    expect(column('population', 'person', 'father_id').exposedAs).toEqual(['Person.children', 'Person.father', 'Person.parents']);
    expect(column('e-license', 'license', 'holder_id').exposedAs).toEqual(['LegalEntity.licenses', 'License.holder', 'Person.licenses']);
    expect(column('population', 'audit_disclosure', 'app').exposedAs).toEqual(['PopulationDisclosure.application']);
    // Kept for the owner's own checks, never served.
    expect(column('legal-entity', 'legal_entity', 'representative_id_number').exposedAs).toEqual([]);
    expect(column('population', 'audit_disclosure', 'hash').exposedAs).toEqual([]);
  });

  it('has a catalog entry for every field that exposes a column', () => {
    expect(uncataloguedExposures(tables, new Set(catalogItems().map((i) => i.coordinate)))).toEqual([]);
  });

  it('names a column exposed through a field the catalog lacks', () => {
    const catalogued = new Set(catalogItems().map((i) => i.coordinate));
    catalogued.delete('Person.phone');
    expect(uncataloguedExposures(tables, catalogued)).toEqual(['population.person.phone is exposed as Person.phone, which has no catalog entry']);
  });
});
