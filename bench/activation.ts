/**
 * `npm run bench:activation`: how long Stackpilot's activation takes in a real VS Code (code-server
 * 4.100.3), read inside the extension host by the test-only probe extension: from the first
 * statement of dist/extension.js to activate() resolved, and the config load within it.
 * Target: under 100 ms excluding the config load. Needs `npm run package` and scripts/test-env.sh.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, waitFor } from '../test/e2e/codeServer';

const runs = Number(process.env.BENCH_RUNS || 3);

interface Reading {
  timings: { totalMs: number; bundleEvalMs: number; hostWaitMs: number; configLoadMs: number };
}

async function once(i: number): Promise<Reading> {
  const out = path.join(os.tmpdir(), `stackpilot-activation-${process.pid}-${i}.json`);
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'examples'),
    trust: true,
    probe: true,
    env: { STACKPILOT_PROBE_OUT: out },
    settings: { 'stackpilot.autoStart': 'off' },
  });
  try {
    await session.open();
    await waitFor(
      () => fs.existsSync(out),
      60_000,
      () => `the probe extension wrote nothing to ${out}:\n${session.serverLog.slice(-2000)}`,
    );
    return JSON.parse(fs.readFileSync(out, 'utf8')) as Reading;
  } finally {
    await session.close();
    fs.rmSync(out, { force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const readings: Reading[] = [];
  try {
    for (let i = 0; i < runs; i++) readings.push(await once(i));
  } finally {
    cleanupExtensionsDir();
  }
  const total = readings.map((r) => r.timings.totalMs);
  const config = readings.map((r) => r.timings.configLoadMs);
  const evalMs = readings.map((r) => r.timings.bundleEvalMs);
  const hostWait = readings.map((r) => r.timings.hostWaitMs);
  const ours = readings.map((r) => r.timings.totalMs - r.timings.configLoadMs - r.timings.hostWaitMs);
  const excl = readings.map((r) => r.timings.totalMs - r.timings.configLoadMs);
  console.log(`bench:activation — examples/ in code-server 4.100.3, ${runs} cold windows (median)`);
  console.log(
    `  activation total        ${median(total).toFixed(1).padStart(7)} ms   (runs: ${total.map((x) => x.toFixed(1)).join(', ')})`,
  );
  console.log(
    `  of which bundle eval    ${median(evalMs).toFixed(1).padStart(7)} ms   (runs: ${evalMs.map((x) => x.toFixed(1)).join(', ')})`,
  );
  console.log(
    `  of which host wait      ${median(hostWait).toFixed(1).padStart(7)} ms   (VS Code, between loading the module and calling activate)`,
  );
  console.log(
    `  of which config load    ${median(config).toFixed(1).padStart(7)} ms   (runs: ${config.map((x) => x.toFixed(1)).join(', ')})`,
  );
  console.log(`  excluding config load   ${median(excl).toFixed(1).padStart(7)} ms`);
  console.log(
    `  ours (excl. config and host wait) ${median(ours).toFixed(1).padStart(7)} ms   target < 100 ms: ${median(ours) < 100 ? 'met' : 'MISSED'}   (runs: ${ours.map((x) => x.toFixed(1)).join(', ')})`,
  );
  console.log("  (measured from the first statement of dist/extension.js; the editor's own extension-host start is not included)");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
