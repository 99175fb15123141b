import { isPastDue } from './workingDays';
import type { ShareRequestItem } from '@civicgraph/prisma/governance';

/** One department's row of the evaluation, before its department is resolved. */
export interface DepartmentEvaluationRow {
  departmentCode: string;
  itemsOwned: number;
  itemsRequested: number;
  approved: number;
  refused: number;
  pending: number;
  overdue: number;
  averageAnswerWorkingDays: number | null;
  maxAnswerWorkingDays: number | null;
  late: number;
}

/** The mean of answer times in working days, to one decimal; null before the first answer. */
export function meanWorkingDays(days: readonly number[]): number | null {
  return days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null;
}

/** Whether a pending item is past its due date on `today` (YYYY-MM-DD, Shanghai). */
export function isOverdue(item: Pick<ShareRequestItem, 'status' | 'dueOn'>, today: string): boolean {
  return item.status === 'PENDING' && !!item.dueOn && isPastDue(item.dueOn, today);
}

/**
 * The numbers the supervisors watch, per department, from the items it owns. Answer times count only
 * items a reviewer decided (automatic decisions take no time and would flatter the average).
 */
export function evaluate(departmentCodes: string[], itemsOwned: Map<string, number>, items: ShareRequestItem[], today: string): DepartmentEvaluationRow[] {
  return departmentCodes.map((departmentCode) => {
    const owned = items.filter((i) => i.ownerCode === departmentCode);
    const reviewed = owned.filter((i) => i.decidedBy !== null && i.answerWorkingDays !== null);
    const days = reviewed.map((i) => i.answerWorkingDays!);
    return {
      departmentCode,
      itemsOwned: itemsOwned.get(departmentCode) ?? 0,
      itemsRequested: owned.length,
      approved: owned.filter((i) => i.status === 'APPROVED').length,
      refused: owned.filter((i) => i.status === 'REFUSED').length,
      pending: owned.filter((i) => i.status === 'PENDING').length,
      overdue: owned.filter((i) => isOverdue(i, today)).length,
      averageAnswerWorkingDays: meanWorkingDays(days),
      maxAnswerWorkingDays: days.length ? Math.max(...days) : null,
      late: reviewed.filter((i) => i.late).length,
    };
  });
}
