/**
 * Debug Service for Python, below the editor: a real Python HTTP server (Debian's python3 with its
 * python3-debugpy package) started with the environment Debug Service gives a Python service
 * (`pythonDebugEnv`: Stackpilot's sitecustomize.py on PYTHONPATH). Its stderr announces the port
 * (`debugpyPort` reads it), and a Debug Adapter Protocol client speaking to that port as VS Code's
 * Python debugger does — initialize, attach, a breakpoint in the request handler, configurationDone —
 * sees the breakpoint hit when a request comes, continues, and the request is answered. What this
 * does not run: VS Code's Python extension (ms-python.debugpy), which is not in code-server here.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { debugpyPort, pythonDebugEnv } from '../../src/infra/debug/debugpySite';
import { freePort, tempDir, waitFor } from './testKit';

const PYTHON = '/usr/bin/python3';

/** A minimal DAP client: Content-Length framing, requests by seq, events collected. */
class DapClient {
  private buf = Buffer.alloc(0);
  private seq = 1;
  private readonly waiting = new Map<number, (m: DapMessage) => void>();
  readonly events: DapMessage[] = [];
  constructor(private readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const head = this.buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString())?.[1]);
        if (this.buf.length < head + 4 + len) return;
        const msg = JSON.parse(this.buf.subarray(head + 4, head + 4 + len).toString()) as DapMessage;
        this.buf = this.buf.subarray(head + 4 + len);
        if (msg.type === 'response') this.waiting.get(msg.request_seq!)?.(msg);
        else if (msg.type === 'event') this.events.push(msg);
      }
    });
  }
  send(command: string, args: unknown = {}): Promise<DapMessage> {
    const seq = this.seq++;
    const body = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return new Promise((resolve) => this.waiting.set(seq, resolve));
  }
  async event(name: string, timeoutMs: number): Promise<DapMessage> {
    return waitFor(`DAP event ${name}`, () => this.events.find((e) => e.event === name), timeoutMs);
  }
}
interface DapMessage {
  type: string;
  event?: string;
  command?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: Record<string, unknown>;
}

const SERVER = `import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello from python"  # BREAKPOINT
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
print("ready", flush=True)
s.serve_forever()
`;

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let body = '';
        res.on('data', (d) => (body += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('Debug Service for Python: debugpy through Stackpilot’s sitecustomize (real python3 + python3-debugpy)', function () {
  this.timeout(120_000);
  let proc: ChildProcess | undefined;
  let socket: net.Socket | undefined;
  const t = tempDir('sp-debugpy-');
  before(function () {
    if (spawnSync(PYTHON, ['-c', 'import debugpy'], { stdio: 'ignore' }).status !== 0) {
      console.log(`      skipped: ${PYTHON} cannot import debugpy (scripts/test-env.sh installs python3-debugpy)`);
      this.skip();
    }
  });
  after(() => {
    socket?.destroy();
    // debugpy.listen starts its adapter as a child: the whole group goes.
    if (proc?.pid) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    t.remove();
  });

  it('announces its port, and a DAP client attaching there stops at a breakpoint in the request handler, then continues', async () => {
    const script = path.join(t.dir, 'server.py');
    fs.writeFileSync(script, SERVER);
    const line = SERVER.split('\n').findIndex((l) => l.includes('# BREAKPOINT')) + 1;
    const httpPort = await freePort();
    const env = { ...process.env, ...pythonDebugEnv(path.join(t.dir, '.stackpilot'), undefined) };
    proc = spawn(PYTHON, [script, String(httpPort)], { cwd: t.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    proc.stderr!.on('data', (d) => (err += String(d)));
    proc.stdout!.on('data', (d) => (out += String(d)));
    const port = () =>
      err
        .split('\n')
        .map(debugpyPort)
        .find((p) => p !== undefined);
    await waitFor('the server and its debugpy port', () => port() !== undefined && out.includes('ready'), 30_000).catch(() => {
      throw new Error(`no debugpy port announced; stderr:\n${err}`);
    });
    assert.equal((fs.statSync(path.join(t.dir, '.stackpilot', 'debugpy', 'sitecustomize.py')).mode & 0o077) === 0, true);

    socket = net.connect(port()!, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket!.once('connect', resolve).once('error', reject));
    const dap = new DapClient(socket);
    const init = await dap.send('initialize', {
      clientID: 'vscode',
      adapterID: 'debugpy',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    assert.equal(init.success, true, init.message);
    const attached = dap.send('attach', { justMyCode: false });
    await dap.event('initialized', 30_000);
    const bp = await dap.send('setBreakpoints', { source: { path: script }, breakpoints: [{ line }] });
    assert.equal(bp.success, true, bp.message);
    await dap.send('configurationDone');
    assert.equal((await attached).success, true);

    const answer = get(httpPort);
    const stopped = await dap.event('stopped', 30_000);
    assert.equal(stopped.body?.reason, 'breakpoint');
    const threadId = stopped.body?.threadId as number;
    const trace = await dap.send('stackTrace', { threadId, levels: 1 });
    const frame = (trace.body?.stackFrames as { line: number; source: { path: string } }[])[0];
    assert.equal(frame.line, line);
    assert.equal(fs.realpathSync(frame.source.path), fs.realpathSync(script));
    await dap.send('continue', { threadId });
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal(res.body, 'hello from python');
    await dap.send('disconnect', { terminateDebuggee: false });
  });
});
