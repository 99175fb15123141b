import { buildSchema, graphqlSync, printSchema } from 'graphql';
import { scopedSchema } from '../index';

const schema = buildSchema(`
  type Person { id: ID! name: String! phone: String gender: Gender! address: Address licenses: [License!]! }
  enum Gender { MALE FEMALE }
  type Address { id: ID! fullText: String! }
  type LegalEntity { id: ID! name: String! }
  type License { number: String! holder: Holder! }
  union Holder = Person | LegalEntity
  input PersonFilter { namePrefix: String }
  type Query { person(id: ID!): Person people(filter: PersonFilter): [Person!]! license(id: ID!): License entity(id: ID!): LegalEntity }
`);

const scope = (grants: string[]) => scopedSchema(schema, (c) => grants.includes(c));

describe('scopedSchema', () => {
  it('keeps granted fields and the types they need, and nothing else', () => {
    const scoped = scope(['Query.person', 'Person.name', 'Person.gender', 'Person.address', 'Person.licenses', 'License.number']);
    expect(printSchema(scoped!)).toBe(`type Person {
  name: String!
  gender: Gender!
  licenses: [License!]!
}

enum Gender {
  MALE
  FEMALE
}

type License {
  number: String!
}

type Query {
  person(id: ID!): Person
}`);
  });

  it('drops a granted field whose type has nothing granted, and union members with nothing granted', () => {
    const scoped = scope(['Query.license', 'License.number', 'License.holder', 'Person.name']);
    expect(scoped!.getType('LegalEntity')).toBeUndefined();
    expect(printSchema(scoped!)).toContain('union Holder = Person');
    expect(scope(['Query.person', 'Person.address'])).toBeNull();
  });

  it('answers introspection probes of hidden types and fields with nothing', () => {
    const scoped = scope(['Query.person', 'Person.name']);
    const result = graphqlSync({
      schema: scoped!,
      source: '{ hidden: __type(name: "LegalEntity") { name } person: __type(name: "Person") { fields { name } } }',
    });
    expect(result).toEqual({ data: { hidden: null, person: { fields: [{ name: 'name' }] } } });
  });

  it('is null when the scenario can query nothing', () => {
    expect(scope([])).toBeNull();
    expect(scope(['Person.name'])).toBeNull();
  });
});
