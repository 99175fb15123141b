import { findWorkday, getWorkdaysInRange } from 'chinese-days';

/**
 * Deadlines in official working days: the State Council's holiday calendar with its make-up working
 * weekends (调休), from the maintained `chinese-days` package. Dates are taken in Asia/Shanghai, where the
 * departments work.
 */
const SHANGHAI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in Shanghai. */
export function shanghaiDate(at: Date): string {
  return SHANGHAI.format(at);
}

/** A share request must be answered within this many working days. */
export const ANSWER_WORKING_DAYS = 10;

/** The last day an answer is on time: the 10th working day after the day of submission. */
export function answerDueOn(submittedAt: Date): string {
  return findWorkday(ANSWER_WORKING_DAYS, shanghaiDate(submittedAt));
}

/** A quality issue must be fixed within this many working days of being opened. */
export const QUALITY_FIX_WORKING_DAYS = 10;

/** The last day a quality issue opened at `openedAt` is fixed on time. */
export function qualityFixDueOn(openedAt: Date): string {
  return findWorkday(QUALITY_FIX_WORKING_DAYS, shanghaiDate(openedAt));
}

/** An objection to a record's value must be answered within this many working days. */
export const OBJECTION_ANSWER_WORKING_DAYS = 10;

/** The last day an objection raised at `raisedAt` is answered on time. */
export function objectionDueOn(raisedAt: Date): string {
  return findWorkday(OBJECTION_ANSWER_WORKING_DAYS, shanghaiDate(raisedAt));
}

/** Whether a deadline (a date kept as midnight UTC) has passed on `today` (YYYY-MM-DD, Shanghai). */
export function isPastDue(dueOn: Date, today: string): boolean {
  return dueOn.toISOString().slice(0, 10) < today;
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Working days after the day of submission up to and including the day of the decision. */
export function workingDaysBetween(submittedAt: Date, decidedAt: Date): number {
  const from = shanghaiDate(submittedAt);
  const to = shanghaiDate(decidedAt);
  return to <= from ? 0 : getWorkdaysInRange(nextDay(from), to).length;
}
