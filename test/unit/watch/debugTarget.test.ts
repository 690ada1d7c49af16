import { strict as assert } from 'node:assert';
import type { ProcessService, ServiceSpec } from '../../../src/core/config/model';
import { launchJsonEntry, nodeAttachConfig } from '../../../src/core/debug/debugConfigurations';
import { debugTarget, inspectorPort, nodeOptionsWithInspector, programOf } from '../../../src/core/debug/debugTarget';
import { debugpyPort } from '../../../src/infra/debug/debugpySite';

const base = {
  location: { file: '/p/stackpilot.yaml', line: 1, column: 1 },
  dependsOn: [],
  restart: { policy: 'no' as const, backoffInitial: 1, backoffMax: 1, crashLoopCount: 5, crashLoopWindow: 1 },
  ports: [],
  profiles: [],
  environment: {},
  stopGracePeriod: 1,
  extensions: {},
};
const proc = (name: string, over: Partial<ProcessService>): ProcessService => ({
  ...base,
  name,
  kind: 'process',
  shell: false,
  cwd: '/p/api',
  envFiles: [],
  ...over,
});

describe('Debug Service: which services, and how', () => {
  it('recognises Node.js and Python programs, and says why others cannot be debugged', () => {
    assert.equal(debugTarget(proc('a', { argv: ['node', 'server.js'] })).runtime, 'node');
    assert.equal(debugTarget(proc('a', { argv: ['/usr/bin/npm', 'run', 'dev'] })).runtime, 'node');
    assert.equal(debugTarget(proc('a', { command: 'PORT=1 npx tsx src/main.ts', shell: true })).runtime, 'node');
    assert.equal(debugTarget(proc('a', { argv: ['python3', 'app.py'] })).runtime, 'python');
    const go = debugTarget(proc('a', { argv: ['go', 'run', '.'] }));
    assert.equal(go.runtime, undefined);
    assert.match((go as { why: string }).why, /Go .*Delve/);
    const docker = debugTarget({ ...base, name: 'db', kind: 'docker', image: 'redis', volumes: [], labels: {} } as ServiceSpec);
    assert.match((docker as { why: string }).why, /is a container/);
    assert.match((debugTarget({ ...base, name: 'x', kind: 'external' }) as { why: string }).why, /external/);
    assert.equal(programOf(proc('a', { command: 'FOO=1 BAR=2 node x.js', shell: true })), 'node');
  });

  it('puts the inspector on a free loopback port, replacing an --inspect already in NODE_OPTIONS', () => {
    assert.equal(nodeOptionsWithInspector(undefined), '--inspect=127.0.0.1:0');
    assert.equal(
      nodeOptionsWithInspector('--max-old-space-size=512 --inspect=0.0.0.0:9229'),
      '--max-old-space-size=512 --inspect=127.0.0.1:0',
    );
    assert.equal(nodeOptionsWithInspector('--inspect-brk'), '--inspect=127.0.0.1:0');
  });

  it('reads the port from the announcement, and only from a loopback one', () => {
    assert.equal(inspectorPort('Debugger listening on ws://127.0.0.1:40123/5a1b-77'), 40123);
    assert.equal(inspectorPort('Debugger listening on ws://10.0.0.5:40123/x'), undefined);
    assert.equal(inspectorPort('GET /health'), undefined);
    assert.equal(debugpyPort('Stackpilot debugpy listening on 127.0.0.1:5678'), 5678);
  });

  it('attach and launch.json configurations carry cwd and source maps, never env file values', () => {
    const spec = proc('api', { argv: ['node', 'services/http-api.js'], cwd: '/p', environment: { PORT: '38080' }, envFiles: ['/p/.env'] });
    const attach = nodeAttachConfig(spec, 40000, 1);
    assert.deepEqual([attach.type, attach.request, attach.port, attach.cwd, attach.sourceMaps], ['node', 'attach', 40000, '/p', true]);
    const launch = launchJsonEntry(spec, 'node', '/p');
    assert.deepEqual(launch, {
      type: 'node',
      request: 'launch',
      name: 'api (Stackpilot)',
      cwd: '${workspaceFolder}',
      runtimeExecutable: 'node',
      runtimeArgs: ['services/http-api.js'],
      env: { PORT: '38080' },
      envFile: '${workspaceFolder}/.env',
      sourceMaps: true,
      skipFiles: ['<node_internals>/**'],
      console: 'integratedTerminal',
    });
  });
});
