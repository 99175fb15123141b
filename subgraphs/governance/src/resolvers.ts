import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '@civicgraph/errors';
import { issueApiKey, parseRowConstraints } from '@civicgraph/policy';
import { constraintProblems, grantProblems, inferenceProblems, nextScenarioVersion, type GrantableFields } from './rules';
import type { Scenario } from '@civicgraph/prisma/governance';
import type { CatalogItem } from '@civicgraph/schema';
import { DateScalar, DateTimeScalar, isRecordId, loadRequired } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from './context';
import type { GrantInput, Resolvers, RowConstraintsInput } from './generated/graphql';
import { Problems } from './problems';
import { shareRequestResolvers } from './shareRequests';
import { auditResolvers } from './auditLog';
import { currentGrants, maskInferenceProblems, mergeGrants } from './maskInferenceCheck';

const DEPARTMENT_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const SCENARIO_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Without null members, as Prisma wants row constraints stored. */
function constraintsValue(input: RowConstraintsInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

async function requireScenario(ctx: GovernanceContext, code: string): Promise<Scenario> {
  const scenario = await ctx.prisma.scenario.findUnique({ where: { code } });
  if (!scenario) throw notFound(`Scenario "${code}"`);
  return scenario;
}

/** Refuses a change that would take from the caller the very scenario it is acting under. */
function requireNotOwnScenario(ctx: GovernanceContext, code: string, what: string): void {
  if (ctx.caller.scenario === code) throw conflict(`Scenario "${code}" is the one this call is made under: ${what} it from another admin scenario`);
}

/** Refuses a validity for the caller's own scenario that would end its access now (the lock-out guard). */
function requireOwnScenarioStaysValid(ctx: GovernanceContext, code: string, validFrom: Date, validUntil: Date | null, now: Date): void {
  if (ctx.caller.scenario !== code) return;
  if (validFrom > now || (validUntil && validUntil <= now)) {
    throw conflict(`Scenario "${code}" is the one this call is made under: this validity would end its access now; change it from another admin scenario`);
  }
}

export function createResolvers(fields: GrantableFields, catalog: ReadonlyMap<string, CatalogItem>, now: () => Date = () => new Date()): Resolvers {
  const sharing = shareRequestResolvers(catalog, now);
  const checkGrants = (problems: Problems, grants: readonly GrantInput[], argument: string) =>
    problems.addAll(grantProblems(grants, fields, new Date(), argument));

  return {
    DateTime: DateTimeScalar,
    Date: DateScalar,
    ...sharing,
    AuditRequest: auditResolvers.AuditRequest,
    ImpactedOperation: auditResolvers.ImpactedOperation,
    Query: {
      ...sharing.Query,
      ...auditResolvers.Query,
      departments: (_, __, ctx) => ctx.prisma.department.findMany({ orderBy: { code: 'asc' } }),
      department: (_, args, ctx) => ctx.loaders.departmentByCode.load(args.code),
      applications: (_, __, ctx) => ctx.prisma.application.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      application: (_, args, ctx) => (isRecordId(args.id) ? ctx.loaders.applicationById.load(args.id) : null),
      scenarios: (_, args, ctx) => ctx.prisma.scenario.findMany({ where: args.status ? { status: args.status } : {}, orderBy: { code: 'asc' } }),
      scenario: (_, args, ctx) => ctx.loaders.scenarioByCode.load(args.code),
    },
    Mutation: {
      ...sharing.Mutation,
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
        problems.throwIfAny();
        if (!(await ctx.prisma.department.findUnique({ where: { code } }))) throw notFound(`Department "${code}"`);
        return ctx.prisma.department.update({ where: { code }, data: { ...(input.name ? { name: input.name.trim() } : {}) } });
      },
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
      createScenario: async (_, { input }, ctx) => {
        const problems = new Problems();
        if (!SCENARIO_CODE.test(input.code)) problems.add('input.code', 'must be 1–64 lower-case letters, digits and hyphens, e.g. newborn-registration');
        problems.text('input.name', input.name, 128);
        problems.text('input.purpose', input.purpose, 2000);
        problems.text('input.legalBasis', input.legalBasis, 2000);
        if (!(await ctx.prisma.department.findUnique({ where: { code: input.departmentCode } })))
          problems.add('input.departmentCode', `no department "${input.departmentCode}"`);
        const validFrom = input.validFrom ?? new Date();
        if (input.validUntil && input.validUntil <= validFrom) problems.add('input.validUntil', 'must be after validFrom');
        const { constraints, problems: constraintIssues } = constraintProblems(constraintsValue(input.constraints ?? {}), 'input.constraints');
        problems.addAll(constraintIssues);
        checkGrants(problems, input.grants ?? [], 'input.grants');
        if (!problems.list.length) problems.addAll(inferenceProblems(input.grants ?? [], 'input.grants'));
        problems.throwIfAny();
        if (await ctx.prisma.scenario.findUnique({ where: { code: input.code } })) throw conflict(`Scenario "${input.code}" already exists`);
        return ctx.prisma.scenario.create({
          data: {
            code: input.code,
            name: input.name.trim(),
            purpose: input.purpose.trim(),
            legalBasis: input.legalBasis.trim(),
            departmentCode: input.departmentCode,
            validFrom,
            validUntil: input.validUntil ?? null,
            useReasonRequired: input.useReasonRequired,
            constraints,
            grants: { create: (input.grants ?? []).map((g) => ({ coordinate: g.coordinate, mask: g.mask ?? null, expiresAt: g.expiresAt ?? null })) },
          },
        });
      },
      updateScenario: async (_, { code, input }, ctx) => {
        const scenario = await requireScenario(ctx, code);
        const problems = new Problems();
        problems.text('input.name', input.name, 128);
        problems.text('input.purpose', input.purpose, 2000);
        problems.text('input.legalBasis', input.legalBasis, 2000);
        const validFrom = input.validFrom ?? scenario.validFrom;
        const validUntil = input.validUntil === undefined ? scenario.validUntil : input.validUntil;
        if (validUntil && validUntil <= validFrom) problems.add('input.validUntil', 'must be after validFrom');
        else requireOwnScenarioStaysValid(ctx, code, validFrom, validUntil, new Date());
        const constraints = input.constraints ? constraintProblems(constraintsValue(input.constraints), 'input.constraints') : undefined;
        if (constraints) problems.addAll(constraints.problems);
        problems.throwIfAny();
        return ctx.prisma.scenario.update({
          where: { code },
          data: {
            ...(input.name ? { name: input.name.trim() } : {}),
            ...(input.purpose ? { purpose: input.purpose.trim() } : {}),
            ...(input.legalBasis ? { legalBasis: input.legalBasis.trim() } : {}),
            ...(input.useReasonRequired != null ? { useReasonRequired: input.useReasonRequired } : {}),
            ...(constraints ? { constraints: constraints.constraints } : {}),
            validFrom,
            validUntil,
            ...nextScenarioVersion(),
          },
        });
      },
      suspendScenario: async (_, { code }, ctx) => {
        requireNotOwnScenario(ctx, code, 'suspend');
        await requireScenario(ctx, code);
        return ctx.prisma.scenario.update({ where: { code }, data: { status: 'SUSPENDED', ...nextScenarioVersion() } });
      },
      resumeScenario: async (_, { code }, ctx) => {
        await requireScenario(ctx, code);
        return ctx.prisma.scenario.update({ where: { code }, data: { status: 'ACTIVE', ...nextScenarioVersion() } });
      },
      addGrants: async (_, { scenarioCode, grants }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        const problems = new Problems();
        if (!grants.length) problems.add('grants', 'must name at least one grant');
        checkGrants(problems, grants, 'grants');
        problems.throwIfAny();
        problems.addAll(await maskInferenceProblems(ctx, { scenarioCode, grants: mergeGrants(await currentGrants(ctx, scenarioCode), grants) }, 'grants'));
        problems.throwIfAny();
        if (ctx.caller.scenario === scenarioCode) {
          // An expiry or a mask on a grant the caller holds could end its own access: another admin changes those.
          const held = new Set(
            (await ctx.prisma.grant.findMany({ where: { scenarioCode, coordinate: { in: grants.map((g) => g.coordinate) } } })).map((g) => g.coordinate),
          );
          const changed = grants.filter((g) => held.has(g.coordinate) && (g.expiresAt || g.mask)).map((g) => g.coordinate);
          if (changed.length) requireNotOwnScenario(ctx, scenarioCode, `set an expiry or mask on ${changed.join(', ')} in`);
        }
        const results = await ctx.prisma.$transaction([
          ...grants.map((g) =>
            ctx.prisma.grant.upsert({
              where: { scenarioCode_coordinate: { scenarioCode, coordinate: g.coordinate } },
              create: { scenarioCode, coordinate: g.coordinate, mask: g.mask ?? null, expiresAt: g.expiresAt ?? null },
              update: { mask: g.mask ?? null, expiresAt: g.expiresAt ?? null },
            }),
          ),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return results.at(-1) as Scenario;
      },
      removeGrants: async (_, { scenarioCode, coordinates }, ctx) => {
        requireNotOwnScenario(ctx, scenarioCode, 'remove grants from');
        await requireScenario(ctx, scenarioCode);
        const held = new Set((await ctx.prisma.grant.findMany({ where: { scenarioCode, coordinate: { in: coordinates } } })).map((g) => g.coordinate));
        const problems = new Problems();
        if (!coordinates.length) problems.add('coordinates', 'must name at least one coordinate');
        coordinates.forEach((c, i) => {
          if (!held.has(c)) problems.add(`coordinates[${i}]`, `scenario "${scenarioCode}" holds no grant on ${c}`);
        });
        problems.throwIfAny();
        const [, scenario] = await ctx.prisma.$transaction([
          ctx.prisma.grant.deleteMany({ where: { scenarioCode, coordinate: { in: coordinates } } }),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return scenario;
      },
      bindApplication: async (_, { scenarioCode, applicationId }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        if (!isRecordId(applicationId) || !(await ctx.prisma.application.findUnique({ where: { id: applicationId } })))
          throw notFound(`Application "${applicationId}"`);
        const problems = new Problems();
        problems.addAll(await maskInferenceProblems(ctx, { scenarioCode, grants: await currentGrants(ctx, scenarioCode) }, 'applicationId', applicationId));
        problems.throwIfAny();
        const [, scenario] = await ctx.prisma.$transaction([
          ctx.prisma.scenarioApplication.upsert({
            where: { scenarioCode_applicationId: { scenarioCode, applicationId } },
            create: { scenarioCode, applicationId },
            update: {},
          }),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return scenario;
      },
      unbindApplication: async (_, { scenarioCode, applicationId }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        const binding = isRecordId(applicationId)
          ? await ctx.prisma.scenarioApplication.findUnique({ where: { scenarioCode_applicationId: { scenarioCode, applicationId } } })
          : null;
        if (!binding) throw notFound(`A binding of application "${applicationId}" to scenario "${scenarioCode}"`);
        if (applicationId === ctx.caller.app && scenarioCode === ctx.caller.scenario)
          throw conflict('This call is made by that application under that scenario: unbind it from another admin application');
        const [, scenario] = await ctx.prisma.$transaction([
          ctx.prisma.scenarioApplication.delete({ where: { scenarioCode_applicationId: { scenarioCode, applicationId } } }),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return scenario;
      },
    },
    Department: {
      __resolveReference: (ref, ctx) => ctx.loaders.departmentByCode.load(ref.code),
      applications: (d, _, ctx) => ctx.loaders.applicationsOfDepartment.load(d.code),
      scenarios: (d, _, ctx) => ctx.loaders.scenariosOfDepartment.load(d.code),
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
    Scenario: {
      __resolveReference: (ref, ctx) => ctx.loaders.scenarioByCode.load(ref.code),
      department: (s, _, ctx) => loadRequired(ctx.loaders.departmentByCode, s.departmentCode, 'department'),
      constraints: (s) => parseRowConstraints(s.constraints),
      applications: async (s, _, ctx) => {
        const bindings = await ctx.loaders.applicationIdsOfScenario.load(s.code);
        return Promise.all(bindings.map((b) => loadRequired(ctx.loaders.applicationById, b.applicationId, 'application')));
      },
      grants: (s, _, ctx) => ctx.loaders.grantsOfScenario.load(s.code),
    },
    RowConstraints: {
      selfOnly: (c) => c.selfOnly ?? false,
      lookupOnly: (c) => c.lookupOnly ?? false,
      districts: (c) => c.districts ?? null,
      maxRows: (c) => c.maxRows ?? null,
    },
  };
}
