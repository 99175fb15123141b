import type { ScenarioRevision } from '@civicgraph/prisma/governance';
import { scenarioHistory } from '../rules';

const revision = (version: number, over: Partial<ScenarioRevision>): ScenarioRevision => ({
  scenarioCode: 'newborn-registration',
  version,
  at: new Date(`2026-12-0${version}T08:00:00Z`),
  name: '新生儿出生登记',
  status: 'ACTIVE',
  validFrom: new Date('2026-12-01T00:00:00Z'),
  validUntil: null,
  useReasonRequired: true,
  constraints: {},
  grants: [],
  applicationIds: [],
  ...over,
});

describe('scenario history', () => {
  it('says what each version added, removed and altered, newest first', () => {
    const history = scenarioHistory([
      revision(2, {
        grants: [
          { coordinate: 'Person.idNumber', mask: 'ID_NUMBER', expiresAt: null },
          { coordinate: 'Person.phone', mask: null, expiresAt: '2027-01-01T00:00:00.000Z' },
        ],
        applicationIds: ['a', 'b'],
        status: 'SUSPENDED',
      }),
      revision(1, {
        grants: [
          { coordinate: 'Person.idNumber', mask: null, expiresAt: null },
          { coordinate: 'Person.name', mask: null, expiresAt: null },
        ],
        applicationIds: ['a'],
      }),
    ]);
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    expect(history[0]).toMatchObject({
      grantsAdded: [{ coordinate: 'Person.phone', mask: null, expiresAt: '2027-01-01T00:00:00.000Z' }],
      grantsRemoved: ['Person.name'],
      grantsChanged: [{ coordinate: 'Person.idNumber', mask: 'ID_NUMBER', expiresAt: null }],
      applicationsBound: ['b'],
      applicationsUnbound: [],
      otherChanges: ['status: ACTIVE → SUSPENDED'],
    });
    // The first version is everything the scenario started with.
    expect(history[1]).toMatchObject({
      grantsAdded: [{ coordinate: 'Person.idNumber' }, { coordinate: 'Person.name' }],
      applicationsBound: ['a'],
      otherChanges: [],
    });
  });
});
