// `npm run test:vscode`: the extension-host suite in a downloaded VS Code, through @vscode/test-electron.
// For developers whose machines can download VS Code. CI cannot (no internet): it runs the same
// checks end to end in code-server instead (test/e2e, `npm run test:e2e`).
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '../..');
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [path.join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (err) {
    console.error(`test:vscode failed: ${err instanceof Error ? err.message : err}`);
    console.error('This suite downloads VS Code; without internet use `npm run test:e2e` (code-server) instead.');
    process.exit(1);
  }
}

void main();
