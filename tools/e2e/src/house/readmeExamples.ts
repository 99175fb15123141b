import { parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * The README's code blocks, with how each is run. The info string after the language says it, invisible
 * on the rendered page:
 *
 * - ```` ```graphql as=SCENARIO [subject=ID_NUMBER] ````: each operation, in order, under the demo key of
 *   SCENARIO (with that citizen's subject token). A comment `# $name = VALUE` in an operation gives a
 *   variable: JSON, or `field.path` into an earlier answer (`createApplication.id`).
 * - ```` ```sh run ````: the block in bash, from a scratch folder, beside the running city.
 * - ```` ```yaml file=NAME ````: written to the scratch folder first, for the shell blocks that read it.
 * - `expect=JSON`: the last operation's answer holds at least this (`{"verifyLicense":{"valid":true}}`).
 * - `may-be-empty=a,b`: lists in fields named a or b may be empty in its answers (all others must not be).
 * - `norun="why"` on a graphql or sh block that is not an example to run (a deployment, the test command).
 *
 * Other languages (json, text) show answers and are not run.
 */
export interface ReadmeBlock {
  language: string;
  attributes: Record<string, string>;
  text: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, language, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^${indent}\`\`\`\\s*$`).test(lines[j]!); j++) body.push(lines[j]!.slice(indent!.length));
    blocks.push({ language: language!, attributes: attributesOf(rest!), text: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** `as=district-office norun="needs a server"` → { as: 'district-office', norun: 'needs a server' }. */
function attributesOf(info: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of info.matchAll(/([\w-]+)(?:=("(?:[^"\\]|\\.)*"|\S+))?/g)) {
    const [, name, value] = match;
    attributes[name!] = value === undefined ? '' : value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return attributes;
}

export interface ExampleOperation {
  name: string;
  document: string;
  /** Variables from `# $name = …` comments: literal values, or paths into earlier answers. */
  variables: Record<string, { value: unknown } | { path: string }>;
}

/** Each operation of a graphql block with the variables its comments give. */
export function exampleOperations(text: string): ExampleOperation[] {
  const document: DocumentNode = parse(text);
  let previousEnd = 0;
  return document.definitions.map((definition, index) => {
    const end = definition.loc!.end;
    const span = text.slice(previousEnd, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end));
    previousEnd = end;
    const variables: ExampleOperation['variables'] = {};
    for (const [, name, value] of span.matchAll(/#\s*\$(\w+)\s*=\s*(.+?)\s*$/gm)) {
      variables[name!] = /^[A-Za-z_][\w.]*$/.test(value!) ? { path: value! } : { value: JSON.parse(value!) as unknown };
    }
    const operation = definition as OperationDefinitionNode;
    return { name: operation.name?.value ?? `operation ${index + 1}`, document: print(definition), variables };
  });
}

/** The value at `field.path` in a GraphQL answer's data, or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), data);
}

/**
 * Where an answer shows nothing: a root field that is null, or an empty list anywhere but in the fields
 * named as possibly empty (`mayBeEmpty`). An example should show something.
 */
export function emptyPaths(data: Record<string, unknown>, mayBeEmpty: string[] = []): string[] {
  const emptyLists = (value: unknown, path: string): string[] => {
    if (Array.isArray(value)) {
      if (value.length) return value.flatMap((v, i) => emptyLists(v, `${path}[${i}]`));
      return mayBeEmpty.includes(path.slice(path.lastIndexOf('.') + 1)) ? [] : [path];
    }
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => emptyLists(v, `${path}.${k}`));
    return [];
  };
  return Object.entries(data).flatMap(([field, value]) => (value === null ? [field] : emptyLists(value, field)));
}
