import { conflict, notFound } from '@civicgraph/errors';
import type { Resolvers } from '../generated/graphql';
import { Problems } from '../problems';
import { checkLimits, limitsValue } from './limitInputs';

const DEPARTMENT_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

/** Departments: the owners of data and of applications. */
export const departmentResolvers: Resolvers = {
  Query: {
    departments: (_, __, ctx) => ctx.prisma.department.findMany({ orderBy: { code: 'asc' } }),
    department: (_, args, ctx) => ctx.loaders.departmentByCode.load(args.code),
  },
  Mutation: {
    createDepartment: async (_, { input }, ctx) => {
      const problems = new Problems();
      if (!DEPARTMENT_CODE.test(input.code)) problems.add('input.code', 'must be 2–32 capital letters, digits and hyphens, e.g. SH-PSB');
      problems.text('input.name', input.name, 128);
      problems.throwIfAny();
      if (await ctx.prisma.department.findUnique({ where: { code: input.code } })) throw conflict(`Department "${input.code}" already exists`);
      return ctx.prisma.department.create({ data: { code: input.code, name: input.name.trim() } });
    },
    updateDepartment: async (_, { code, input }, ctx) => {
      const problems = new Problems();
      problems.text('input.name', input.name, 128);
      checkLimits(problems, input);
      problems.throwIfAny();
      if (!(await ctx.prisma.department.findUnique({ where: { code } }))) throw notFound(`Department "${code}"`);
      return ctx.prisma.department.update({ where: { code }, data: { ...(input.name ? { name: input.name.trim() } : {}), ...limitsValue(input) } });
    },
  },
  Department: {
    __resolveReference: (ref, ctx) => ctx.loaders.departmentByCode.load(ref.code),
    applications: (d, _, ctx) => ctx.loaders.applicationsOfDepartment.load(d.code),
    scenarios: (d, _, ctx) => ctx.loaders.scenariosOfDepartment.load(d.code),
  },
};
