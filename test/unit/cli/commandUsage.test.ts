import * as assert from 'node:assert/strict';
import { commandUsage, wantsHelp } from '../../../src/cli/commandUsage';

describe('CLI per-command help', () => {
  it('--help / -h anywhere before `--` asks for help; after `--` it is an argument', () => {
    assert.equal(wantsHelp(['--help']), true);
    assert.equal(wantsHelp(['api', '--wait', '-h']), true);
    assert.equal(wantsHelp(['api', '--', '--help']), false);
    assert.equal(wantsHelp(['--helpful']), false);
    assert.equal(wantsHelp([]), false);
  });

  it('every stack command has a usage naming it', () => {
    for (const c of ['validate', 'plan', 'up', 'down', 'status', 'report', 'logs'])
      assert.match(commandUsage[c], new RegExp(`^usage: stackpilot ${c} `));
  });
});
