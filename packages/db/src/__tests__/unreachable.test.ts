import { openDatabase } from '../index';

describe('a PostgreSQL database out of reach', () => {
  it('is reported at start-up, naming the database and where it was looked for (never the password)', async () => {
    const opening = openDatabase({ name: 'population', url: 'postgres://civicgraph:s3cret@127.0.0.1:1/population' });
    await expect(opening).rejects.toThrow(/^the population database at 127\.0\.0\.1:1\/population cannot be reached: /);
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});
