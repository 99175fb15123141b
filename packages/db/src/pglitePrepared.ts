import { parse, protocol, type PGlite } from '@electric-sql/pglite';

/** Values a prepared statement on PGlite takes: sent in PostgreSQL's text format. */
function toText(value: unknown, index: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value, index);
  throw new TypeError(`parameter $${index + 1} of a prepared statement must be a string, number, boolean, Date, an array of them, or null`);
}

/** A one-dimensional array in PostgreSQL's text format: `{"a","b",NULL}`, each element quoted and escaped. */
function arrayLiteral(values: readonly unknown[], index: number): string {
  const elements = values.map((value) => {
    if (Array.isArray(value)) throw new TypeError(`parameter $${index + 1}: nested arrays are not supported`);
    const text = toText(value, index);
    return text === null ? 'NULL' : `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `{${elements.join(',')}}`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Runs a statement kept parsed and planned under `name` in PGlite's one session. PGlite's own `query` sends
 * an unnamed statement, parsed and planned on every call: for the audit's append, run for every group
 * commit, that was about half its CPU.
 *
 * The protocol messages go through `execProtocol` under both of PGlite's locks, exactly as `query` takes
 * them, so nothing runs between them and nothing runs inside another caller's open transaction.
 * `prepared` remembers, per database, the names this session has parsed (and with which text).
 */
export async function queryPrepared<Row>(client: PGlite, prepared: Map<string, string>, name: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
  const values = params.map(toText);
  return client._runExclusiveTransaction(() =>
    client.runExclusive(async () => {
      const known = prepared.get(name);
      if (known !== undefined && known !== sql) throw new Error(`prepared statement ${name} already holds another statement`);
      const { serialize } = protocol;
      const messages = [serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()];
      if (known === undefined) messages.unshift(serialize.parse({ name, text: sql }));
      const result = await client.execProtocol(concat(messages), { throwOnError: false });
      // Parsed even when the bind or execution then failed: not to be parsed again under the same name.
      if (result.messages.some((message) => message.name === 'parseComplete')) prepared.set(name, sql);
      const failure = result.messages.find((message) => message instanceof protocol.messages.DatabaseError);
      if (failure) throw failure;
      // Read as PGlite's own `query` reads its results, with the client's parsers.
      return (parse.parseResults(result.messages, client.parsers)[0]?.rows ?? []) as Row[];
    }),
  );
}
