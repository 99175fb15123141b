import { connectionOf, encodeCursor, pageRequest } from '../pagination';

describe('cursor pagination', () => {
  it('defaults to 20 and decodes its own cursors', () => {
    expect(pageRequest(undefined, undefined)).toEqual({ first: 20, afterId: undefined });
    expect(pageRequest(5, encodeCursor('abc'))).toEqual({ first: 5, afterId: 'abc' });
  });

  it.each([
    [0, null, 'first', 'must be between 1 and 100, got 0'],
    [101, null, 'first', 'must be between 1 and 100, got 101'],
    [10, 'garbage', 'after', 'not a cursor returned by this API'],
    [10, Buffer.from('v1:').toString('base64url'), 'after', 'not a cursor returned by this API'],
  ])('first=%s after=%s → BAD_USER_INPUT on %s', (first, after, argument, reason) => {
    expect(() => pageRequest(first, after)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument, reason } }));
  });

  it('uses the extra row only to tell that there is a next page', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(connectionOf(rows, 2)).toEqual({
      edges: [
        { cursor: encodeCursor('a'), node: { id: 'a' } },
        { cursor: encodeCursor('b'), node: { id: 'b' } },
      ],
      nodes: [{ id: 'a' }, { id: 'b' }],
      pageInfo: { hasNextPage: true, endCursor: encodeCursor('b') },
    });
    expect(connectionOf([], 2).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
