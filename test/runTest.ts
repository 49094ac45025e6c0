// The standard @vscode/test-electron entry point. Where a desktop VS Code can be downloaded or
// is installed, leave VSCODE_EXECUTABLE_PATH unset (or point it at `code`); on machines that
// reach only npm and Debian, `npm run test:electron-api` points it at scripts/code-shim.mjs,
// which runs the same suite in code-server's extension host.
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  try {
    const root = path.resolve(__dirname, '../../');
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.resolve(__dirname, './integration/index'),
      launchArgs: [path.resolve(root, 'test/fixtures/workspace'), '--disable-extensions'],
    });
  } catch (err) {
    console.error('Failed to run tests', err);
    process.exit(1);
  }
}
void main();
