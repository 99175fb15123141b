import { conflict, notFound } from '@civicgraph/errors';
import { parseRowConstraints } from '@civicgraph/policy';
import { isRecordId, loadRequired } from '@civicgraph/subgraph-kit';
import type { Application as ApplicationModel, Grant as GrantModel } from '@civicgraph/prisma/governance';
import type { GovernanceContext } from '../context';
import type { GrantInput, Resolvers, RowConstraintsInput } from '../generated/graphql';
import { currentGrants, maskInferenceProblems } from '../maskInferenceCheck';
import { Problems } from '../problems';
import { constraintProblems, grantProblems, inferenceProblems, nextScenarioVersion, scenarioHistory, type GrantableFields } from '../rules';
import { developerScope } from './consoleScope';
import { checkLimits, limitsValue } from './limitInputs';
import { requireNotOpenScenario, requireNotOwnScenario, requireOwnScenarioStaysValid, requireScenario } from './scenarioGuards';

/** A grant as a revision recorded it, in the shape the Grant type resolves. */
const asGrant = (g: { coordinate: string; mask: string | null; expiresAt: string | null }) =>
  ({ coordinate: g.coordinate, mask: g.mask, expiresAt: g.expiresAt ? new Date(g.expiresAt) : null }) as GrantModel;

async function loadApplications(ctx: GovernanceContext, ids: readonly string[]) {
  const found = await ctx.loaders.applicationById.loadMany(ids);
  return found.filter((a): a is ApplicationModel => !!a && !(a instanceof Error));
}

const SCENARIO_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Without null members, as Prisma wants row constraints stored. */
function constraintsValue(input: RowConstraintsInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

/** Scenarios: their definition, validity, status and the applications bound to them (grants: grants.ts). */
export function scenarioResolvers(fields: GrantableFields): Resolvers {
  const checkGrants = (problems: Problems, grants: readonly GrantInput[], argument: string) =>
    problems.addAll(grantProblems(grants, fields, new Date(), argument));
  return {
    Query: {
      scenarios: async (_, args, ctx) => {
        const scope = await developerScope(ctx);
        return ctx.prisma.scenario.findMany({
          where: { ...(args.status ? { status: args.status } : {}), ...(scope ? { code: { in: [...scope.scenarios] } } : {}) },
          orderBy: { code: 'asc' },
        });
      },
      scenario: async (_, args, ctx) => {
        const scope = await developerScope(ctx);
        return scope && !scope.scenarios.has(args.code) ? null : ctx.loaders.scenarioByCode.load(args.code);
      },
    },
    Mutation: {
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
        checkLimits(problems, input);
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
            ...limitsValue(input),
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
        checkLimits(problems, input);
        if (input.constraints) requireNotOpenScenario(code, 'constraining its rows');
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
            ...(input.registeredOperationsOnly != null ? { registeredOperationsOnly: input.registeredOperationsOnly } : {}),
            ...limitsValue(input),
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
      bindApplication: async (_, { scenarioCode, applicationId }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        requireNotOpenScenario(scenarioCode, 'binding an application');
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
    Scenario: {
      __resolveReference: (ref, ctx) => ctx.loaders.scenarioByCode.load(ref.code),
      department: (s, _, ctx) => loadRequired(ctx.loaders.departmentByCode, s.departmentCode, 'department'),
      constraints: (s) => parseRowConstraints(s.constraints),
      applications: async (s, _, ctx) => {
        const bindings = await ctx.loaders.applicationIdsOfScenario.load(s.code);
        return Promise.all(bindings.map((b) => loadRequired(ctx.loaders.applicationById, b.applicationId, 'application')));
      },
      grants: (s, _, ctx) => ctx.loaders.grantsOfScenario.load(s.code),
      revisions: async (s, _, ctx) => scenarioHistory(await ctx.prisma.scenarioRevision.findMany({ where: { scenarioCode: s.code } })),
    },
    ScenarioRevision: {
      grantsAdded: (r) => r.grantsAdded.map(asGrant),
      grantsChanged: (r) => r.grantsChanged.map(asGrant),
      applicationsBound: (r, _, ctx) => loadApplications(ctx, r.applicationsBound),
      applicationsUnbound: (r, _, ctx) => loadApplications(ctx, r.applicationsUnbound),
    },
    RowConstraints: {
      selfOnly: (c) => c.selfOnly ?? false,
      lookupOnly: (c) => c.lookupOnly ?? false,
      districts: (c) => c.districts ?? null,
      maxRows: (c) => c.maxRows ?? null,
    },
  };
}
