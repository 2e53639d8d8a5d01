/**
 * Prints the run's closing line in the plain form CI reads:
 * `tests: N passed, N failed, N skipped`.
 */
import type { Reporter, TestModule } from "vitest/node"

const countTests = (testModules: ReadonlyArray<TestModule>) => {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const testModule of testModules) {
    for (const testCase of testModule.children.allTests()) {
      const state = testCase.result().state
      if (state === "passed") counts.passed += 1
      else if (state === "failed") counts.failed += 1
      else counts.skipped += 1
    }
    // A file that fails to load has no tests but must still fail the run.
    if (testModule.state() === "failed" && testModule.children.size === 0) counts.failed += 1
  }
  return counts
}

export default class CountsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const { passed, failed, skipped } = countTests(testModules)
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
