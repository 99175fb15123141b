import type { ShareRequestItem } from '@civicgraph/prisma/governance';
import { evaluate, isOverdue } from '../rules';

const item = (over: Partial<ShareRequestItem>): ShareRequestItem => ({
  id: 'i',
  requestId: 'r',
  coordinate: 'Person.name',
  ownerCode: 'SH-PSB',
  sharing: 'CONDITIONAL',
  status: 'PENDING',
  reason: null,
  dueOn: new Date('2026-10-15T00:00:00Z'),
  decidedAt: null,
  decidedBy: null,
  decidedByScenario: null,
  decidedBySubject: null,
  decidedByPerson: null,
  decidedInRequest: null,
  answerWorkingDays: null,
  late: false,
  grantExpiresAt: null,
  ...over,
});

describe('department evaluation', () => {
  it('calls a pending item overdue the day after its due date, never a decided one', () => {
    expect(isOverdue(item({}), '2026-10-15')).toBe(false);
    expect(isOverdue(item({}), '2026-10-16')).toBe(true);
    expect(isOverdue(item({ status: 'APPROVED' }), '2026-10-16')).toBe(false);
  });

  it('counts per owner, averaging answer times over reviewed items only', () => {
    const items = [
      item({ status: 'APPROVED', decidedBy: 'a', answerWorkingDays: 4 }),
      item({ status: 'REFUSED', decidedBy: 'a', answerWorkingDays: 12, late: true, reason: 'no' }),
      item({ status: 'APPROVED', sharing: 'UNCONDITIONAL', answerWorkingDays: 0, dueOn: null }),
      item({}),
      item({ ownerCode: 'SH-AMR' }),
    ];
    expect(evaluate(['SH-PSB', 'SH-AMR', 'SH-PNR'], new Map([['SH-PSB', 40]]), items, '2026-10-20')).toEqual([
      {
        departmentCode: 'SH-PSB',
        itemsOwned: 40,
        itemsRequested: 4,
        approved: 2,
        refused: 1,
        pending: 1,
        overdue: 1,
        averageAnswerWorkingDays: 8,
        maxAnswerWorkingDays: 12,
        late: 1,
      },
      {
        departmentCode: 'SH-AMR',
        itemsOwned: 0,
        itemsRequested: 1,
        approved: 0,
        refused: 0,
        pending: 1,
        overdue: 1,
        averageAnswerWorkingDays: null,
        maxAnswerWorkingDays: null,
        late: 0,
      },
      {
        departmentCode: 'SH-PNR',
        itemsOwned: 0,
        itemsRequested: 0,
        approved: 0,
        refused: 0,
        pending: 0,
        overdue: 0,
        averageAnswerWorkingDays: null,
        maxAnswerWorkingDays: null,
        late: 0,
      },
    ]);
  });
});
