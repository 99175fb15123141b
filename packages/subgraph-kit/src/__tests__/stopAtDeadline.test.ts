import { buildSchema, graphql } from 'graphql';
import { stopAtDeadline } from '../stopAtDeadline';

describe('stopAtDeadline', () => {
  it('lets a root field start before the deadline and refuses it, without calling its resolver, after', async () => {
    const schema = buildSchema('type Query { answer: Int }');
    let calls = 0;
    schema.getQueryType()!.getFields().answer!.resolve = () => ++calls;
    stopAtDeadline(schema, 'spatial');
    const ask = (deadline: number | undefined) => graphql({ schema, source: '{ answer }', contextValue: { deadline } });
    expect(await ask(undefined)).toEqual({ data: { answer: 1 } });
    expect(await ask(Date.now() + 60_000)).toEqual({ data: { answer: 2 } });
    const late = await ask(Date.now() - 1);
    expect(late.data).toEqual({ answer: null });
    expect(late.errors?.[0]?.extensions).toEqual({ code: 'TIMEOUT', owner: 'spatial' });
    expect(calls).toBe(2);
  });
});
