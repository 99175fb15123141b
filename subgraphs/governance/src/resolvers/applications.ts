import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '@civicgraph/errors';
import { issueApiKey } from '@civicgraph/policy';
import { isRecordId, loadRequired } from '@civicgraph/subgraph-kit';
import { developerScope } from './consoleScope';
import type { Resolvers } from '../generated/graphql';
import { Problems } from '../problems';

/** Applications and their API keys (a key's secret is shown once, at issue). */
export const applicationResolvers: Resolvers = {
  Query: {
    applications: async (_, __, ctx) => {
      const scope = await developerScope(ctx);
      return ctx.prisma.application.findMany({ where: scope ? { id: { in: [...scope.applications] } } : {}, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
    },
    application: async (_, args, ctx) => {
      const scope = await developerScope(ctx);
      if (!isRecordId(args.id) || (scope && !scope.applications.has(args.id))) return null;
      return ctx.loaders.applicationById.load(args.id);
    },
  },
  Mutation: {
    createApplication: async (_, { input }, ctx) => {
      const problems = new Problems();
      problems.text('input.name', input.name, 128);
      if (!(await ctx.prisma.department.findUnique({ where: { code: input.departmentCode } })))
        problems.add('input.departmentCode', `no department "${input.departmentCode}"`);
      problems.throwIfAny();
      return ctx.prisma.application.create({ data: { id: randomUUID(), name: input.name.trim(), departmentCode: input.departmentCode } });
    },
    updateApplication: async (_, { id, input }, ctx) => {
      const problems = new Problems();
      problems.text('input.name', input.name, 128);
      if (input.departmentCode && !(await ctx.prisma.department.findUnique({ where: { code: input.departmentCode } }))) {
        problems.add('input.departmentCode', `no department "${input.departmentCode}"`);
      }
      problems.throwIfAny();
      if (!isRecordId(id) || !(await ctx.prisma.application.findUnique({ where: { id } }))) throw notFound(`Application "${id}"`);
      return ctx.prisma.application.update({
        where: { id },
        data: { ...(input.name ? { name: input.name.trim() } : {}), ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}) },
      });
    },
    issueApiKey: async (_, { applicationId }, ctx) => {
      if (!isRecordId(applicationId) || !(await ctx.prisma.application.findUnique({ where: { id: applicationId } })))
        throw notFound(`Application "${applicationId}"`);
      const key = issueApiKey();
      const apiKey = await ctx.prisma.apiKey.create({ data: { id: randomUUID(), applicationId, prefix: key.prefix, hash: key.hash } });
      return { apiKey, secret: key.secret };
    },
    revokeApiKey: async (_, { id }, ctx) => {
      const key = isRecordId(id) ? await ctx.prisma.apiKey.findUnique({ where: { id } }) : null;
      if (!key) throw notFound(`API key "${id}"`);
      if (key.revokedAt) throw conflict(`API key ${key.prefix}… was already revoked at ${key.revokedAt.toISOString()}`);
      if (key.id === ctx.caller.apiKey) throw conflict(`API key ${key.prefix}… is the one this call is made with: revoke it with another admin key`);
      return ctx.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    },
  },
  Application: {
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.applicationById.load(ref.id) : null),
    department: (a, _, ctx) => loadRequired(ctx.loaders.departmentByCode, a.departmentCode, 'department'),
    apiKeys: (a, _, ctx) => ctx.loaders.keysOfApplication.load(a.id),
    scenarios: async (a, _, ctx) => {
      const bindings = await ctx.loaders.scenarioCodesOfApplication.load(a.id);
      return Promise.all(bindings.map((b) => loadRequired(ctx.loaders.scenarioByCode, b.scenarioCode, 'scenario')));
    },
  },
};
