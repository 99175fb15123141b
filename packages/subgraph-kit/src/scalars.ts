import { GraphQLScalarType, Kind } from 'graphql';
import { invalidValue } from '@civicgraph/errors';
import { isCalendarDate } from '@civicgraph/identifiers';

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDate(value.replace(/-/g, ''))) {
    throw invalidValue(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return new Date(`${value}T00:00:00.000Z`);
}

/** `YYYY-MM-DD`. Database dates arrive as UTC midnights. */
export const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  description: 'A calendar date, `YYYY-MM-DD`.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time, ISO 8601.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => new Date(String(value)),
});

/** Decimal amounts as strings so no precision is lost (Prisma's Decimal or a numeric string). */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'A decimal amount as a string, e.g. `1000000.00`.',
  serialize: (value) => (typeof value === 'object' && value && 'toFixed' in value ? (value as { toFixed(d: number): string }).toFixed(2) : String(value)),
  parseValue: (value) => String(value),
});
