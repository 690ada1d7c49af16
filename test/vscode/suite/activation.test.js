// Extension-host checks: activation on the example stack, contributed commands, the exported API.
const assert = require('node:assert/strict');
const vscode = require('vscode');

describe('Stackpilot in the extension host', () => {
  let api;
  before(async () => {
    const ext = vscode.extensions.getExtension('stackpilot.stackpilot');
    assert.ok(ext, 'extension stackpilot.stackpilot is installed');
    api = await ext.activate();
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['stackpilot.stack.start', 'stackpilot.stack.stop', 'stackpilot.config.validate']) assert.ok(all.includes(id), id);
  });

  it('loads the example stack', async () => {
    await new Promise((r) => setTimeout(r, 500));
    const snap = api.snapshot();
    assert.equal(snap.config && snap.config.name, 'example-shop');
  });
});
