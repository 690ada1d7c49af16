import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Python services get debugpy without changing their command: a `sitecustomize.py` on PYTHONPATH
 * (in the stack's run folder) starts `debugpy.listen` on a free loopback port and prints it. A
 * Python without debugpy prints why instead, and runs as usual.
 */
const SITE = `# Written by Stackpilot's Debug Service; safe to delete.
import os, sys
# Once per process tree: debugpy.listen starts its adapter as a Python child that inherits this
# PYTHONPATH, and without the mark it would listen (and start an adapter) again, without end.
# debugpy follows the service's own child processes itself.
if not os.environ.get("STACKPILOT_DEBUGPY"):
    os.environ["STACKPILOT_DEBUGPY"] = str(os.getpid())
    try:
        import debugpy
        _host, _port = debugpy.listen(("127.0.0.1", 0))
        sys.stderr.write("Stackpilot debugpy listening on 127.0.0.1:%d\\n" % _port)
        sys.stderr.flush()
    except Exception as _e:
        sys.stderr.write("Stackpilot: cannot debug: %s (pip install debugpy)\\n" % _e)
`;

export function pythonDebugEnv(runDir: string, existingPath: string | undefined): Record<string, string> {
  const dir = join(runDir, 'debugpy');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'sitecustomize.py'), SITE, { mode: 0o600 });
  const path = [dir, existingPath ?? process.env.PYTHONPATH].filter(Boolean).join(':');
  // A service already started under this mark (a restart of a debugged one) must listen again.
  // PYDEVD_DISABLE_FILE_VALIDATION: Python 3.11's frozen-module warning, printed by every debugged process, into the service's log.
  return { PYTHONPATH: path, STACKPILOT_DEBUGPY: '', PYDEVD_DISABLE_FILE_VALIDATION: '1' };
}

export function debugpyPort(line: string): number | undefined {
  const m = /^Stackpilot debugpy listening on 127\.0\.0\.1:(\d{1,5})$/.exec(line.trim());
  const port = m ? Number(m[1]) : undefined;
  return port && port < 65536 ? port : undefined;
}
