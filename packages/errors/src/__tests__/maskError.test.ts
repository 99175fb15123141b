import { GraphQLError } from 'graphql';
import { badUserInput, internalFault, maskError, relayedError } from '../index';

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

  it("relays an owner's coded error without its stack, and masks an owner's unregistered code", () => {
    const relayed = relayedError('Person.phone is not granted', { code: 'FORBIDDEN', stacktrace: ['at owner'], exception: {} });
    expect(relayed.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(maskError(relayed.toJSON(), relayed)).toEqual({ message: 'Person.phone is not granted', extensions: { code: 'FORBIDDEN' } });
    const odd = relayedError('deadlock detected', { code: 'P2034' });
    expect(maskError(odd.toJSON(), odd, { requestId: 'r-2' })).toEqual({
      message: 'Internal server error (request r-2)',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r-2' },
    });
  });

  it('keeps the message of a fault on our side in the server log only', () => {
    const fault = internalFault('subgraph http://10.0.0.7:4001/graphql answered HTTP 502');
    const logged: unknown[] = [];
    expect(maskError(fault.toJSON(), fault, { requestId: 'r-3', onMasked: (e) => logged.push(e) })).toEqual({
      message: 'Internal server error (request r-3)',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r-3' },
    });
    expect(logged).toEqual([fault]);
  });
});
