import { buildSchema, parse } from 'graphql';
import { reachableCoordinates } from '../index';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Person implements Node { id: ID! name: String! phone: String licenses: [License!]! }
  type LegalEntity implements Node { id: ID! name: String! uscc: String! }
  type License implements Node { id: ID! holder: Holder! number: String! }
  union Holder = Person | LegalEntity
  type Query { person(id: ID!): Person node(id: ID!): Node license(id: ID!): License }
`);

const reach = (query: string, operationName?: string) => reachableCoordinates(schema, parse(query), operationName);

describe('reachableCoordinates', () => {
  it('lists plain fields and ignores __typename', () => {
    expect(reach('{ person(id: 1) { __typename name } }')).toEqual({ coordinates: ['Person.name', 'Query.person'], introspection: false });
  });

  it('sees through aliases', () => {
    expect(reach('{ p: person(id: 1) { n: phone } }').coordinates).toEqual(['Person.phone', 'Query.person']);
  });

  it('counts fields under @skip and @include whatever the condition', () => {
    expect(reach('query($no: Boolean = false) { person(id: 1) { phone @include(if: $no) name @skip(if: true) } }').coordinates).toEqual([
      'Person.name',
      'Person.phone',
      'Query.person',
    ]);
  });

  it('follows named fragments, nested fragments and repeated spreads', () => {
    const query = `
      { person(id: 1) { ...A ...A } }
      fragment A on Person { name ...B }
      fragment B on Person { licenses { number } }`;
    expect(reach(query).coordinates).toEqual(['License.number', 'Person.licenses', 'Person.name', 'Query.person']);
  });

  it('resolves inline fragments on union members to the member type', () => {
    expect(reach('{ license(id: 1) { holder { ... on Person { phone } ... on LegalEntity { uscc } } } }').coordinates).toEqual([
      'LegalEntity.uscc',
      'License.holder',
      'Person.phone',
      'Query.license',
    ]);
  });

  it('expands an interface field to every implementation it can reach', () => {
    expect(reach('{ node(id: 1) { id } }').coordinates).toEqual(['LegalEntity.id', 'License.id', 'Person.id', 'Query.node']);
    expect(reach('{ node(id: 1) { ... on Person { id } } }').coordinates).toEqual(['Person.id', 'Query.node']);
  });

  it('narrows a fragment on an interface to the types the position allows', () => {
    expect(reach('{ license(id: 1) { holder { ... on Node { id } } } }').coordinates).toEqual([
      'LegalEntity.id',
      'License.holder',
      'Person.id',
      'Query.license',
    ]);
  });

  it('stops at fragment cycles', () => {
    const query = `{ person(id: 1) { ...A } } fragment A on Person { name ...B } fragment B on Person { ...A }`;
    expect(reach(query).coordinates).toEqual(['Person.name', 'Query.person']);
  });

  it('flags introspection', () => {
    expect(reach('{ __schema { types { name } } }')).toEqual({ coordinates: [], introspection: true });
  });

  it('picks the named operation of several', () => {
    const query = 'query A { person(id: 1) { name } } query B { license(id: 1) { number } }';
    expect(reach(query, 'B').coordinates).toEqual(['License.number', 'Query.license']);
    expect(() => reach(query)).toThrow('the document must name one operation');
  });
});
