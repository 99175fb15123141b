import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentsIn } from '../commands/operationsRegister';

describe('the documents operations register reads', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-operations-'));
  const write = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  };
  const PROFILE = 'query Profile($id: ID!) { person(id: $id) { name } }';
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it("reads a persisted-documents manifest, checking each id against its document's SHA-256", () => {
    expect(documentsIn(write('ok.json', JSON.stringify({ [sha256(PROFILE)]: PROFILE })))).toEqual([PROFILE]);
    expect(() => documentsIn(write('wrong.json', JSON.stringify({ ['0'.repeat(64)]: PROFILE })))).toThrow(
      `is not the SHA-256 of its document (${sha256(PROFILE)})`,
    );
    expect(() => documentsIn(write('list.json', JSON.stringify([PROFILE])))).toThrow('is not a persisted-documents manifest');
  });

  it('reads a .graphql file as one document', () => {
    expect(documentsIn(write('profile.graphql', PROFILE))).toEqual([PROFILE]);
  });
});
