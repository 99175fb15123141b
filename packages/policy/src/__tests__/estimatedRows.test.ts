import { buildSchema, getOperationAST, parse } from 'graphql';
import { estimateRows } from '../index';

const schema = buildSchema(`
  type Person { id: ID! name: String! children: [Person!]! licenses: [License!]! }
  type License { id: ID! holder: Holder! }
  type LegalEntity { id: ID! }
  union Holder = Person | LegalEntity
  type PageInfo { hasNextPage: Boolean! }
  type PersonConnection { nodes: [Person!]! edges: [PersonEdge!]! pageInfo: PageInfo! }
  type PersonEdge { node: Person! }
  type Query { person(id: ID!): Person people(first: Int = 20): PersonConnection! }
`);

const estimate = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  return estimateRows(schema, document, getOperationAST(document)!, variables);
};

describe('estimateRows', () => {
  it('counts one record for a lookup, and its unpaged lists at the assumed length', () => {
    expect(estimate('{ person(id: 1) { name } }')).toEqual({ rows: 1, searchRows: 0 });
    expect(estimate('{ person(id: 1) { children { name licenses { id } } } }')).toEqual({ rows: 1 + 5 + 25, searchRows: 0 });
  });

  it('takes page sizes from literals, variables and the schema default, inside the connection', () => {
    expect(estimate('{ people(first: 50) { nodes { name } pageInfo { hasNextPage } } }')).toEqual({ rows: 1 + 50 + 1, searchRows: 50 });
    expect(estimate('query($n: Int) { people(first: $n) { nodes { name } } }', { n: 7 })).toEqual({ rows: 8, searchRows: 7 });
    expect(estimate('{ people { nodes { name } } }')).toEqual({ rows: 21, searchRows: 20 });
  });

  it('adds up aliases, so sixty searches of fifty are three thousand rows', () => {
    const sixty = Array.from({ length: 60 }, (_, i) => `p${i}: people(first: 50) { nodes { id } }`).join(' ');
    expect(estimate(`{ ${sixty} }`).searchRows).toBe(3000);
  });

  it('follows fragments and union members, each as if it applied', () => {
    expect(estimate('{ person(id: 1) { ...F } } fragment F on Person { licenses { holder { ... on Person { children { id } } } } }')).toEqual({
      rows: 1 + 5 + 5 + 25,
      searchRows: 0,
    });
  });
});
