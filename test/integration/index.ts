// extensionTestsPath entry, loaded inside the VS Code extension host (the contract of
// @vscode/test-electron): export run(); a rejection means a non-zero exit. Output is bracketed
// so scripts/run-vscode.mjs prints only the test lines.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20000, reporter: 'spec' });
  const grep = process.env.ZBJ_TEST_GREP;
  if (grep) mocha.grep(grep);
  const skip = process.env.ZBJ_TEST_SKIP; // e.g. "soak" for the second pass through runTests()
  if (skip) mocha.grep(skip).invert();
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  console.log('@@TESTS-BEGIN');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      console.log(`${s?.passes ?? 0} passed, ${s?.failures ?? failures} failed${s?.pending ? `, ${s.pending} skipped` : ''}`);
      console.log('@@TESTS-END');
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
