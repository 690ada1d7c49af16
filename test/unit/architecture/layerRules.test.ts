/**
 * The layer rules of eslint.config.mjs really fail: each line below that breaks a layer is linted
 * as if it were written in that layer (ESLint's own API, the repository's own config, no file on
 * disk), and must get an error; each line that a layer may write must lint clean. A rule that a
 * refactor of the config silently turns off fails here, not in review.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

type Case = [code: string, why: string];

/** Lines each layer must not write. */
const FORBIDDEN: Record<string, Case[]> = {
  'src/core/config/zzProbe.ts': [
    ["import * as fs from 'node:fs';", 'node:fs'],
    ["import { readFileSync } from 'fs';", 'fs without node:'],
    ["import { readFile } from 'node:fs/promises';", 'fs/promises'],
    ["import { spawn } from 'child_process';", 'child_process'],
    ["import { createServer } from 'node:net';", 'net'],
    ["import { homedir } from 'os';", 'os'],
    ["import { Worker } from 'node:worker_threads';", 'worker_threads'],
    ["import * as sqlite from 'node:sqlite';", 'a node: module newer than the list'],
    ["import Docker from 'dockerode';", 'dockerode'],
    ["import x from 'dockerode/lib/docker';", 'a deep import of dockerode'],
    ["import axios from 'axios';", 'axios'],
    ["import * as prom from 'prom-client';", 'prom-client'],
    ["import * as vscode from 'vscode';", 'vscode'],
    ["import type { Uri } from 'vscode';", 'a type from vscode'],
    ["export const f = () => import('node:child_process');", 'a dynamic import of child_process'],
    ["export const f = () => import('fs');", 'a dynamic import of fs'],
    ['export const f = (m: string) => import(m);', 'a dynamic import nobody can check'],
    ["export const f = () => require('child_process');", 'require of child_process'],
    ['export const home = process.env.HOME;', 'process.env'],
    ['export const pid = globalThis.process.pid;', 'globalThis.process'],
    ["import { readRunFile } from '../../infra/state/readRunFile';", 'src/infra'],
    ["import { DashboardPanel } from '../../vscode/dashboard/DashboardPanel';", 'src/vscode'],
    ["import { parseArgs } from '../../cli/args';", 'src/cli'],
    ["import { formatAge } from '../../webview/formatAge';", 'src/webview'],
    ["import { activate } from '../../extension';", 'src/extension.ts'],
  ],
  'src/shared/zzProbe.ts': [
    ["import type { ServiceStatus } from '../core/engine/state';", 'src/core (shared is the bottom layer)'],
    ["import * as fs from 'node:fs';", 'node:fs'],
    ["import * as vscode from 'vscode';", 'vscode'],
    ['export const cwd = process.cwd();', 'process'],
  ],
  'src/webview/zzProbe.ts': [
    ["import { isUp } from '../core/status/serviceStates';", 'src/core'],
    ["import { readRunFile } from '../infra/state/readRunFile';", 'src/infra'],
    ["import { parseArgs } from '../cli/args';", 'src/cli'],
    ["import { DashboardPanel } from '../vscode/dashboard/DashboardPanel';", 'src/vscode'],
    ["import * as vscode from 'vscode';", 'vscode'],
    ["import * as fs from 'node:fs';", 'node:fs'],
    ['export const env = process.env;', 'process'],
  ],
  'src/infra/state/zzProbe.ts': [
    ["import * as vscode from 'vscode';", 'vscode'],
    ["import { DashboardPanel } from '../../vscode/dashboard/DashboardPanel';", 'src/vscode'],
    ["import { parseArgs } from '../../cli/args';", 'src/cli'],
    ["import { formatAge } from '../../webview/formatAge';", 'src/webview'],
  ],
  'src/cli/commands/zzProbe.ts': [
    ["import * as vscode from 'vscode';", 'vscode'],
    ["import { DashboardPanel } from '../../vscode/dashboard/DashboardPanel';", 'src/vscode'],
  ],
};

/** Lines each layer may write: the rules must not be so broad that the tree could not pass them. */
const ALLOWED: Record<string, Case[]> = {
  'src/core/config/zzProbe.ts': [
    ["import { posix } from 'node:path';", 'node:path'],
    ["import { createHash } from 'node:crypto';", 'node:crypto'],
    ["import * as Yaml from 'yaml';", 'yaml'],
    ["import { STATE_TABLE } from '../../shared/stateTable';", 'src/shared'],
    ["import type { StackConfig } from './model';", 'its own layer'],
    ["import type { ServiceStatus } from '../engine/state';", 'its own layer'],
  ],
  'src/shared/zzProbe.ts': [["import { STATE_TABLE } from './stateTable';", 'its own layer']],
  'src/webview/zzProbe.ts': [
    ["import type { CardModel } from '../shared/protocol';", 'src/shared'],
    ["import { formatAge } from './formatAge';", 'its own files'],
  ],
  'src/infra/state/zzProbe.ts': [
    ["import * as fs from 'node:fs';", 'node:fs'],
    ["import Docker from 'dockerode';", 'dockerode'],
    ["import { isUp } from '../../core/status/serviceStates';", 'src/core'],
  ],
  'src/cli/commands/zzProbe.ts': [["import { readRunFile } from '../../infra/state/readRunFile';", 'src/infra']],
};

describe('the layer rules (eslint.config.mjs) fail on a violation', function () {
  this.timeout(120_000);
  let eslint: ESLint;

  before(() => {
    // Only the layer rules, without type information: the linted text is not a file of the project.
    eslint = new ESLint({
      cwd: root,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { project: null, projectService: false } } }],
      ruleFilter: ({ ruleId }) => ruleId.startsWith('no-restricted-'),
    });
  });

  const errorsOf = async (file: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
    return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
  };

  for (const [file, cases] of Object.entries(FORBIDDEN)) {
    const layer = file.split('/').slice(0, 2).join('/');
    it(`${layer} may not: ${cases.map(([, why]) => why).join(', ')}`, async () => {
      const clean: string[] = [];
      for (const [code, why] of cases) {
        const errors = await errorsOf(file, code);
        if (!errors.some((e) => e.startsWith('no-restricted-'))) clean.push(`${why}: \`${code}\` ${errors.join('; ')}`);
      }
      assert.deepEqual(clean, [], `these lines lint clean in ${layer}`);
    });
  }

  for (const [file, cases] of Object.entries(ALLOWED)) {
    const layer = file.split('/').slice(0, 2).join('/');
    it(`${layer} may: ${cases.map(([, why]) => why).join(', ')}`, async () => {
      const flagged: string[] = [];
      for (const [code, why] of cases) {
        const errors = await errorsOf(file, code);
        if (errors.length) flagged.push(`${why}: \`${code}\` ${errors.join('; ')}`);
      }
      assert.deepEqual(flagged, [], `these lines are refused in ${layer}`);
    });
  }
});
