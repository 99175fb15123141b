/**
 * Polls `check` every 100 ms until it holds, failing after `ms`: for changes promised to take effect
 * "within N seconds" (grant changes reaching the gateway). Returns how long it took.
 */
export async function eventually(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}
