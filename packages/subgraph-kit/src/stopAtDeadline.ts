import { defaultFieldResolver, GraphQLError, type GraphQLSchema } from 'graphql';

/**
 * Makes each root field (`_entities` included: every fetch the gateway sends starts at one) refuse to start
 * once the request's deadline has passed — the gateway has answered TIMEOUT by then and reads nothing more —
 * so a slow owner sheds the work of requests already given up on instead of queueing behind them.
 */
export function stopAtDeadline(schema: GraphQLSchema, owner: string): void {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx: { deadline?: number }, info) => {
        if (ctx.deadline !== undefined && Date.now() >= ctx.deadline) {
          return new GraphQLError(`${owner}: the request's deadline passed`, { extensions: { code: 'TIMEOUT', owner } });
        }
        return resolve(parent, args, ctx, info);
      };
    }
  }
}
