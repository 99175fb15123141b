// Prints one plain line per test run, "jest: N passed, N failed[, N skipped]", that CI logs can be read by.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const parts = [`${results.numPassedTests} passed`, `${results.numFailedTests} failed`];
    if (skipped) parts.push(`${skipped} skipped`);
    process.stdout.write(`jest: ${parts.join(', ')}\n`);
  }
}
module.exports = SummaryReporter;
