import { answerDueOn, shanghaiDate, workingDaysBetween } from '../rules/workingDays';

describe('working days', () => {
  it('dates instants in Shanghai', () => {
    expect(shanghaiDate(new Date('2026-09-30T17:00:00Z'))).toBe('2026-10-01');
  });

  it('gives the 10th working day after submission, across the National Day holiday and its make-up Saturdays', () => {
    // DOMAIN.md: findWorkday(10, "2025-09-26") is 2025-10-16 (1–8 Oct off, Sun 28 Sep and Sat 11 Oct worked).
    expect(answerDueOn(new Date('2025-09-26T02:00:00Z'))).toBe('2025-10-16');
    // 2026: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked.
    expect(answerDueOn(new Date('2026-09-25T02:00:00Z'))).toBe('2026-10-15');
    // An ordinary fortnight.
    expect(answerDueOn(new Date('2026-11-27T02:00:00Z'))).toBe('2026-12-11');
  });

  it('counts the working days an answer took', () => {
    expect(workingDaysBetween(new Date('2025-09-26T02:00:00Z'), new Date('2025-10-16T08:00:00Z'))).toBe(10);
    expect(workingDaysBetween(new Date('2025-09-26T02:00:00Z'), new Date('2025-10-17T08:00:00Z'))).toBe(11);
    expect(workingDaysBetween(new Date('2026-11-27T02:00:00Z'), new Date('2026-11-27T09:00:00Z'))).toBe(0);
  });
});
