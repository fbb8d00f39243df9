// Writes jest's own counts to $COXSWAIN_TEST_SUMMARY (used by .ci/run for its closing line).
// A suite that fails to load counts as a failure even though none of its tests ran.
import { writeFileSync } from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.COXSWAIN_TEST_SUMMARY;
    if (!file) return;
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    writeFileSync(file, JSON.stringify(summary));
  }
}
