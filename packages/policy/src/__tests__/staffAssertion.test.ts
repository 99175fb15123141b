import { consoleApplicationId, createStaffAssertions, StaffAssertionError } from '../staffAssertion';

describe("the console's word on the person behind a request", () => {
  it('round-trips the person, role and department under the shared secret only', async () => {
    const assertions = createStaffAssertions();
    const token = await assertions.sign({ person: 'wang.fang', role: 'REVIEWER', department: 'SH-PSB' });
    await expect(assertions.verify(token)).resolves.toEqual({ person: 'wang.fang', role: 'REVIEWER', department: 'SH-PSB' });
    // Another process's console (another secret) cannot speak for this one's people.
    await expect(createStaffAssertions().verify(token)).rejects.toThrow(StaffAssertionError);
    await expect(assertions.verify(`${token.slice(0, -2)}xx`)).rejects.toThrow('The staff assertion is not valid');
  });

  it('names each console application the same way everywhere, one per role and department', () => {
    const id = consoleApplicationId('REVIEWER', 'SH-PSB');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(consoleApplicationId('REVIEWER', 'SH-PSB')).toBe(id);
    expect(new Set([id, consoleApplicationId('REVIEWER', 'SH-AMR'), consoleApplicationId('STEWARD', 'SH-PSB')]).size).toBe(3);
  });
});
