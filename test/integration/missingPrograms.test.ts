import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { missingPrograms } from '../../src/infra/process/missingPrograms';
import { tempDir } from './testKit';

describe('missingPrograms: a program that is not there is a located warning before any start', () => {
  it('a program name holding an escape sequence is quoted with code points, not raw', async () => {
    const t = tempDir('sp-missing-esc-');
    try {
      fs.writeFileSync(path.join(t.dir, 'stackpilot.yaml'), 'services:\n  a: { argv: ["\\e[2J\\e]0;pwned\\a"] }\n');
      const loaded = await loadStackFromDisk({ root: t.dir, env: process.env });
      assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
      const [d] = missingPrograms(loaded.config, ['a'], process.env);
      assert.match(d.message, /runs `<U\+001B>\[2J<U\+001B>\]0;pwned<U\+0007>`/);
    } finally {
      t.remove();
    }
  });

  it('bare names on PATH, paths relative to cwd; shell commands and found programs pass', async () => {
    const t = tempDir('sp-missing-');
    try {
      fs.mkdirSync(path.join(t.dir, 'bin'));
      fs.writeFileSync(path.join(t.dir, 'bin', 'run'), '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(path.join(t.dir, 'bin', 'data'), 'not executable', { mode: 0o644 });
      fs.writeFileSync(
        path.join(t.dir, 'stackpilot.yaml'),
        [
          'services:',
          '  a: { command: nosuchprog --x }',
          '  b: { argv: [./bin/run] }',
          '  c: { argv: [./bin/data] }',
          '  d: { command: node -e 1 }',
          '  e: { command: "nosuch | cat", shell: true }',
          '  f: { command: run, env: { PATH: bin } }',
          '',
        ].join('\n'),
      );
      const loaded = await loadStackFromDisk({ root: t.dir, env: process.env });
      assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
      const found = missingPrograms(loaded.config, Object.keys(loaded.config.services), process.env);
      assert.deepEqual(
        found.map((d) => [d.code, d.severity, d.location.line, /`(\w)` runs/.exec(d.message)?.[1]]),
        [
          ['command-not-found', 'warning', 2, 'a'],
          ['command-not-found', 'warning', 4, 'c'],
        ],
      );
      assert.match(found[1].message, /looked for .*\/bin\/data/);
    } finally {
      t.remove();
    }
  });
});
