import { eventually, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

describe('quality runs', () => {
  let city: TestCivicGraph;
  let adminKey: string;
  const admin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${adminKey}` });
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };

  beforeAll(async () => {
    city = await startTestCivicGraph();
    ({ apiKey: adminKey } = await issueAdminKey(new GovernanceClient({ adapter: city.dbs.governance.adapter }), 'Test administrator'));
  });
  afterAll(() => city?.stop());

  test('a clean city passes every rule', async () => {
    const { requestQualityRun: run } = data(await admin('mutation { requestQualityRun { id status } }'));
    let finished: any;
    await eventually(30_000, async () => {
      ({ qualityRun: finished } = data(
        await admin('query($id: ID!) { qualityRun(id: $id) { status failure results { ruleCode checked failed } } }', { id: run.id }),
      ));
      return finished.status !== 'REQUESTED' && finished.status !== 'RUNNING';
    });
    console.log(JSON.stringify(finished, null, 1));
    expect(finished.status).toBe('SUCCEEDED');
  });
});
