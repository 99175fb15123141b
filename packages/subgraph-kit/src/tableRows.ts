import type { Queryable } from '@civicgraph/db';

/** How one column is selected and turned into the value Prisma's client would return for its field. */
export interface Column {
  sql: string;
  read?: (value: unknown) => unknown;
}

/** A column read as the database driver returns it (text, numbers, booleans, uuids as text). */
export const column = (name: string): Column => ({ sql: name });

/**
 * A `@db.Date` or `@db.Timestamptz` column, read as milliseconds since the epoch and returned as a `Date`, as
 * Prisma returns it: a date is midnight UTC whatever the process's time zone (the driver's own parsing of a
 * `date` would make it local midnight).
 */
export const dateColumn = (name: string): Column => ({
  sql: `(extract(epoch from ${name}) * 1000)::float8`,
  read: (value) => (value === null ? null : new Date(value as number)),
});

/** One model's table, read without the ORM: statements on it that return its rows as Prisma's client does. */
export interface TableRows<Row> {
  /**
   * A statement `SELECT <each column AS "field"> FROM <table> <clause>`, run as a prepared statement named
   * `name` (parsed and planned once per connection, where Prisma's client sends an unnamed statement compiled
   * for every call). Made once, at start-up; called per batch with the database and the parameters.
   */
  prepare(name: string, clause: string): (db: Queryable, params: unknown[]) => Promise<Row[]>;
}

/**
 * A Prisma model's table for loaders that read it with plain SQL. `columns` must name every field of the
 * model's type (the compiler holds the list to the Prisma schema) and a test holds the loaders' rows equal
 * to what Prisma's `findMany` returns for the same keys (tools/e2e/src/sharing/loaderRows.test.ts).
 */
export function tableRows<Row>(table: string, columns: { [Field in keyof Row]-?: Column }): TableRows<Row> {
  const fields = Object.entries(columns as Record<string, Column>);
  const select = `SELECT ${fields.map(([field, c]) => `${c.sql} AS "${field}"`).join(', ')} FROM ${table}`;
  const converted = fields.filter(([, c]) => c.read);
  return {
    prepare(name, clause) {
      const sql = `${select} ${clause}`;
      return async (db, params) => {
        const rows = await db.query<Record<string, unknown>>(sql, params, { prepared: name });
        for (const row of rows) for (const [field, c] of converted) row[field] = c.read!(row[field]);
        return rows as Row[];
      };
    },
  };
}
