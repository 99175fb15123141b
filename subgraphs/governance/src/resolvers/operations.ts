import { createHash } from 'node:crypto';
import { conflict, type InputProblem } from '@civicgraph/errors';
import { reachableCoordinates } from '@civicgraph/policy';
import type { Prisma } from '@civicgraph/prisma/governance';
import { GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Resolvers } from '../generated/graphql';
import { currentGrants } from '../maskInferenceCheck';
import { Problems } from '../problems';
import { nextScenarioVersion } from '../rules';
import { requireScenario } from './scenarioGuards';

/** A registered document is a client's operation, not a payload: larger ones are refused. */
const MAX_DOCUMENT_LENGTH = 100_000;
const DOCUMENT_ID = /^[0-9a-f]{64}$/;

/** The id clients send for a document: SHA-256 of its exact text, hex (Apollo's persisted-query hash). */
export function documentId(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

export interface CheckedOperation {
  id: string;
  name: string | null;
  document: string;
  coordinates: string[];
}

/**
 * One document as a scenario's operation: valid GraphQL against the API, exactly one operation, every
 * field it can reach granted to the scenario now; else the problems, at `argument`.
 */
function checkOperation(api: GraphQLSchema, text: string, granted: ReadonlySet<string>, argument: string, problems: Problems): CheckedOperation | null {
  if (!text.trim()) return (problems.add(argument, 'is empty'), null);
  if (text.length > MAX_DOCUMENT_LENGTH) return (problems.add(argument, `is longer than ${MAX_DOCUMENT_LENGTH} characters`), null);
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: 5_000 });
  } catch (error) {
    return (problems.add(argument, `is not valid GraphQL: ${(error as GraphQLError).message}`), null);
  }
  const invalid = validate(api, document);
  if (invalid.length) return (problems.add(argument, `is not valid against the API: ${invalid.map((e) => e.message).join('; ')}`), null);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return (problems.add(argument, `must hold exactly one operation, holds ${operations.length}`), null);
  const reach = reachableCoordinates(api, document);
  const missing = reach.coordinates.filter((c) => !granted.has(c));
  if (missing.length) return (problems.add(argument, `reaches fields the scenario is not granted: ${missing.join(', ')}`), null);
  return { id: documentId(text), name: operations[0]!.name?.value ?? null, document: text, coordinates: [...reach.coordinates].sort() };
}

/** Documents checked as a scenario's operations (see checkOperation), each id once, and the problems found, at `documents[i]`. */
export function checkOperations(
  api: GraphQLSchema,
  documents: readonly string[],
  granted: ReadonlySet<string>,
): { operations: CheckedOperation[]; problems: InputProblem[] } {
  const problems = new Problems();
  const checked = documents.map((text, i) => checkOperation(api, text, granted, `documents[${i}]`, problems));
  return { operations: [...new Map(checked.filter((o) => o !== null).map((o) => [o.id, o])).values()], problems: problems.list };
}

/** Registered operations (persisted documents) per scenario: what its applications may send by id. */
export function operationResolvers(api: GraphQLSchema): Resolvers {
  return {
    Mutation: {
      registerOperations: async (_, { scenarioCode, documents }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        const problems = new Problems();
        if (!documents.length) problems.add('documents', 'must hold at least one document');
        const granted = new Set((await currentGrants(ctx, scenarioCode)).map((g) => g.coordinate));
        const { operations: checked, problems: found } = checkOperations(api, documents, granted);
        problems.addAll(found);
        problems.throwIfAny();
        const rows: Prisma.RegisteredOperationCreateManyInput[] = checked.map((o) => ({ scenarioCode, ...o }));
        await ctx.prisma.$transaction([
          ctx.prisma.registeredOperation.createMany({ data: rows, skipDuplicates: true }),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return ctx.prisma.registeredOperation.findMany({ where: { scenarioCode, id: { in: checked.map((o) => o.id) } }, orderBy: { id: 'asc' } });
      },
      removeOperations: async (_, { scenarioCode, ids }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        const problems = new Problems();
        if (!ids.length) problems.add('ids', 'must name at least one operation');
        const held = new Set(
          (
            await ctx.prisma.registeredOperation.findMany({
              where: { scenarioCode, id: { in: ids.filter((id) => DOCUMENT_ID.test(id)) } },
              select: { id: true },
            })
          ).map((o) => o.id),
        );
        ids.forEach((id, i) => {
          if (!held.has(id)) problems.add(`ids[${i}]`, `scenario "${scenarioCode}" has no registered operation ${id}`);
        });
        problems.throwIfAny();
        const [, scenario] = await ctx.prisma.$transaction([
          ctx.prisma.registeredOperation.deleteMany({ where: { scenarioCode, id: { in: ids } } }),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return scenario;
      },
    },
    Scenario: {
      operations: (s, _, ctx) => ctx.prisma.registeredOperation.findMany({ where: { scenarioCode: s.code }, orderBy: { id: 'asc' } }),
    },
  };
}

/**
 * Refuses removing grants that registered operations of the scenario need (CONFLICT naming them), so an
 * approved client does not start failing unnoticed; `force` removes them anyway.
 */
export async function requireNoOperationNeeds(
  prisma: Prisma.TransactionClient,
  scenarioCode: string,
  coordinates: readonly string[],
  force: boolean,
): Promise<void> {
  if (force) return;
  const needing = await prisma.registeredOperation.findMany({ where: { scenarioCode, coordinates: { hasSome: [...coordinates] } }, orderBy: { id: 'asc' } });
  if (!needing.length) return;
  const named = needing.map((o) => `${o.name ?? 'anonymous'} (${o.id.slice(0, 12)}…: ${o.coordinates.filter((c) => coordinates.includes(c)).join(', ')})`);
  throw conflict(
    `Registered operations of scenario "${scenarioCode}" need these grants: ${named.join('; ')}. Remove the operations first, or pass force: true`,
  );
}
