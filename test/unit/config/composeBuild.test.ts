import { strict as assert } from 'node:assert';
import type { DockerService } from '../../../src/core/config/model';
import { load, only, pos, ROOT } from './loadHelpers';
import { at } from './memoryFs';

const errors = (r: Awaited<ReturnType<typeof load>>) => r.diagnostics.filter((d) => d.severity === 'error');

describe('compose build: at validate', () => {
  it('args, target and other unsupported build keys are warnings at the key; the build still uses context and dockerfile', async () => {
    const text = [
      'services:',
      '  web:',
      '    build:',
      '      context: ./web',
      '      dockerfile: Dockerfile.dev',
      '      target: prod',
      '      args: { VERSION: "1" }',
      '',
    ].join('\n');
    const r = await load({ 'compose.yaml': text, 'web/Dockerfile.dev': 'FROM x\n' });
    assert.deepEqual(errors(r), []);
    const warnings = r.diagnostics.filter((d) => d.code === 'unsupported');
    assert.deepEqual(
      warnings.map((d) => [d.severity, pos(d)]),
      [
        ['warning', at(text, 6, 'target')],
        ['warning', at(text, 7, 'args')],
      ],
    );
    assert.match(warnings[0].message, /`build\.target` in `web` is not supported yet and is ignored/);
    assert.deepEqual((r.config!.services.web as DockerService).build, { context: `${ROOT}/web`, dockerfile: 'Dockerfile.dev' });
  });

  it('an unknown build key is an error with a did-you-mean', async () => {
    const text = 'services:\n  web:\n    build: { context: ., dockerfiel: D }\n';
    const d = only(await load({ 'compose.yaml': text }), 'unknown-key');
    assert.equal(d.severity, 'error');
    assert.deepEqual(pos(d), at(text, 3, 'dockerfiel'));
    assert.match(d.message, /Did you mean `dockerfile`\?/);
  });

  it('a missing context folder is an error at the path, in both forms', async () => {
    const short = 'services:\n  web:\n    build: ./nope\n';
    let d = only(await load({ 'compose.yaml': short }), 'missing-build-context');
    assert.equal(d.severity, 'error');
    assert.deepEqual(pos(d), at(short, 3, './nope'));
    assert.match(d.message, new RegExp(`build context of \`web\`, ${ROOT}/nope, is not a folder that exists`));
    const long = 'services:\n  web:\n    build:\n      context: gone\n';
    d = only(await load({ 'compose.yaml': long }), 'missing-build-context');
    assert.deepEqual(pos(d), at(long, 4, 'gone'));
    // A file is not a folder.
    assert.equal(only(await load({ 'compose.yaml': short, nope: 'a file' }), 'missing-build-context').severity, 'error');
    assert.deepEqual(errors(await load({ 'compose.yaml': short, 'nope/Dockerfile': 'FROM x\n' })), []);
  });

  it('a build: that is neither a folder nor a map says what is expected (and not "has neither image nor build")', async () => {
    const text = 'services:\n  web:\n    build: 7\n';
    const r = await load({ 'compose.yaml': text });
    const d = only(r, 'wrong-type');
    assert.deepEqual(pos(d), at(text, 3, '7'));
    assert.match(d.message, /`services\.web\.build` must be a build context folder \(`build: \.\/app`\) or a map like .*, got number 7\./);
    assert.equal(r.diagnostics.filter((x) => x.code === 'no-image').length, 0);
    assert.equal(r.config, undefined);
  });

  it('a URL context is an error: not supported yet', async () => {
    const text = 'services:\n  web:\n    build: https://github.com/acme/web.git#main\n';
    const d = only(await load({ 'compose.yaml': text }), 'unsupported');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /builds from a URL .* not supported yet/);
  });
});
