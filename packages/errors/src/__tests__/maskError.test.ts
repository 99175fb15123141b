import { GraphQLError } from 'graphql';
import { badUserInput, maskError } from '../index';

describe('maskError', () => {
  it('passes registered codes through without stack traces', () => {
    const error = badUserInput('idNumber', 'check character should be X');
    const formatted = { ...error.toJSON(), extensions: { ...error.extensions, stacktrace: ['at x'] } };
    expect(maskError(formatted, error)).toEqual({
      message: 'Argument "idNumber" is invalid: check character should be X',
      extensions: { code: 'BAD_USER_INPUT', argument: 'idNumber', reason: 'check character should be X' },
    });
  });

  it('hides unexpected errors, their SQL and stack, behind INTERNAL_SERVER_ERROR with the request id', () => {
    const cause = new Error('relation "person" does not exist: SELECT * FROM person');
    const masked: unknown[] = [];
    const result = maskError({ message: cause.message, path: ['person'], extensions: { stacktrace: ['Error: …'] } }, cause, {
      requestId: 'r-1',
      onMasked: (e) => masked.push(e),
    });
    expect(result).toEqual({
      message: 'Internal server error (request r-1)',
      path: ['person'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r-1' },
    });
    expect(masked).toEqual([cause]);
  });

  it('masks unknown codes too', () => {
    const error = new GraphQLError('boom', { extensions: { code: 'P2002' } });
    expect(maskError(error.toJSON(), error).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
